package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.NativeBuckets;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.testsupport.Json;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.PushgatewayServer;
import io.promsdk.testsupport.PushgatewayServer.Family;
import io.promsdk.testsupport.PushgatewayServer.Group;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What Pushgateway 1.5.1 does with a native histogram pushed in the protobuf format: it accepts the
 * push and keeps the native fields, but shows none of them itself ({@code /api/v1/metrics} lists
 * the histogram with no buckets, its text {@code /metrics} only {@code +Inf}, count and sum); a
 * Prometheus 2.42 with {@code --enable-feature=native-histograms} scraping the gateway (protobuf,
 * {@code honor_labels}) stores it as the native histogram pushed, bucket for bucket.
 */
@Tag("peers")
class NativeHistogramPushTest {
  private static final double ZERO_THRESHOLD = 0x1p-128;

  @Test
  void aProtobufPushKeepsTheNativeHistogramForPrometheusToScrape() throws Exception {
    NativeBuckets b = NativeBuckets.builder(3).zeroThreshold(ZERO_THRESHOLD).zeroCount(1)
        .positive(-2, 3).positive(5, 2).negative(1, 1).build();
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(() -> List.of(new HistogramSnapshot(new MetricMetadata("rpc_seconds", "RPC latency."),
        List.of(HistogramDataPoint.nativeOnly(b, 2.5, Labels.of("path", "/a"))))));
    try (PushgatewayServer gateway = PushgatewayServer.start()) {
      PushGateway.builder().address(gateway.hostPort()).job("native").registry(registry)
          .format(ExpositionFormat.PROMETHEUS_PROTOBUF).build().push();

      Group group = gateway.groups().stream().filter(g -> "native".equals(g.labels().get("job"))).findFirst()
          .orElseThrow();
      assertThat(group.lastPushSuccessful()).isTrue();
      Family family = group.family("rpc_seconds");
      assertThat(family.type()).isEqualTo("HISTOGRAM");
      assertThat(gateway.apiMetricsJson()).contains("\"buckets\":{},\"count\":\"7\"");
      assertThat(family.samples()).extracting(s -> s.name() + "=" + s.value())
          .containsExactlyInAnyOrder("rpc_seconds_count=7", "rpc_seconds_sum=2.5");
      assertThat(gateway.metricsText().lines().filter(l -> l.startsWith("rpc_seconds")).toList()).containsExactly(
          "rpc_seconds_bucket{instance=\"\",job=\"native\",path=\"/a\",le=\"+Inf\"} 7",
          "rpc_seconds_sum{instance=\"\",job=\"native\",path=\"/a\"} 2.5",
          "rpc_seconds_count{instance=\"\",job=\"native\",path=\"/a\"} 7");

      try (PrometheusServer prometheus = PrometheusServer.start(
          PrometheusServer.scrapeJob("pushgateway", gateway.hostPort(), "honor_labels: true"),
          "--enable-feature=native-histograms")) {
        prometheus.awaitQuery("histogram_count(rpc_seconds)", r -> r.size() == 1, Duration.ofSeconds(30));
        Map<?, ?> sample = nativeSample(prometheus.apiGet("/api/v1/query?query="
            + URLEncoder.encode("rpc_seconds{job=\"native\",path=\"/a\"}", StandardCharsets.UTF_8)));
        assertThat(sample.get("count")).isEqualTo("7");
        assertThat(sample.get("sum")).isEqualTo("2.5");
        double base = Math.pow(2, 1 / 8.0);
        List<double[]> buckets = new ArrayList<>();
        for (Object o : (List<?>) sample.get("buckets")) {
          List<?> bucket = (List<?>) o; // [boundary rule, lower, upper, count]
          buckets.add(new double[] {num(bucket.get(1)), num(bucket.get(2)), num(bucket.get(3))});
        }
        assertThat(buckets).hasSize(4);
        assertBucket(buckets.get(0), -base, -1, 1);                       // negative index 1
        assertBucket(buckets.get(1), -ZERO_THRESHOLD, ZERO_THRESHOLD, 1); // the zero bucket
        assertBucket(buckets.get(2), Math.pow(base, -3), Math.pow(base, -2), 3);
        assertBucket(buckets.get(3), Math.pow(base, 4), Math.pow(base, 5), 2);
      }
    }
  }

  /** The {count, sum, buckets} of the one native histogram sample an instant query returned. */
  private static Map<?, ?> nativeSample(String response) {
    Map<?, ?> data = (Map<?, ?>) ((Map<?, ?>) Json.parse(response)).get("data");
    List<?> result = (List<?>) data.get("result");
    assertThat(result).as(response).hasSize(1);
    List<?> histogram = (List<?>) ((Map<?, ?>) result.get(0)).get("histogram");
    assertThat(histogram).as("a native histogram sample: " + response).isNotNull();
    return (Map<?, ?>) histogram.get(1);
  }

  private static double num(Object value) {
    return value instanceof String s ? Double.parseDouble(s) : ((Number) value).doubleValue();
  }

  private static void assertBucket(double[] actual, double lower, double upper, long count) {
    assertThat(actual[0]).isCloseTo(lower, within(Math.abs(lower) * 1e-12));
    assertThat(actual[1]).isCloseTo(upper, within(Math.abs(upper) * 1e-12));
    assertThat(actual[2]).isEqualTo((double) count);
  }
}
