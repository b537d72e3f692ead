package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import io.promsdk.core.model.ClassicBuckets;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.NativeBuckets;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The text formats have no native buckets: they show a histogram's classic buckets, and for a
 * native-only one just {@code +Inf}, {@code _count} and {@code _sum}, exactly as client_java 1.10's
 * text writers show the same histograms.
 */
class NativeHistogramTextTest {
  private static final NativeBuckets NATIVE = NativeBuckets.builder(3).zeroThreshold(0x1p-128).zeroCount(1)
      .positive(-2, 3).positive(5, 2).negative(1, 1).build();

  @Test
  void nativeOnlyShowsInfCountAndSumInBothTextFormats() throws Exception {
    MetricSnapshots ours = ours();
    assertThat(text(ExpositionFormat.PROMETHEUS_TEXT, ours)).isEqualTo("""
        # HELP rpc_seconds RPC latency.
        # TYPE rpc_seconds histogram
        rpc_seconds_bucket{path="/a",le="+Inf"} 7
        rpc_seconds_count{path="/a"} 7
        rpc_seconds_sum{path="/a"} 2.5
        rpc_seconds_bucket{path="/b",le="1.0"} 4
        rpc_seconds_bucket{path="/b",le="+Inf"} 7
        rpc_seconds_count{path="/b"} 7
        rpc_seconds_sum{path="/b"} 2.5
        """);
    assertThat(text(ExpositionFormat.PROMETHEUS_TEXT, ours)).isEqualTo(clientJava(false));
    assertThat(text(ExpositionFormat.OPENMETRICS_TEXT, ours)).isEqualTo(clientJava(true));
  }

  private static MetricSnapshots ours() {
    return MetricSnapshots.of(new HistogramSnapshot(new MetricMetadata("rpc_seconds", "RPC latency."), List.of(
        HistogramDataPoint.nativeOnly(NATIVE, 2.5, Labels.of("path", "/a")),
        new HistogramDataPoint(ClassicBuckets.of(new double[] {1, Double.POSITIVE_INFINITY}, new long[] {4, 7}), NATIVE,
            2.5, Labels.of("path", "/b"), 0, 0))));
  }

  private static String text(ExpositionFormat format, MetricSnapshots snapshots) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    format.write(out, snapshots);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String clientJava(boolean openMetrics) throws Exception {
    NativeHistogramBuckets positive = NativeHistogramBuckets.of(new int[] {-2, 5}, new long[] {3, 2});
    NativeHistogramBuckets negative = NativeHistogramBuckets.of(new int[] {1}, new long[] {1});
    var snapshot = io.prometheus.metrics.model.snapshots.HistogramSnapshot.builder().name("rpc_seconds").help("RPC latency.")
        .dataPoint(HistogramDataPointSnapshot.builder().nativeSchema(3).nativeZeroThreshold(0x1p-128).nativeZeroCount(1)
            .nativeBucketsForPositiveValues(positive).nativeBucketsForNegativeValues(negative).sum(2.5)
            .labels(io.prometheus.metrics.model.snapshots.Labels.of("path", "/a")).build())
        .dataPoint(HistogramDataPointSnapshot.builder().nativeSchema(3).nativeZeroThreshold(0x1p-128).nativeZeroCount(1)
            .nativeBucketsForPositiveValues(positive).nativeBucketsForNegativeValues(negative).sum(2.5)
            .classicHistogramBuckets(ClassicHistogramBuckets.of(new double[] {1, Double.POSITIVE_INFINITY}, new long[] {4, 3}))
            .labels(io.prometheus.metrics.model.snapshots.Labels.of("path", "/b")).build())
        .build();
    var snapshots = io.prometheus.metrics.model.snapshots.MetricSnapshots.of(snapshot);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (openMetrics) {
      OpenMetricsTextFormatWriter.create().write(out, snapshots, EscapingScheme.DEFAULT);
    } else {
      PrometheusTextFormatWriter.create().write(out, snapshots, EscapingScheme.DEFAULT);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
