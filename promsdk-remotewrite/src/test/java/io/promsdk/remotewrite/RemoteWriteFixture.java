package io.promsdk.remotewrite;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.ClassicBuckets;
import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.HistogramExemplars;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.InfoSnapshot;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.NativeBuckets;
import io.promsdk.core.model.Quantiles;
import io.promsdk.core.model.StateSetSnapshot;
import io.promsdk.core.model.SummarySnapshot;
import io.promsdk.core.model.Unit;
import io.promsdk.core.model.UnknownSnapshot;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A registry with one family of every type, as snapshots with known values, created timestamps
 * and exemplars, and the series a remote-write read of it must give (see {@link DecodedSeries}).
 */
final class RemoteWriteFixture {
  static final long T = 1_700_000_000_000L;
  static final long CREATED = 1_600_000_000_000L;
  static final long EXEMPLAR_TS = 1_699_999_999_500L;
  static final Map<String, String> EXTERNAL = externalLabels();

  private RemoteWriteFixture() {}

  private static Map<String, String> externalLabels() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put("job", "api");
    m.put("instance", "h:1");
    return m;
  }

  static CollectorRegistry registry() {
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(new Collector() {
      @Override
      public Collection<? extends MetricSnapshot<?>> collect() {
        return snapshots();
      }
    });
    return registry;
  }

  static List<MetricSnapshot<?>> snapshots() {
    Exemplar trace = new Exemplar(Labels.of("trace_id", "abc"), 2, EXEMPLAR_TS);
    Exemplar untimed = new Exemplar(Labels.of("trace_id", "def"), 0.05, 0);
    NativeBuckets nativeBuckets = NativeBuckets.of(3, 0.001, 1, new int[] {1, 2, 6}, new long[] {2, 1, 3},
        new int[] {-1}, new long[] {1});
    return List.of(
        new CounterSnapshot(new MetricMetadata("jobs", "Jobs done."), List.of(
            new CounterSnapshot.CounterDataPoint(7, Labels.of("queue", "q"), CREATED, 0, trace),
            // its own instance label wins over the external one
            new CounterSnapshot.CounterDataPoint(1, Labels.of("instance", "own", "queue", "r")))),
        new GaugeSnapshot(new MetricMetadata("temperature_celsius", "", Unit.CELSIUS), List.of(
            new GaugeSnapshot.GaugeDataPoint(21.5, Labels.EMPTY))),
        new UnknownSnapshot(new MetricMetadata("legacy", "Untyped."), List.of(
            new UnknownDataPointOf(-0.0).point())),
        new InfoSnapshot(new MetricMetadata("build", "Build."), List.of(
            new InfoSnapshot.InfoDataPoint(Labels.of("version", "1.2")))),
        new StateSetSnapshot(new MetricMetadata("feature", "Features."), List.of(
            new StateSetSnapshot.StateSetDataPoint(new String[] {"a", "b"}, new boolean[] {true, false},
                Labels.of("env", "prod")))),
        new HistogramSnapshot(new MetricMetadata("latency_seconds", "Latency.", Unit.SECONDS), List.of(
            new HistogramDataPoint(ClassicBuckets.of(new double[] {0.1, 1, Double.POSITIVE_INFINITY},
                new long[] {1, 3, 4}), 2.5, Labels.of("path", "/a"), CREATED, 0,
                HistogramExemplars.of(new Exemplar[] {untimed, null, null}, List.of())))),
        new SummarySnapshot(new MetricMetadata("rpc_seconds", "RPCs.", Unit.SECONDS), List.of(
            new SummarySnapshot.SummaryDataPoint(10, 5, Quantiles.of(new double[] {0.5, 0.99},
                new double[] {0.2, 0.9}), Labels.EMPTY, CREATED, 0))),
        new HistogramSnapshot(new MetricMetadata("sizes", "Both."), List.of(
            new HistogramDataPoint(ClassicBuckets.of(new double[] {1, Double.POSITIVE_INFINITY}, new long[] {4, 8}),
                nativeBuckets, 12, Labels.EMPTY, CREATED, 0,
                HistogramExemplars.of(new Exemplar[0], List.of(trace))))),
        new HistogramSnapshot(true, new MetricMetadata("queue_depth", "Native gauge histogram."), List.of(
            HistogramDataPoint.nativeOnly(nativeBuckets, 12, Labels.EMPTY))));
  }

  /** An unknown data point (its own class only to keep the list above readable). */
  private record UnknownDataPointOf(double value) {
    UnknownSnapshot.UnknownDataPoint point() {
      return new UnknownSnapshot.UnknownDataPoint(value, Labels.EMPTY);
    }
  }

  private static final String NATIVE = "histogram{count_int: 8 sum: 12.0 schema: 3 zero_threshold: 0.001"
      + " zero_count_int: 1 negative_spans { offset: -1 length: 1 } negative_deltas: 1"
      + " positive_spans { offset: 1 length: 2 } positive_spans { offset: 3 length: 1 }"
      + " positive_deltas: 2 positive_deltas: -1 positive_deltas: 2";

  /**
   * What a read at {@link #T} with {@link #EXTERNAL} gives in remote write 1.0, in order, by
   * default: no native histogram; the native-only one as its +Inf bucket, count and sum.
   */
  static List<String> expectedV1() {
    List<String> series = new java.util.ArrayList<>(expectedV1WithNativeHistograms());
    series.remove(series.size() - 1);
    series.remove(series.size() - 1);
    series.addAll(List.of(
        "{__name__=\"queue_depth_bucket\",instance=\"h:1\",job=\"api\",le=\"+Inf\"} 8.0 @" + T,
        "{__name__=\"queue_depth_gcount\",instance=\"h:1\",job=\"api\"} 8.0 @" + T,
        "{__name__=\"queue_depth_gsum\",instance=\"h:1\",job=\"api\"} 12.0 @" + T));
    return series;
  }

  /** The same, from a reader told to send native histograms in 1.0 too. */
  static List<String> expectedV1WithNativeHistograms() {
    return List.of(
        "{__name__=\"jobs_total\",instance=\"h:1\",job=\"api\",queue=\"q\"} 7.0 @" + T
            + " # {trace_id=\"abc\"} 2.0 @" + EXEMPLAR_TS,
        "{__name__=\"jobs_total\",instance=\"own\",job=\"api\",queue=\"r\"} 1.0 @" + T,
        "{__name__=\"temperature_celsius\",instance=\"h:1\",job=\"api\"} 21.5 @" + T,
        "{__name__=\"legacy\",instance=\"h:1\",job=\"api\"} -0.0 @" + T,
        "{__name__=\"build_info\",instance=\"h:1\",job=\"api\",version=\"1.2\"} 1.0 @" + T,
        "{__name__=\"feature\",env=\"prod\",feature=\"a\",instance=\"h:1\",job=\"api\"} 1.0 @" + T,
        "{__name__=\"feature\",env=\"prod\",feature=\"b\",instance=\"h:1\",job=\"api\"} 0.0 @" + T,
        "{__name__=\"latency_seconds_bucket\",instance=\"h:1\",job=\"api\",le=\"0.1\",path=\"/a\"} 1.0 @" + T
            + " # {trace_id=\"def\"} 0.05 @" + T,
        "{__name__=\"latency_seconds_bucket\",instance=\"h:1\",job=\"api\",le=\"1.0\",path=\"/a\"} 3.0 @" + T,
        "{__name__=\"latency_seconds_bucket\",instance=\"h:1\",job=\"api\",le=\"+Inf\",path=\"/a\"} 4.0 @" + T,
        "{__name__=\"latency_seconds_count\",instance=\"h:1\",job=\"api\",path=\"/a\"} 4.0 @" + T,
        "{__name__=\"latency_seconds_sum\",instance=\"h:1\",job=\"api\",path=\"/a\"} 2.5 @" + T,
        "{__name__=\"rpc_seconds\",instance=\"h:1\",job=\"api\",quantile=\"0.5\"} 0.2 @" + T,
        "{__name__=\"rpc_seconds\",instance=\"h:1\",job=\"api\",quantile=\"0.99\"} 0.9 @" + T,
        "{__name__=\"rpc_seconds_count\",instance=\"h:1\",job=\"api\"} 10.0 @" + T,
        "{__name__=\"rpc_seconds_sum\",instance=\"h:1\",job=\"api\"} 5.0 @" + T,
        "{__name__=\"sizes_bucket\",instance=\"h:1\",job=\"api\",le=\"1.0\"} 4.0 @" + T,
        "{__name__=\"sizes_bucket\",instance=\"h:1\",job=\"api\",le=\"+Inf\"} 8.0 @" + T,
        "{__name__=\"sizes_count\",instance=\"h:1\",job=\"api\"} 8.0 @" + T,
        "{__name__=\"sizes_sum\",instance=\"h:1\",job=\"api\"} 12.0 @" + T,
        "{__name__=\"sizes\",instance=\"h:1\",job=\"api\"} " + NATIVE + " timestamp: " + T + "}"
            + " # {trace_id=\"abc\"} 2.0 @" + EXEMPLAR_TS,
        "{__name__=\"queue_depth\",instance=\"h:1\",job=\"api\"} " + NATIVE + " reset_hint: GAUGE timestamp: " + T + "}");
  }
}
