package io.promsdk.exposition;

import io.promsdk.core.model.ClassicBuckets;
import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.InfoSnapshot;
import io.promsdk.core.model.InfoSnapshot.InfoDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.Quantiles;
import io.promsdk.core.model.StateSetSnapshot;
import io.promsdk.core.model.StateSetSnapshot.StateSetDataPoint;
import io.promsdk.core.model.SummarySnapshot;
import io.promsdk.core.model.SummarySnapshot.SummaryDataPoint;
import io.promsdk.core.model.Unit;
import io.promsdk.core.model.UnknownSnapshot;
import io.promsdk.core.model.UnknownSnapshot.UnknownDataPoint;
import java.util.List;

/** Short factories for test snapshots. */
final class Families {
  private Families() {}

  static MetricMetadata meta(String name, String help) {
    return new MetricMetadata(name, help);
  }

  static MetricMetadata meta(String name, String help, Unit unit) {
    return new MetricMetadata(name, help, unit);
  }

  static CounterSnapshot counter(String name, CounterDataPoint... points) {
    return new CounterSnapshot(meta(name, "h"), List.of(points));
  }

  static CounterDataPoint counterPoint(double value, String... labels) {
    return new CounterDataPoint(value, Labels.of(labels));
  }

  static GaugeSnapshot gauge(String name, GaugeDataPoint... points) {
    return new GaugeSnapshot(meta(name, "h"), List.of(points));
  }

  static GaugeDataPoint gaugePoint(double value, String... labels) {
    return new GaugeDataPoint(value, Labels.of(labels));
  }

  static UnknownSnapshot unknown(String name, double value) {
    return new UnknownSnapshot(meta(name, "h"), List.of(new UnknownDataPoint(value, Labels.EMPTY)));
  }

  static InfoSnapshot info(String name, String... labels) {
    return new InfoSnapshot(meta(name, "h"), List.of(new InfoDataPoint(Labels.of(labels))));
  }

  static StateSetSnapshot stateSet(String name, StateSetDataPoint... points) {
    return new StateSetSnapshot(meta(name, "h"), List.of(points));
  }

  static HistogramSnapshot histogram(String name, HistogramDataPoint... points) {
    return new HistogramSnapshot(meta(name, "h"), List.of(points));
  }

  static HistogramSnapshot gaugeHistogram(String name, HistogramDataPoint... points) {
    return new HistogramSnapshot(true, meta(name, "h"), List.of(points));
  }

  /** A histogram data point from upper bounds (without +Inf) and cumulative counts (with +Inf). */
  static HistogramDataPoint histogramPoint(double[] bounds, long[] counts, double sum, String... labels) {
    return histogramPoint(bounds, counts, sum, Labels.of(labels), 0, 0);
  }

  static HistogramDataPoint histogramPoint(double[] bounds, long[] counts, double sum, Labels labels,
      long created, long timestamp) {
    double[] withInf = java.util.Arrays.copyOf(bounds, bounds.length + 1);
    withInf[bounds.length] = Double.POSITIVE_INFINITY;
    return new HistogramDataPoint(ClassicBuckets.of(withInf, counts), sum, labels, created, timestamp);
  }

  static SummarySnapshot summary(String name, SummaryDataPoint... points) {
    return new SummarySnapshot(meta(name, "h"), List.of(points));
  }

  static SummaryDataPoint summaryPoint(long count, double sum, double[] quantiles, double[] values,
      String... labels) {
    return new SummaryDataPoint(count, sum, Quantiles.of(quantiles, values), Labels.of(labels));
  }
}
