package io.promsdk.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * One stripe of a native histogram series: its classic bucket counts, sum, zero bucket, infinity
 * counts and a dense window of native bucket counts per sign, all written by one thread at a time
 * (its writer, see {@link NativeHistogramCounts}) inside a version bracket that readers check (a
 * seqlock).
 *
 * <p>Because the writer is alone, it may re-lay out its own data whenever a value falls outside
 * the window or the bucket limit is passed: move and grow the window, merge pairs of buckets (a
 * lower schema), fold low buckets into a wider zero bucket, or clear everything for a new reset
 * period. Each of these keeps every count: the classic buckets, the sum and the native buckets of
 * the stripe always describe the same observations. A reader that overlaps such an update sees the
 * version change and reads again.
 *
 * <p>Invariants, between updates: {@code layout} is the series layout the data follow (schema,
 * zero threshold, period), and {@code schema}, {@code pieceRow} and {@code firstBucketBitsBiased}
 * are copies of its schema, that schema's index table and its zero threshold (one load less on
 * each update, each in the form the update uses); {@code positive[k]} counts bucket
 * {@code positiveOffset + k} at that schema, likewise {@code negative}; the classic counts add up
 * to zero count + infinity counts + window counts (a native-only histogram keeps no classic
 * counts: its one classic bucket, {@code +Inf}, holds that total, which a reader adds up
 * instead); {@code populated} is the number
 * of non-zero window slots plus one per non-zero infinity count; each window spans at most
 * {@link NativeSettings#windowLimit} slots unless the schema is already -4. The owner and the
 * revoked thread live in {@link NativeStripeHead}, a cache line before these fields.
 */
final class NativeStripe extends NativeStripePad {
  static final VarHandle OWNER;
  static final VarHandle VERSION;
  private static final long[] NO_SLOTS = new long[0];
  private static final long INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      OWNER = lookup.findVarHandle(NativeStripe.class, "owner", Object.class);
      VERSION = lookup.findVarHandle(NativeStripe.class, "version", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Odd while an update is under way. */
  @SuppressWarnings("unused") // through VERSION
  private volatile long version;

  // Written by the writer inside the bracket; read by readers between two equal even versions.
  NativeLayout layout;
  int schema;
  /**
   * The zero threshold as the bits of the least magnitude above it, minus {@link Long#MIN_VALUE}
   * (see {@link #record}); {@link #zeroThreshold()} gives the threshold back.
   */
  long firstBucketBitsBiased;
  /** Per classic bucket; null for a native-only histogram (see the invariants). */
  final long[] classic;
  double sum;
  long zeroCount;
  long positiveInfinity;
  long negativeInfinity;
  long[] positive = NO_SLOTS;
  int positiveOffset;
  long[] negative = NO_SLOTS;
  int negativeOffset;
  int populated;

  NativeStripe(int classicBuckets, NativeLayout layout) {
    this.classic = classicBuckets == 1 ? null : new long[classicBuckets];
    follow(layout);
  }

  private void follow(NativeLayout target) {
    layout = target;
    schema = target.schema;
    pieceRow = NativeBucketMath.pieceRow(target.schema);
    // The threshold is never -0.0 (NativeSettings): its bits are those of a non-negative double.
    firstBucketBitsBiased = Double.doubleToRawLongBits(target.zeroThreshold) + 1 + Long.MIN_VALUE;
  }

  private double zeroThreshold() {
    return Double.longBitsToDouble(firstBucketBitsBiased - Long.MIN_VALUE - 1);
  }

  long versionAcquire() {
    return (long) VERSION.getAcquire(this);
  }

  long versionOpaque() {
    return (long) VERSION.getOpaque(this);
  }

  /** Closes an update its thread never finished (it died inside it); for readers, when freeing. */
  void healVersion() {
    long v = (long) VERSION.getAcquire(this);
    if ((v & 1) != 0) {
      VERSION.setRelease(this, v + 1);
    }
  }

  /**
   * One observation, by the stripe's writer only: {@code classicBucket} (its index among the
   * classic buckets, +Inf last), {@code value} not NaN, {@code series} the series' current layout.
   */
  void record(int classicBucket, double value, NativeLayout series, NativeHistogramCounts counts) {
    long v = (long) VERSION.getOpaque(this) | 1; // or-ing heals a bracket left open by an Error
    VERSION.setOpaque(this, v);
    VarHandle.storeStoreFence(); // a reader that sees any write below sees the odd version
    if (layout != series) {
      adopt(series);
    }
    long[] c = classic;
    if (c != null) {
      c[classicBucket]++;
    }
    sum += value;
    long bits = Double.doubleToRawLongBits(value);
    long magnitudeBits = bits & Long.MAX_VALUE;
    // Non-negative doubles order as their bits, so "above the zero threshold and finite" is one
    // comparison: of the distances from the first magnitude above the threshold, unsigned (both
    // sides biased by Long.MIN_VALUE, which firstBucketBitsBiased carries).
    long biased = firstBucketBitsBiased;
    if (magnitudeBits - biased < INFINITY_BITS - biased) {
      boolean positiveSide = bits >= 0;
      int index = NativeBucketMath.index(magnitudeBits, schema, pieceRow);
      long[] window = positiveSide ? positive : negative;
      int slot = index - (positiveSide ? positiveOffset : negativeOffset);
      if (slot < 0 || slot >= window.length || window[slot]++ == 0) {
        newBucket(slot >= 0 && slot < window.length, Math.abs(value), positiveSide, counts);
      }
    } else {
      zeroOrInfinity(value, counts);
    }
    VERSION.setRelease(this, v + 1);
  }

  /** Off the fast path: a slot just populated (counted already), or a value outside the window. */
  private void newBucket(boolean inWindow, double magnitude, boolean positiveSide, NativeHistogramCounts counts) {
    if (!inWindow) {
      placeOutsideWindow(magnitude, positiveSide, counts);
    } else if (++populated > counts.settings.maxBuckets) {
      reduceUntilWithinLimit(counts);
    }
  }

  private void zeroOrInfinity(double value, NativeHistogramCounts counts) {
    if (Math.abs(value) <= zeroThreshold()) {
      zeroCount++;
      return;
    }
    boolean first = value > 0 ? positiveInfinity++ == 0 : negativeInfinity++ == 0;
    if (first && ++populated > counts.settings.maxBuckets) {
      reduceUntilWithinLimit(counts);
    }
  }

  /** The slow path of a value outside its window: a wider or moved window, or a coarser layout. */
  private void placeOutsideWindow(double magnitude, boolean positiveSide, NativeHistogramCounts counts) {
    int maxSpan = counts.settings.windowLimit;
    while (true) {
      int index = NativeBucketMath.index(magnitude, schema);
      long[] window = positiveSide ? positive : negative;
      int offset = positiveSide ? positiveOffset : negativeOffset;
      int lo = index;
      int hi = index;
      for (int k = 0; k < window.length; k++) {
        if (window[k] != 0) {
          lo = Math.min(lo, offset + k);
          hi = Math.max(hi, offset + k);
        }
      }
      int span = hi - lo + 1;
      if (span <= maxSpan || schema == NativeBucketMath.MIN_SCHEMA) {
        int length = Math.max(span, Math.min(maxSpan, Math.max(8, 2 * span)));
        int newOffset = lo - (length - span) / 2;
        long[] moved = new long[length];
        for (int k = 0; k < window.length; k++) {
          if (window[k] != 0) {
            moved[offset + k - newOffset] = window[k];
          }
        }
        if (moved[index - newOffset]++ == 0) {
          populated++;
        }
        if (positiveSide) {
          positive = moved;
          positiveOffset = newOffset;
        } else {
          negative = moved;
          negativeOffset = newOffset;
        }
        if (populated > counts.settings.maxBuckets) {
          reduceUntilWithinLimit(counts);
        }
        return;
      }
      NativeLayout reduced = counts.settings.reduced(layout, lowestPopulatedIndex(index));
      adopt(counts.publish(layout, reduced));
      if (magnitude <= zeroThreshold()) {
        zeroCount++;
        return;
      }
    }
  }

  private void reduceUntilWithinLimit(NativeHistogramCounts counts) {
    while (populated > counts.settings.maxBuckets) {
      NativeLayout reduced = counts.settings.reduced(layout, lowestPopulatedIndex(Integer.MAX_VALUE));
      if (reduced == null) {
        return; // schema -4 and nothing to widen: the limit cannot be kept
      }
      adopt(counts.publish(layout, reduced));
    }
  }

  /** The lowest index of a populated bucket of either sign, or {@code otherwise} if lower. */
  private int lowestPopulatedIndex(int otherwise) {
    int lowest = otherwise;
    for (int k = 0; k < positive.length; k++) {
      if (positive[k] != 0) {
        lowest = Math.min(lowest, positiveOffset + k);
        break;
      }
    }
    for (int k = 0; k < negative.length; k++) {
      if (negative[k] != 0) {
        lowest = Math.min(lowest, negativeOffset + k);
        break;
      }
    }
    return lowest;
  }

  /**
   * Brings the data to {@code target}: cleared for a new period; else merged down to its schema
   * and with the buckets wholly inside its zero bucket moved there. Inside the bracket.
   */
  void adopt(NativeLayout target) {
    if (target.period != layout.period) {
      if (classic != null) {
        Arrays.fill(classic, 0L);
      }
      sum = 0;
      zeroCount = 0;
      positiveInfinity = 0;
      negativeInfinity = 0;
      Arrays.fill(positive, 0L);
      Arrays.fill(negative, 0L);
      populated = 0;
    } else {
      int by = schema - target.schema;
      positiveOffset = rescale(positive, positiveOffset, by, target);
      negativeOffset = rescale(negative, negativeOffset, by, target);
      populated = (positiveInfinity != 0 ? 1 : 0) + (negativeInfinity != 0 ? 1 : 0)
          + nonZero(positive) + nonZero(negative);
    }
    follow(target);
  }

  /** Rescales a window in place (indexes only move down), returning its new offset. */
  private int rescale(long[] window, int offset, int by, NativeLayout target) {
    int newOffset = NativeBucketMath.downscale(offset, by);
    for (int k = 0; k < window.length; k++) {
      long count = window[k];
      if (count == 0) {
        continue;
      }
      window[k] = 0;
      int index = NativeBucketMath.downscale(offset + k, by);
      if (NativeBucketMath.upperBound(index, target.schema) <= target.zeroThreshold) {
        zeroCount += count;
      } else {
        window[index - newOffset] += count;
      }
    }
    return newOffset;
  }

  private static int nonZero(long[] window) {
    int n = 0;
    for (long c : window) {
      n += c != 0 ? 1 : 0;
    }
    return n;
  }

}
