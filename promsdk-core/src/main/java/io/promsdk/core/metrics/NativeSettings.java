package io.promsdk.core.metrics;

import java.util.function.LongSupplier;

/**
 * A native histogram's options, shared by its series: the initial resolution, the bucket limit,
 * the zero bucket's range of widths, the reset duration and the clock that times resets.
 */
final class NativeSettings {
  final int initialSchema;
  final int maxBuckets;
  /**
   * The widest index range a stripe's window of one sign may span, in buckets: 8 times the bucket
   * limit (at least 64, at most 65536). A dense window is 8 bytes a bucket where client_java's
   * sparse map spends about 80, so this costs no more than the limit's worth of sparse buckets,
   * and only a distribution spread over more orders of magnitude than that (at schema 5 and 160
   * buckets, 40 octaves) has its resolution reduced with fewer populated buckets than the limit.
   */
  final int windowLimit;
  final double minZeroThreshold;
  final double maxZeroThreshold;
  /** 0: never reset. */
  final long resetMillis;
  final LongSupplier clockMillis;

  NativeSettings(int initialSchema, int maxBuckets, double minZeroThreshold, double maxZeroThreshold,
      long resetMillis, LongSupplier clockMillis) {
    this.initialSchema = initialSchema;
    this.maxBuckets = maxBuckets;
    this.windowLimit = (int) Math.min(Math.max(64, 8L * maxBuckets), 1 << 16);
    // + 0.0 turns -0.0 (which the builder's ">= 0" accepts) into +0.0: every layout then holds a
    // threshold whose bits order as its value, as NativeStripe.record's bit test needs.
    this.minZeroThreshold = minZeroThreshold + 0.0;
    this.maxZeroThreshold = maxZeroThreshold + 0.0;
    this.resetMillis = resetMillis;
    this.clockMillis = clockMillis;
  }

  NativeLayout initialLayout(int period) {
    return new NativeLayout(initialSchema, minZeroThreshold, period, clockMillis.getAsLong());
  }

  /**
   * The layout that reduces the bucket count of {@code current}, as client_java does: first a wider
   * zero bucket, up to the upper bound of the lowest populated bucket {@code lowestIndex}, if that is
   * within {@link #maxZeroThreshold}; else half the resolution. Null at schema -4 with nothing to
   * widen.
   */
  NativeLayout reduced(NativeLayout current, int lowestIndex) {
    double widened = NativeBucketMath.upperBound(lowestIndex, current.schema);
    if (current.zeroThreshold < maxZeroThreshold && widened > current.zeroThreshold
        && widened <= maxZeroThreshold) {
      return current.withZeroThreshold(widened);
    }
    return current.schema > NativeBucketMath.MIN_SCHEMA ? current.withSchema(current.schema - 1) : null;
  }

  /** Whether a reset is due for a series in {@code layout}: the duration passed and the layout was reduced. */
  boolean resetDue(NativeLayout layout) {
    return resetMillis > 0
        && (layout.schema != initialSchema || layout.zeroThreshold != minZeroThreshold)
        && clockMillis.getAsLong() - layout.createdMillis >= resetMillis;
  }
}
