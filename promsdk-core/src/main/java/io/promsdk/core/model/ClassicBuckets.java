package io.promsdk.core.model;

import java.util.Arrays;

/**
 * Immutable classic histogram buckets: ascending upper bounds, the last one {@code +Inf}, each with
 * its cumulative count (the number of observations less than or equal to the bound).
 */
public final class ClassicBuckets {
  private final double[] upperBounds;
  private final long[] cumulativeCounts;

  private ClassicBuckets(double[] upperBounds, long[] cumulativeCounts) {
    this.upperBounds = upperBounds;
    this.cumulativeCounts = cumulativeCounts;
  }

  /** Buckets from upper bounds and cumulative counts (both copied and checked). */
  public static ClassicBuckets of(double[] upperBounds, long[] cumulativeCounts) {
    if (upperBounds.length == 0 || upperBounds.length != cumulativeCounts.length) {
      throw new IllegalArgumentException("need one cumulative count per upper bound, and at least +Inf");
    }
    if (upperBounds[upperBounds.length - 1] != Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("the last bucket's upper bound must be +Inf");
    }
    for (int i = 0; i < upperBounds.length; i++) {
      if (Double.isNaN(upperBounds[i]) || (i > 0 && upperBounds[i] <= upperBounds[i - 1])) {
        throw new IllegalArgumentException(
            "bucket upper bounds must be strictly ascending and not NaN: " + Arrays.toString(upperBounds));
      }
      if (cumulativeCounts[i] < 0 || (i > 0 && cumulativeCounts[i] < cumulativeCounts[i - 1])) {
        throw new IllegalArgumentException(
            "bucket counts must be cumulative (non-decreasing): " + Arrays.toString(cumulativeCounts));
      }
    }
    return new ClassicBuckets(upperBounds.clone(), cumulativeCounts.clone());
  }

  public int size() {
    return upperBounds.length;
  }

  public double upperBound(int i) {
    return upperBounds[i];
  }

  public long cumulativeCount(int i) {
    return cumulativeCounts[i];
  }

  /** The count of the {@code +Inf} bucket, which is the total count. */
  public long totalCount() {
    return cumulativeCounts[cumulativeCounts.length - 1];
  }
}
