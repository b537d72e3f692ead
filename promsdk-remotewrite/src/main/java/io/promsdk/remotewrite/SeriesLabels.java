package io.promsdk.remotewrite;

import java.util.Arrays;

/**
 * The labels of the one series being flattened, {@code __name__} included, as a scratch list the
 * reader reuses for every series: filled, completed with the external labels the series lacks,
 * sorted, hashed for its shard, then copied into a batch.
 *
 * <p>Remote write requires a series' labels sorted by name; Prometheus compares names as byte
 * strings, so they are sorted here in UTF-8 byte order (which differs from {@link
 * String#compareTo} only for characters outside the Basic Multilingual Plane). Not thread-safe.
 */
final class SeriesLabels {
  private String[] names = new String[16];
  private String[] values = new String[16];
  private int size;

  /** Starts a series named {@code name}. */
  void reset(String name) {
    size = 0;
    add("__name__", name);
  }

  /**
   * Adds a label; one with an empty value is left out, as a scrape leaves it out (an empty value is
   * no label in Prometheus' data model) and as the remote-write spec requires ("MUST NOT contain
   * any empty label names or values": Thanos receive refuses the whole request otherwise).
   */
  void add(String name, String value) {
    if (value.isEmpty()) {
      return;
    }
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    values[size] = value;
    size++;
  }

  /**
   * Adds each external label whose name the series does not have (as Prometheus adds its
   * {@code external_labels}: a series' own label of the same name wins), then sorts the labels.
   */
  void complete(String[] externalNames, String[] externalValues) {
    int own = size;
    for (int e = 0; e < externalNames.length; e++) {
      if (indexOf(externalNames[e], own) < 0) {
        add(externalNames[e], externalValues[e]);
      }
    }
    sort();
  }

  private int indexOf(String name, int within) {
    for (int i = 0; i < within; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Insertion sort: a data point's labels come sorted already, so this is about linear. */
  private void sort() {
    for (int i = 1; i < size; i++) {
      String name = names[i];
      String value = values[i];
      int j = i - 1;
      while (j >= 0 && compareUtf8(names[j], name) > 0) {
        names[j + 1] = names[j];
        values[j + 1] = values[j];
        j--;
      }
      names[j + 1] = name;
      values[j + 1] = value;
    }
  }

  /**
   * Compares two strings in the order of their UTF-8 bytes: as UTF-16 chars, except that
   * surrogates (code points above U+FFFF, four UTF-8 bytes) sort after U+E000..U+FFFF.
   */
  static int compareUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char ca = a.charAt(i);
      char cb = b.charAt(i);
      if (ca != cb) {
        return utf8Rank(ca) - utf8Rank(cb);
      }
    }
    return a.length() - b.length();
  }

  private static int utf8Rank(char c) {
    if (c < 0xD800) {
      return c;
    }
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }

  int size() {
    return size;
  }

  String name(int i) {
    return names[i];
  }

  String value(int i) {
    return values[i];
  }

  /**
   * The shard of this series among {@code shards}: a hash of its sorted labels built from
   * {@link String#hashCode} (defined by the Java language, so the same in every JVM and on every
   * read), spread by a finalizer so that similar series spread over the shards.
   */
  int shard(int shards) {
    int h = 1;
    for (int i = 0; i < size; i++) {
      h = 31 * (31 * h + names[i].hashCode()) + values[i].hashCode();
    }
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    h ^= h >>> 16;
    return Math.floorMod(h, shards);
  }
}
