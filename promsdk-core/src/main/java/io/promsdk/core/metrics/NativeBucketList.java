package io.promsdk.core.metrics;

import java.util.Arrays;

/**
 * Populated native buckets of one sign, by ascending index, with absolute counts: a scrape's
 * growable scratch list (it allocates only when a series has more buckets than any before).
 */
final class NativeBucketList {
  private int[] indexes = new int[8];
  private long[] counts = new long[8];
  private int size;

  void clear() {
    size = 0;
  }

  int size() {
    return size;
  }

  int index(int i) {
    return indexes[i];
  }

  long count(int i) {
    return counts[i];
  }

  /** Appends a bucket, or adds to the last one when {@code index} is the last index. */
  void add(int index, long count) {
    if (count == 0) {
      return;
    }
    if (size > 0 && indexes[size - 1] == index) {
      counts[size - 1] += count;
      return;
    }
    if (size == indexes.length) {
      indexes = Arrays.copyOf(indexes, 2 * size);
      counts = Arrays.copyOf(counts, 2 * size);
    }
    indexes[size] = index;
    counts[size++] = count;
  }

  /**
   * Lowers the schema by {@code by} (merging neighbours) and moves the buckets wholly at or below
   * {@code zeroThreshold} at the new schema out, returning their total for the zero bucket.
   */
  long rescale(int by, int newSchema, double zeroThreshold) {
    long toZero = 0;
    int n = 0;
    for (int i = 0; i < size; i++) {
      int index = NativeBucketMath.downscale(indexes[i], by);
      long count = counts[i];
      if (NativeBucketMath.upperBound(index, newSchema) <= zeroThreshold) {
        toZero += count;
      } else if (n > 0 && indexes[n - 1] == index) {
        counts[n - 1] += count;
      } else {
        indexes[n] = index;
        counts[n++] = count;
      }
    }
    size = n;
    return toZero;
  }
}
