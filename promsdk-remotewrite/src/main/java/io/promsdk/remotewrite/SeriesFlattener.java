package io.promsdk.remotewrite;

import io.promsdk.core.model.CounterDataPointView;
import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.GaugeDataPointView;
import io.promsdk.core.model.HistogramDataPointView;
import io.promsdk.core.model.InfoDataPointView;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.StateSetDataPointView;
import io.promsdk.core.model.SummaryDataPointView;
import io.promsdk.core.model.UnknownDataPointView;
import io.promsdk.exposition.internal.CanonicalNumbers;

/**
 * Flattens each data point into time series as Prometheus stores them from a scrape, and hands
 * every series to its shard's batch:
 *
 * <ul>
 *   <li>counter: {@code <name>_total} (created timestamp kept for 2.0); gauge and unknown:
 *       {@code <name>}; info: {@code <name>_info} = 1;
 *   <li>state set: one series {@code <name>{<name>="<state>"}} per state, 1 or 0 (a state named
 *       twice once, its first flag, as in the exposition formats);
 *   <li>classic histogram: {@code <name>_bucket{le}} per bucket ({@code +Inf} included, {@code le}
 *       in the canonical OpenMetrics rendering Prometheus stores: {@code 0.1}, {@code 1.0},
 *       {@code +Inf}), {@code <name>_count}, {@code <name>_sum}; a gauge histogram's count and sum
 *       are {@code _gcount}, {@code _gsum};
 *   <li>native histogram: one histogram series {@code <name>}; its classic series as well when it
 *       has classic buckets besides {@code +Inf} (as Prometheus keeps both when it scrapes both);
 *       a native-only histogram also gets the classic series a scraper without native histograms
 *       stores ({@code _bucket{le="+Inf"}}, count, sum), sent instead of the native series where
 *       native histograms are not sent (see {@link ColumnarBatch});
 *   <li>summary: {@code <name>{quantile}} per quantile, {@code <name>_count}, {@code <name>_sum};
 *   <li>the created timestamp goes with the cumulative series (counter, buckets, counts, sums),
 *       not with quantiles or gauges; exemplars go with the series they were recorded for.
 * </ul>
 *
 * <p>Every sample gets the read's timestamp (a data point's own scrape timestamp is not used: a
 * batch has one). Allocation-free per series once the batch columns have grown. Not thread-safe.
 */
final class SeriesFlattener implements DataPointVisitor {
  private final SeriesLabels labels = new SeriesLabels();
  private final FlattenedFamily family = new FlattenedFamily();
  private final String[] externalNames;
  private final String[] externalValues;
  private ShardedBatches shards;
  private long timestampMs;
  private MetricType type;

  SeriesFlattener(String[] externalNames, String[] externalValues) {
    this.externalNames = externalNames;
    this.externalValues = externalValues;
  }

  /** Starts a read stamped {@code timestampMs}, routing series through {@code shards}. */
  void startRead(ShardedBatches shards, long timestampMs) {
    this.shards = shards;
    this.timestampMs = timestampMs;
    family.restart();
  }

  /** Starts a family; its data points follow through this visitor. */
  void startFamily(String name, MetricType type, io.promsdk.core.model.MetricMetadata metadata) {
    family.start(name, type, metadata);
    this.type = type;
  }

  @Override
  public void dataPoint(DataPointView point) {
    throw new IllegalStateException(family.name() + ": a data point without its type: " + point);
  }

  @Override
  public void counter(CounterDataPointView p) {
    begin(family.sampleName(), p);
    sample(p.value(), p.createdTimestampMillis(), p.exemplar());
  }

  @Override
  public void gauge(GaugeDataPointView p) {
    begin(family.sampleName(), p);
    sample(p.value(), 0, null);
  }

  @Override
  public void unknown(UnknownDataPointView p) {
    begin(family.sampleName(), p);
    sample(p.value(), 0, null);
  }

  @Override
  public void info(InfoDataPointView p) {
    begin(family.sampleName(), p);
    sample(1, 0, null);
  }

  @Override
  public void stateSet(StateSetDataPointView p) {
    for (int i = 0; i < p.stateCount(); i++) {
      if (isFirstOfItsName(p, i)) {
        begin(family.name(), p);
        labels.add(family.name(), p.stateName(i));
        sample(p.isStateEnabled(i) ? 1 : 0, 0, null);
      }
    }
  }

  private static boolean isFirstOfItsName(StateSetDataPointView p, int state) {
    String name = p.stateName(state);
    for (int earlier = 0; earlier < state; earlier++) {
      if (p.stateName(earlier).equals(name)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void histogram(HistogramDataPointView p) {
    boolean gauge = type == MetricType.GAUGE_HISTOGRAM;
    long created = gauge ? 0 : p.createdTimestampMillis();
    boolean nativeOnly = p.hasNativeBuckets() && p.bucketCount() == 1;
    if (!nativeOnly) {
      for (int i = 0; i < p.bucketCount(); i++) {
        begin(family.bucketName(), p);
        labels.add("le", CanonicalNumbers.string(p.upperBound(i)));
        sample(p.cumulativeCount(i), created, p.bucketExemplar(i));
      }
      begin(family.countName(), p);
      sample(p.count(), created, null);
      begin(family.sumName(), p);
      sample(p.sum(), created, null);
    }
    if (nativeOnly) {
      // What a scraper without native histograms stores: +Inf bucket, count and sum.
      begin(family.bucketName(), p);
      labels.add("le", CanonicalNumbers.string(Double.POSITIVE_INFINITY));
      fallback(p.cumulativeCount(0), created, p.bucketExemplar(0));
      begin(family.countName(), p);
      fallback(p.count(), created, null);
      begin(family.sumName(), p);
      fallback(p.sum(), created, null);
    }
    if (p.hasNativeBuckets()) {
      begin(family.name(), p);
      BatchBuilder b = route();
      b.addNativeHistogram(family, labels, p, created, gauge);
      for (int i = 0; i < p.nativeExemplarCount(); i++) {
        b.addExemplar(p.nativeExemplar(i), timestampMs);
      }
      if (nativeOnly && p.nativeExemplarCount() == 0 && p.bucketExemplar(0) != null) {
        b.addExemplar(p.bucketExemplar(0), timestampMs);
      }
      shards.added(b);
    }
  }

  @Override
  public void summary(SummaryDataPointView p) {
    long created = p.createdTimestampMillis();
    for (int i = 0; i < p.quantileCount(); i++) {
      begin(family.name(), p);
      labels.add("quantile", CanonicalNumbers.string(p.quantile(i)));
      sample(p.quantileValue(i), 0, null);
    }
    begin(family.countName(), p);
    sample(p.count(), created, null);
    begin(family.sumName(), p);
    sample(p.sum(), created, null);
  }

  /** Starts a series named {@code name} with the data point's labels. */
  private void begin(String name, DataPointView p) {
    labels.reset(name);
    for (int i = 0, n = p.labelCount(); i < n; i++) {
      labels.add(p.labelName(i), p.labelValue(i));
    }
  }

  /** Ends the series begun with one float sample, and its exemplar if any. */
  private void sample(double value, long createdMs, Exemplar exemplar) {
    BatchBuilder b = route();
    b.addSample(family, labels, value, createdMs);
    if (exemplar != null) {
      b.addExemplar(exemplar, timestampMs);
    }
    shards.added(b);
  }

  /** Ends the series begun as the classic fallback of a native-only histogram. */
  private void fallback(double value, long createdMs, Exemplar exemplar) {
    BatchBuilder b = route();
    b.addClassicFallback(family, labels, value, createdMs);
    if (exemplar != null) {
      b.addExemplar(exemplar, timestampMs);
    }
    shards.added(b);
  }

  /** Completes the series' labels with the external ones, sorts them, and picks its shard's builder. */
  private BatchBuilder route() {
    labels.complete(externalNames, externalValues);
    return shards.builderFor(labels);
  }
}
