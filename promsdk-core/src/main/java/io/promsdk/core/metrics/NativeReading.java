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

  /** A copy of one stripe. */
  private static final class Segment {
    NativeLayout layout;
    double sum;
    long zeroCount;
    long positiveInfinity;
    long negativeInfinity;
    long[] classic = new long[0];
    final Window positive = new Window();
    final Window negative = new Window();
  }

  /** A copy of one window of a stripe, with a cursor for the merge. */
  private static final class Window {
    long[] counts = new long[0];
    int offset;
    int length;
    int cursor;

    void copy(long[] source, int sourceOffset) {
      if (counts.length < source.length) {
        counts = new long[Math.max(source.length, 2 * counts.length)];
      }
      System.arraycopy(source, 0, counts, 0, source.length);
      offset = sourceOffset;
      length = source.length;
    }

    long total() {
      long total = 0;
      for (int k = 0; k < length; k++) {
        total += counts[k];
      }
      return total;
    }

    /** The index at {@code schema} of the next populated slot, empty ones skipped; MAX_VALUE at the end. */
    int nextIndex(int ownSchema, int schema) {
      while (cursor < length && counts[cursor] == 0) {
        cursor++;
      }
      return cursor < length ? NativeBucketMath.downscale(offset + cursor, ownSchema - schema) : Integer.MAX_VALUE;
    }

    /** Takes the slots that map to {@code index} at {@code schema}, returning their total. */
    long take(int index, int ownSchema, int schema) {
      long total = 0;
      while (nextIndex(ownSchema, schema) == index) {
        total += counts[cursor++];
      }
      return total;
    }
  }

  void begin(int classicBuckets) {
    this.classicBuckets = classicBuckets;
    segmentCount = 0;
  }

  /**
   * Copies {@code stripe} into the next segment, as it is (it may be changing: the caller checks
   * its version afterwards and calls {@link #accept} to keep it; a torn copy is left unaccepted,
   * so the next copy overwrites it). Fails on nothing a torn copy can hold: every array is read
   * within its own length.
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
    s.positive.copy(stripe.positive, stripe.positiveOffset);
    s.negative.copy(stripe.negative, stripe.negativeOffset);
    long[] classic = stripe.classic;
    if (classic != null) {
      System.arraycopy(classic, 0, s.classic, 0, classicBuckets);
    } else { // native-only: the one classic bucket, +Inf, holds every observation
      s.classic[0] = s.zeroCount + s.positiveInfinity + s.negativeInfinity + s.positive.total()
          + s.negative.total();
    }
  }

  void accept() {
    segmentCount++;
  }

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
    positive.add(NativeBucketMath.infinityIndex(schema), positiveInfinity);
    negative.add(NativeBucketMath.infinityIndex(schema), negativeInfinity);
  }

  /** A k-way merge of the segments' windows of one sign: each maps to ascending indexes at {@link #schema}. */
  private void mergeWindows(boolean positiveSide, int period, NativeBucketList out) {
    out.clear();
    for (int i = 0; i < segmentCount; i++) {
      window(segments[i], positiveSide).cursor = 0;
    }
    while (true) {
      int lowest = Integer.MAX_VALUE; // no bucket index comes near it
      for (int i = 0; i < segmentCount; i++) {
        Segment s = segments[i];
        if (s.layout.period == period) {
          lowest = Math.min(lowest, window(s, positiveSide).nextIndex(s.layout.schema, schema));
        }
      }
      if (lowest == Integer.MAX_VALUE) {
        return;
      }
      long total = 0;
      for (int i = 0; i < segmentCount; i++) {
        Segment s = segments[i];
        if (s.layout.period == period) {
          total += window(s, positiveSide).take(lowest, s.layout.schema, schema);
        }
      }
      if (NativeBucketMath.upperBound(lowest, schema) <= zeroThreshold) {
        zeroCount += total;
      } else {
        out.add(lowest, total);
      }
    }
  }

  private static Window window(Segment s, boolean positiveSide) {
    return positiveSide ? s.positive : s.negative;
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
