package io.promsdk.remotewrite;

import java.util.Arrays;

/**
 * A growable {@code int[]} that a {@link BatchBuilder} reuses from batch to batch, so that reading
 * a registry grows it only while the largest batch so far grows it. Not thread-safe.
 */
final class GrowableInts {
  private int[] values = new int[64];
  private int size;

  void add(int v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  int get(int i) {
    return values[i];
  }

  void set(int i, int v) {
    values[i] = v;
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  /** An exact-size copy, for a sealed batch. */
  int[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
