package io.promsdk.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Label values to child, for the hot path: a lookup that hits allocates nothing and takes no lock.
 *
 * <p>Open addressing with linear probing, load factor at most one half. Inserts and removals are
 * rare and serialize on {@code this}; an insert stores into the live slot array (readers see either
 * null or a complete entry, because every field of an entry is final) and copies the arrays only
 * on growth; a removal publishes fresh arrays. A second array keeps
 * insertion order so that scrapes list series in the order they appeared.
 */
final class ChildTable<C> {
  private static final int INITIAL_SLOTS = 8;

  static final class Entry<C> {
    final int hash;
    final String[] values;
    final C child;

    Entry(int hash, String[] values, C child) {
      this.hash = hash;
      this.values = values;
      this.child = child;
    }
  }

  private volatile Entry<C>[] slots = newArray(INITIAL_SLOTS);
  private volatile Entry<C>[] ordered = newArray(INITIAL_SLOTS);
  private volatile int size;

  @SuppressWarnings("unchecked")
  private static <C> Entry<C>[] newArray(int n) {
    return (Entry<C>[]) new Entry<?>[n];
  }

  static int hash(String v0) {
    return spread(v0.hashCode());
  }

  static int hash(String v0, String v1) {
    return spread(31 * v0.hashCode() + v1.hashCode());
  }

  static int hash(String v0, String v1, String v2) {
    return spread(31 * (31 * v0.hashCode() + v1.hashCode()) + v2.hashCode());
  }

  static int hash(String[] values) {
    int h = 0;
    for (String v : values) {
      h = 31 * h + v.hashCode();
    }
    return spread(h);
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  C get(int hash, String v0) {
    Entry<C>[] t = slots;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Entry<C> e = t[i];
      if (e == null) {
        return null;
      }
      if (e.hash == hash && v0.equals(e.values[0])) {
        return e.child;
      }
    }
  }

  C get(int hash, String v0, String v1) {
    Entry<C>[] t = slots;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Entry<C> e = t[i];
      if (e == null) {
        return null;
      }
      if (e.hash == hash && v0.equals(e.values[0]) && v1.equals(e.values[1])) {
        return e.child;
      }
    }
  }

  C get(int hash, String v0, String v1, String v2) {
    Entry<C>[] t = slots;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Entry<C> e = t[i];
      if (e == null) {
        return null;
      }
      if (e.hash == hash && v0.equals(e.values[0]) && v1.equals(e.values[1]) && v2.equals(e.values[2])) {
        return e.child;
      }
    }
  }

  C get(int hash, String[] values) {
    Entry<C>[] t = slots;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Entry<C> e = t[i];
      if (e == null) {
        return null;
      }
      if (e.hash == hash && Arrays.equals(values, e.values)) {
        return e.child;
      }
    }
  }

  /** The child for {@code values}, created by {@code factory} (outside any reader's path) if absent. */
  synchronized C getOrCreate(int hash, String[] values, Function<String[], C> factory) {
    C existing = get(hash, values);
    if (existing != null) {
      return existing;
    }
    String[] key = values.clone();
    Entry<C> entry = new Entry<>(hash, key, factory.apply(key));
    int n = size;
    Entry<C>[] t = slots;
    if ((n + 1) * 2 > t.length) {
      t = rehash(t.length * 2, ordered, n);
    }
    insert(t, entry);
    slots = t; // publishes the entry to readers (volatile write after the plain array store)
    Entry<C>[] o = ordered;
    if (n == o.length) {
      o = Arrays.copyOf(o, n * 2);
    }
    o[n] = entry;
    ordered = o;
    size = n + 1;
    return entry.child;
  }

  private static <C> void insert(Entry<C>[] t, Entry<C> e) {
    int mask = t.length - 1;
    int i = e.hash & mask;
    while (t[i] != null) {
      i = (i + 1) & mask;
    }
    t[i] = e;
  }

  private static <C> Entry<C>[] rehash(int capacity, Entry<C>[] entries, int count) {
    Entry<C>[] t = newArray(capacity);
    for (int i = 0; i < count; i++) {
      insert(t, entries[i]);
    }
    return t;
  }

  /** Removes the children whose label values {@code filter} accepts; returns how many. */
  synchronized int removeIf(Predicate<String[]> filter) {
    Entry<C>[] o = ordered;
    int n = size;
    Entry<C>[] kept = newArray(Math.max(INITIAL_SLOTS, o.length));
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (!filter.test(o[i].values.clone())) {
        kept[k++] = o[i];
      }
    }
    if (k == n) {
      return 0;
    }
    int capacity = INITIAL_SLOTS;
    while (capacity < 2 * k) {
      capacity *= 2;
    }
    slots = rehash(capacity, kept, k);
    ordered = kept;
    size = k;
    return n - k;
  }

  /** The children in insertion order, as of now. */
  List<C> children() {
    int n = size; // read before the array: every entry below n is in any array published since
    Entry<C>[] o = ordered;
    n = Math.min(n, o.length);
    List<C> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Entry<C> e = o[i];
      if (e != null) {
        result.add(e.child);
      }
    }
    return result;
  }
}
