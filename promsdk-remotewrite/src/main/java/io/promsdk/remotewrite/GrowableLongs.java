package io.promsdk.remotewrite;

import java.util.Arrays;

/**
 * A growable {@code long[]} that a {@link BatchBuilder} reuses from batch to batch (doubles are
 * kept as their raw bits). Not thread-safe.
 */
final class GrowableLongs {
  private long[] values = new long[64];
  private int size;

  void add(long v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = v;
  }

  void addDouble(double v) {
    add(Double.doubleToRawLongBits(v));
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  /** An exact-size copy, for a sealed batch. */
  long[] toArray() {
    return Arrays.copyOf(values, size);
  }
}
