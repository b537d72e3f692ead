package io.promsdk.core.metrics;

import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.LabelRenderer;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Label values to child, for the hot path: a lookup that hits allocates nothing and takes no lock.
 *
 * <p>Open addressing with linear probing, load factor at most one half, storing the children
 * themselves. Inserts and removals are rare and serialize on {@code this}; an insert stores into the
 * live slot array (readers see either null or a complete child, whose label fields are final) and
 * copies the arrays only on growth; a removal publishes fresh arrays. A second array keeps insertion
 * order so that scrapes list series in the order they appeared.
 *
 * <p>The table enforces a metric's cardinality limit where it inserts, under its lock: every child
 * counts against the limit but one, the overflow series ({@link #countedSize()} reads the count
 * without the lock, for the lock-free refusal of a lookup past the limit). Its lock is also the
 * lock of the expiry protocol's state changes ({@link IdleExpiry}).
 *
 * <p>It also holds the label renderings a writer keeps for its children, in their order ({@link
 * KeptLabels}, which lists the invariants): inserts append to them, a removal drops them.
 *
 * @param <C> the child type
 */
final class ChildTable<C extends LabelledChild> {
  private static final int INITIAL_SLOTS = 8;
  private static final VarHandle KEPT_LABELS;

  static {
    try {
      KEPT_LABELS = MethodHandles.lookup().findVarHandle(ChildTable.class, "keptLabels", KeptLabels.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile LabelledChild[] slots = new LabelledChild[INITIAL_SLOTS];
  private volatile LabelledChild[] ordered = new LabelledChild[INITIAL_SLOTS];
  private volatile int size;
  /** The one child that does not count against the cardinality limit (the overflow series), or null. */
  private volatile LabelledChild uncountedChild;
  /**
   * The label renderings a writer keeps for these children, which also tell the generation of
   * {@link #ordered}: a removal starts a new one (the children move), an insert does not (it
   * appends). A removal first stores an empty object of an odd generation, moves the children,
   * then stores one of the next even generation; renderings are made for and replace (by CAS) the
   * object of their generation, so a stale scrape's never replaces a newer generation's. One field
   * for both, so that a table is no larger than without them. See {@link KeptLabels}.
   */
  private volatile KeptLabels keptLabels = KeptLabels.FIRST;

  /** Creates a child for the given variable label values and their hash. */
  interface Factory<C> {
    C create(String[] values, int hash);
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

  @SuppressWarnings("unchecked")
  C get(int hash, String v0) {
    LabelledChild[] t = slots;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      LabelledChild c = t[i];
      if (c == null) {
        return null;
      }
      if (c.labelHash == hash && same(v0, c.value0)) {
        return (C) c;
      }
    }
  }

  @SuppressWarnings("unchecked")
  C get(int hash, String v0, String v1) {
    LabelledChild[] t = slots;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      LabelledChild c = t[i];
      if (c == null) {
        return null;
      }
      if (c.labelHash == hash && same(v0, c.value0) && same(v1, c.value1)) {
        return (C) c;
      }
    }
  }

  @SuppressWarnings("unchecked")
  C get(int hash, String v0, String v1, String v2) {
    LabelledChild[] t = slots;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      LabelledChild c = t[i];
      if (c == null) {
        return null;
      }
      if (c.labelHash == hash && same(v0, c.value0)
          && same(v1, c.value1) && same(v2, c.moreValues[0])) {
        return (C) c;
      }
    }
  }

  @SuppressWarnings("unchecked")
  C get(int hash, String[] values) {
    LabelledChild[] t = slots;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      LabelledChild c = t[i];
      if (c == null) {
        return null;
      }
      if (c.labelHash == hash && matches(c, values)) {
        return (C) c;
      }
    }
  }

  /**
   * Callers usually pass the very strings (constants, cached values) their series were created
   * with. Testing identity here, not only inside String.equals, gives the JIT a branch profile of
   * our own: String.equals' is shared by the whole JVM, so its inlined compare loop would bloat
   * the lookup past the size the JIT inlines into callers.
   */
  private static boolean same(String value, String existing) {
    return value == existing || value.equals(existing);
  }

  private boolean matches(LabelledChild c, String[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!same(values[i], c.value(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The child for {@code values}, created by {@code factory} if absent and fewer than {@code limit}
   * children are counted; null if the limit refuses it. {@code uncounted}: whether the new child
   * (at most one: the overflow series) does not count against the limit.
   */
  synchronized C getOrCreate(int hash, String[] values, Factory<C> factory, int limit, boolean uncounted) {
    C existing = get(hash, values);
    if (existing != null) {
      return existing;
    }
    if (uncounted ? uncountedChild != null : countedSize() >= limit) {
      return null;
    }
    C child = factory.create(values, hash);
    int n = size;
    LabelledChild[] t = slots;
    if ((n + 1) * 2 > t.length) {
      t = rehash(t.length * 2, ordered, n);
    }
    insert(t, child);
    slots = t; // publishes the child to readers (volatile write after the plain array store)
    LabelledChild[] o = ordered;
    if (n == o.length) {
      o = Arrays.copyOf(o, n * 2);
    }
    o[n] = child;
    ordered = o;
    if (uncounted) {
      uncountedChild = child;
    }
    size = n + 1;
    return child;
  }

  /** How many children count against a limit: all but the overflow series. Reads without a lock. */
  int countedSize() {
    return size - (uncountedChild != null ? 1 : 0);
  }

  private static void insert(LabelledChild[] t, LabelledChild c) {
    int mask = t.length - 1;
    int i = c.labelHash & mask;
    while (t[i] != null) {
      i = (i + 1) & mask;
    }
    t[i] = c;
  }

  private static LabelledChild[] rehash(int capacity, LabelledChild[] children, int count) {
    LabelledChild[] t = new LabelledChild[capacity];
    for (int i = 0; i < count; i++) {
      insert(t, children[i]);
    }
    return t;
  }

  /** Removes the children whose variable label values {@code filter} accepts; returns how many. */
  int removeIf(Predicate<String[]> filter) {
    return removeChildren(c -> filter.test(c.values()));
  }

  /**
   * Removes the children {@code filter} accepts, testing each once under this table's lock (the
   * expiry sweep changes their state there); returns how many. Allocates only if one is removed.
   */
  synchronized int removeChildren(Predicate<LabelledChild> filter) {
    LabelledChild[] o = ordered;
    int n = size;
    LabelledChild[] kept = null;
    int k = 0;
    for (int i = 0; i < n; i++) {
      boolean remove = filter.test(o[i]);
      if (remove && kept == null) {
        kept = new LabelledChild[Math.max(INITIAL_SLOTS, o.length)];
        System.arraycopy(o, 0, kept, 0, i);
        k = i;
      } else if (!remove && kept != null) {
        kept[k++] = o[i];
      }
      if (remove && o[i] == uncountedChild) {
        uncountedChild = null;
      }
    }
    if (kept == null) {
      return 0;
    }
    // As a seqlock: an odd generation while the children move, the next even one after. A visit
    // that read the same even generation before and after reading the order read its order.
    int g = keptLabels.generation;
    keptLabels = KeptLabels.none(g + 1);
    int capacity = INITIAL_SLOTS;
    while (capacity < 2 * k) {
      capacity *= 2;
    }
    slots = rehash(capacity, kept, k);
    ordered = kept;
    size = k;
    keptLabels = KeptLabels.none(g + 2);
    return n - k;
  }

  /**
   * Reads every child, in insertion order as of now, into {@code cursor} for {@code visitor}; the
   * cursor offers the visitor the label renderings kept for these children.
   */
  @SuppressWarnings("unchecked")
  void forEach(LabelledMetric<C> owner, LiveDataPoint cursor, DataPointVisitor visitor) throws IOException {
    KeptLabels before = keptLabels;
    int n = size; // read before the array: every child below n is in any array published since
    LabelledChild[] o = ordered;
    n = Math.min(n, o.length);
    // The same even generation before and after reading the order: no removal in between, so
    // index i is the child the renderings of that generation have at i (see KeptLabels).
    int g = before.generation;
    cursor.keepLabelsOf((g & 1) == 0 && keptLabels.generation == g ? this : null, g);
    try {
      for (int i = 0; i < n; i++) {
        LabelledChild c = o[i];
        if (c != null) {
          owner.read((C) c, cursor);
          cursor.keptIndex(i);
          cursor.passTo(visitor);
        }
      }
    } finally {
      cursor.endKeeping();
    }
  }

  /**
   * The label renderings of {@code renderer} kept for generation {@code g} of these children,
   * created if there are none; null if the children moved on from {@code g} or another renderer
   * keeps its renderings here.
   */
  KeptLabels keptLabels(int g, LabelRenderer renderer) {
    KeptLabels k = keptLabels;
    if (k.generation != g) {
      return null;
    }
    if (k.renderer != null) {
      return k.renderer == renderer ? k : null;
    }
    KeptLabels fresh = new KeptLabels(g, renderer, size);
    if (KEPT_LABELS.compareAndSet(this, k, fresh)) {
      return fresh;
    }
    k = keptLabels; // another scrape made them first
    return k.generation == g && k.renderer == renderer ? k : null;
  }

  /** The label renderings kept now (an empty object when none are); for tests. */
  KeptLabels keptLabelsNow() {
    return keptLabels;
  }

  /** Publishes {@code grown}, the larger copy of {@code kept}, unless they were replaced meanwhile. */
  void keptLabelsGrew(KeptLabels kept, KeptLabels grown) {
    KEPT_LABELS.compareAndSet(this, kept, grown);
  }
}
