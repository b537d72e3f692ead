package io.promsdk.core.metrics;

import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.HistogramDataPointView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** What a scrape reads of one live histogram series through its view, copied for assertions. */
record NativeReadout(long count, double sum, long[] cumulative, boolean hasNative, int schema,
    double zeroThreshold, long zeroCount, TreeMap<Integer, Long> positive, TreeMap<Integer, Long> negative,
    long createdMillis) {

  /** The native buckets' total: zero bucket and both signs. */
  long nativeTotal() {
    long total = zeroCount;
    for (long c : positive.values()) {
      total += c;
    }
    for (long c : negative.values()) {
      total += c;
    }
    return total;
  }

  long infClassicCount() {
    return cumulative[cumulative.length - 1];
  }

  static NativeReadout of(HistogramDataPointView p) {
    long[] cumulative = new long[p.bucketCount()];
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] = p.cumulativeCount(i);
    }
    TreeMap<Integer, Long> positive = new TreeMap<>();
    for (int i = 0; i < p.nativePositiveBucketCount(); i++) {
      if (!positive.isEmpty() && positive.lastKey() >= p.nativePositiveBucketIndex(i)) {
        throw new AssertionError("positive indexes not ascending at " + i);
      }
      positive.put(p.nativePositiveBucketIndex(i), p.nativePositiveBucketValue(i));
    }
    TreeMap<Integer, Long> negative = new TreeMap<>();
    for (int i = 0; i < p.nativeNegativeBucketCount(); i++) {
      if (!negative.isEmpty() && negative.lastKey() >= p.nativeNegativeBucketIndex(i)) {
        throw new AssertionError("negative indexes not ascending at " + i);
      }
      negative.put(p.nativeNegativeBucketIndex(i), p.nativeNegativeBucketValue(i));
    }
    return new NativeReadout(p.count(), p.sum(), cumulative, p.hasNativeBuckets(), p.nativeSchema(),
        p.nativeZeroThreshold(), p.nativeZeroCount(), positive, negative, p.createdTimestampMillis());
  }

  /** Reads every series of {@code metric} as a scrape does. */
  static List<NativeReadout> readAll(Metric metric) {
    List<NativeReadout> out = new ArrayList<>();
    try {
      metric.forEachDataPoint(new DataPointVisitor() {
        @Override
        public void dataPoint(DataPointView point) {
          throw new AssertionError("not a histogram: " + point);
        }

        @Override
        public void histogram(HistogramDataPointView point) {
          out.add(of(point));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static NativeReadout read(Metric metric) {
    List<NativeReadout> all = readAll(metric);
    if (all.size() != 1) {
      throw new AssertionError("expected one series, got " + all.size());
    }
    return all.get(0);
  }
}
