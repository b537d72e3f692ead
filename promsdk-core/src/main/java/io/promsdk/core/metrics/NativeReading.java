package io.promsdk.core.metrics;

import java.util.Arrays;

/**
 * A scrape's scratch space for one native histogram series: copies of its stripes (each taken
 * whole, see {@link NativeHistogramCounts#read}), then their merge at the series layout: classic
 * per-bucket counts, count, sum, zero bucket and the populated native buckets of each sign. Reused
 * series after series (a {@link LiveDataPoint} holds one), so that steady-state scrapes allocate
 * nothing. Not thread-safe.
 */
final class NativeReading {
  private Segment[] segments = new Segment[0];
  private int segmentCount;
  private int classicBuckets;

  // The merge.
  private long[] classic = new long[0];
  private long count;
  private double sum;
  private int schema;
  private double zeroThreshold;
  private long zeroCount;
  private long createdMillis;
  final NativeBucketList positive = new NativeBucketList();
  final NativeBucketList negative = new NativeBucketList();
  private int[] cursors = new int[0];

  /** A copy of one stripe. */
  private static final class Segment {
    NativeLayout layout;
    double sum;
    long zeroCount;
    long positiveInfinity;
    long negativeInfinity;
    long[] classic = new long[0];
    long[] positive = new long[0];
    int positiveOffset;
    int positiveLength;
    long[] negative = new long[0];
    int negativeOffset;
    int negativeLength;
  }

  void begin(int classicBuckets) {
    this.classicBuckets = classicBuckets;
    segmentCount = 0;
  }

  /**
   * Copies {@code stripe} into the next segment, as it is (it may be changing: the caller checks
   * its version afterwards and then calls {@link #accept} or {@link #discard}). Fails on nothing a
   * torn copy can hold: every array is read within its own length.
   */
  void copy(NativeStripe stripe) {
    if (segmentCount == segments.length) {
      segments = Arrays.copyOf(segments, Math.max(2, 2 * segments.length));
    }
    Segment s = segments[segmentCount];
    if (s == null) {
      s = segments[segmentCount] = new Segment();
    }
    s.layout = stripe.layout;
    s.sum = stripe.sum;
    s.zeroCount = stripe.zeroCount;
    s.positiveInfinity = stripe.positiveInfinity;
    s.negativeInfinity = stripe.negativeInfinity;
    if (s.classic.length < classicBuckets) {
      s.classic = new long[classicBuckets];
    }
    System.arraycopy(stripe.classic, 0, s.classic, 0, classicBuckets);
    long[] p = stripe.positive;
    s.positiveOffset = stripe.positiveOffset;
    s.positive = copyInto(s.positive, p);
    s.positiveLength = p.length;
    long[] n = stripe.negative;
    s.negativeOffset = stripe.negativeOffset;
    s.negative = copyInto(s.negative, n);
    s.negativeLength = n.length;
  }

  private static long[] copyInto(long[] target, long[] source) {
    long[] t = target.length >= source.length ? target : new long[Math.max(source.length, 2 * target.length)];
    System.arraycopy(source, 0, t, 0, source.length);
    return t;
  }

  void accept() {
    segmentCount++;
  }

  void discard() {}

  /**
   * Merges the accepted segments of {@code target}'s period at its schema and zero threshold (or a
   * coarser one, should a segment be coarser); segments of an older period count as empty.
   */
  void merge(NativeLayout target) {
    if (classic.length < classicBuckets) {
      classic = new long[classicBuckets];
    }
    Arrays.fill(classic, 0, classicBuckets, 0L);
    count = 0;
    sum = 0;
    zeroCount = 0;
    schema = target.schema;
    zeroThreshold = target.zeroThreshold;
    createdMillis = target.createdMillis;
    long positiveInfinity = 0;
    long negativeInfinity = 0;
    for (int i = 0; i < segmentCount; i++) {
      Segment s = segments[i];
      if (s.layout.period != target.period) {
        continue;
      }
      schema = Math.min(schema, s.layout.schema);
      zeroThreshold = Math.max(zeroThreshold, s.layout.zeroThreshold);
      sum += s.sum;
      zeroCount += s.zeroCount;
      positiveInfinity += s.positiveInfinity;
      negativeInfinity += s.negativeInfinity;
      for (int k = 0; k < classicBuckets; k++) {
        classic[k] += s.classic[k];
        count += s.classic[k];
      }
    }
    mergeWindows(true, target.period, positive);
    mergeWindows(false, target.period, negative);
    positive.add(NativeBuckets.infinityIndex(schema), positiveInfinity);
    negative.add(NativeBuckets.infinityIndex(schema), negativeInfinity);
  }

  /** A k-way merge of the segments' windows of one sign: each maps to ascending indexes at {@link #schema}. */
  private void mergeWindows(boolean positiveSide, int period, NativeBucketList out) {
    out.clear();
    if (cursors.length < segmentCount) {
      cursors = new int[Math.max(segmentCount, 2 * cursors.length)];
    }
    Arrays.fill(cursors, 0, segmentCount, 0);
    while (true) {
      int lowest = Integer.MAX_VALUE;
      boolean any = false;
      for (int i = 0; i < segmentCount; i++) {
        Segment s = segments[i];
        if (s.layout.period != period) {
          continue;
        }
        long[] w = positiveSide ? s.positive : s.negative;
        int length = positiveSide ? s.positiveLength : s.negativeLength;
        int k = cursors[i];
        while (k < length && w[k] == 0) {
          k++;
        }
        cursors[i] = k;
        if (k < length) {
          any = true;
          lowest = Math.min(lowest, mapped(s, positiveSide, k));
        }
      }
      if (!any) {
        return;
      }
      long total = 0;
      for (int i = 0; i < segmentCount; i++) {
        Segment s = segments[i];
        if (s.layout.period != period) {
          continue;
        }
        long[] w = positiveSide ? s.positive : s.negative;
        int length = positiveSide ? s.positiveLength : s.negativeLength;
        int k = cursors[i];
        while (k < length && (w[k] == 0 || mapped(s, positiveSide, k) == lowest)) {
          total += w[k];
          k++;
        }
        cursors[i] = k;
      }
      if (NativeBuckets.upperBound(lowest, schema) <= zeroThreshold) {
        zeroCount += total;
      } else {
        out.add(lowest, total);
      }
    }
  }

  private int mapped(Segment s, boolean positiveSide, int k) {
    int index = (positiveSide ? s.positiveOffset : s.negativeOffset) + k;
    return NativeBuckets.downscale(index, s.layout.schema - schema);
  }

  /**
   * Keeps the union of the buckets within the limit, coarsening as a writer would; returns the
   * layout read (coarsened or {@code target} itself), for the caller to publish.
   */
  NativeLayout limit(NativeSettings settings, NativeLayout target) {
    NativeLayout current = schema == target.schema && zeroThreshold == target.zeroThreshold
        ? target : new NativeLayout(schema, zeroThreshold, target.period, target.createdMillis);
    while (positive.size() + negative.size() > settings.maxBuckets) {
      int lowest = Integer.MAX_VALUE;
      if (positive.size() > 0) {
        lowest = positive.index(0);
      }
      if (negative.size() > 0) {
        lowest = Math.min(lowest, negative.index(0));
      }
      NativeLayout reduced = settings.reduced(current, lowest);
      if (reduced == null) {
        break;
      }
      int by = current.schema - reduced.schema;
      zeroCount += positive.rescale(by, reduced.schema, reduced.zeroThreshold)
          + negative.rescale(by, reduced.schema, reduced.zeroThreshold);
      current = reduced;
    }
    schema = current.schema;
    zeroThreshold = current.zeroThreshold;
    return current;
  }

  long classicCount(int bucket) {
    return classic[bucket];
  }

  long count() {
    return count;
  }

  double sum() {
    return sum;
  }

  int schema() {
    return schema;
  }

  double zeroThreshold() {
    return zeroThreshold;
  }

  long zeroCount() {
    return zeroCount;
  }

  long createdMillis() {
    return createdMillis;
  }
}
