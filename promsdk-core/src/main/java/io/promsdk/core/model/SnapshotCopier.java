package io.promsdk.core.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies the data points of a {@link FamilyView} into the immutable snapshot of its type, one
 * data point per view visited: the one place a live family becomes values, so that a metric's
 * {@code snapshot()} lists exactly what a format writes from it.
 */
final class SnapshotCopier implements DataPointVisitor {
  private final List<DataPointSnapshot> points = new ArrayList<>();
  private final String name;

  private SnapshotCopier(String name) {
    this.name = name;
  }

  static MetricSnapshot<?> copy(FamilyView family) {
    SnapshotCopier copier = new SnapshotCopier(family.metadata().name());
    try {
      family.forEachDataPoint(copier);
    } catch (IOException e) { // the copier throws none, and a family only passes its visitor's on
      throw new UncheckedIOException(e);
    }
    return copier.snapshot(family.metadata(), family.type());
  }

  @SuppressWarnings("unchecked")
  private <D extends DataPointSnapshot> List<D> points() {
    return (List<D>) points;
  }

  private MetricSnapshot<?> snapshot(MetricMetadata metadata, MetricType type) {
    return switch (type) {
      case COUNTER -> new CounterSnapshot(metadata, points());
      case GAUGE -> new GaugeSnapshot(metadata, points());
      case HISTOGRAM -> new HistogramSnapshot(false, metadata, points());
      case GAUGE_HISTOGRAM -> new HistogramSnapshot(true, metadata, points());
      case SUMMARY -> new SummarySnapshot(metadata, points());
      case INFO -> new InfoSnapshot(metadata, points());
      case STATESET -> new StateSetSnapshot(metadata, points());
      case UNKNOWN -> new UnknownSnapshot(metadata, points());
    };
  }

  @Override
  public void dataPoint(DataPointView point) {
    throw new IllegalStateException("a family passed a data point without its type: " + point);
  }

  @Override
  public void counter(CounterDataPointView p) {
    points.add(new CounterSnapshot.CounterDataPoint(p.value(), p.labels(), p.createdTimestampMillis(),
        p.scrapeTimestampMillis(), p.exemplar()));
  }

  @Override
  public void gauge(GaugeDataPointView p) {
    points.add(new GaugeSnapshot.GaugeDataPoint(p.value(), p.labels(), p.scrapeTimestampMillis()));
  }

  @Override
  public void unknown(UnknownDataPointView p) {
    points.add(new UnknownSnapshot.UnknownDataPoint(p.value(), p.labels(), p.scrapeTimestampMillis()));
  }

  @Override
  public void info(InfoDataPointView p) {
    points.add(new InfoSnapshot.InfoDataPoint(p.labels()));
  }

  @Override
  public void histogram(HistogramDataPointView p) {
    int n = p.bucketCount();
    double[] bounds = new double[n];
    long[] counts = new long[n];
    for (int i = 0; i < n; i++) {
      bounds[i] = p.upperBound(i);
      counts[i] = p.cumulativeCount(i);
    }
    points.add(new HistogramSnapshot.HistogramDataPoint(ClassicBuckets.of(bounds, counts), nativeBuckets(p),
        p.sum(), p.labels(), p.createdTimestampMillis(), p.scrapeTimestampMillis(), exemplars(p)));
  }

  private static HistogramExemplars exemplars(HistogramDataPointView p) {
    Exemplar[] perBucket = new Exemplar[p.bucketCount()];
    for (int i = 0; i < perBucket.length; i++) {
      perBucket[i] = p.bucketExemplar(i);
    }
    Exemplar[] nativeExemplars = new Exemplar[p.nativeExemplarCount()];
    for (int i = 0; i < nativeExemplars.length; i++) {
      nativeExemplars[i] = p.nativeExemplar(i);
    }
    return HistogramExemplars.of(perBucket, List.of(nativeExemplars));
  }

  /**
   * The native buckets of {@code p} as values; null if it has none.
   *
   * @throws IllegalArgumentException naming the metric, the series and the rule, if a live view
   *     hands out buckets {@link NativeBuckets#of} refuses
   */
  private NativeBuckets nativeBuckets(HistogramDataPointView p) {
    if (!p.hasNativeBuckets()) {
      return null;
    }
    int positive = p.nativePositiveBucketCount();
    int[] positiveIndexes = new int[positive];
    long[] positiveCounts = new long[positive];
    for (int i = 0; i < positive; i++) {
      positiveIndexes[i] = p.nativePositiveBucketIndex(i);
      positiveCounts[i] = p.nativePositiveBucketValue(i);
    }
    int negative = p.nativeNegativeBucketCount();
    int[] negativeIndexes = new int[negative];
    long[] negativeCounts = new long[negative];
    for (int i = 0; i < negative; i++) {
      negativeIndexes[i] = p.nativeNegativeBucketIndex(i);
      negativeCounts[i] = p.nativeNegativeBucketValue(i);
    }
    try {
      return NativeBuckets.of(p.nativeSchema(), p.nativeZeroThreshold(), p.nativeZeroCount(), positiveIndexes,
          positiveCounts, negativeIndexes, negativeCounts);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("histogram '" + name + "' " + p.labels() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void summary(SummaryDataPointView p) {
    int n = p.quantileCount();
    Quantiles quantiles = Quantiles.EMPTY;
    if (n > 0) {
      double[] q = new double[n];
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        q[i] = p.quantile(i);
        v[i] = p.quantileValue(i);
      }
      quantiles = Quantiles.of(q, v);
    }
    points.add(new SummarySnapshot.SummaryDataPoint(p.count(), p.sum(), quantiles, p.labels(),
        p.createdTimestampMillis(), p.scrapeTimestampMillis()));
  }

  @Override
  public void stateSet(StateSetDataPointView p) {
    int n = p.stateCount();
    String[] names = new String[n];
    boolean[] enabled = new boolean[n];
    for (int i = 0; i < n; i++) {
      names[i] = p.stateName(i);
      enabled[i] = p.isStateEnabled(i);
    }
    points.add(new StateSetSnapshot.StateSetDataPoint(names, enabled, p.labels(), p.scrapeTimestampMillis()));
  }
}
