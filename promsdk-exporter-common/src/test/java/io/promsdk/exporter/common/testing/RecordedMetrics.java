package io.promsdk.exporter.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Summary;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.PrometheusServer.QueryResult;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * One metric of each type with known values, and the PromQL checks that a real Prometheus which
 * scraped them got exactly those values.
 */
public final class RecordedMetrics {
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);

  private RecordedMetrics() {}

  /**
   * Registers and records: a counter with labels (GET/200: 7, POST/500: 2), a gauge (21.5), a
   * histogram whose median is 0.2 by Prometheus' interpolation, and a summary of 1..100.
   */
  public static void record(CollectorRegistry registry) {
    Counter requests = Counter.builder().name("test_requests_total").help("Requests by method and status.")
        .labelNames("method", "status").register(registry);
    requests.labelValues("GET", "200").inc(7);
    requests.labelValues("POST", "500").inc(2);

    Gauge temperature = Gauge.builder().name("test_temperature_celsius").help("A temperature.").register(registry);
    temperature.set(21.5);

    // Classic only: these are read back as classic series (_bucket{le}); a Prometheus scraping
    // protobuf with native histograms on would store a classic + native one as native only.
    Histogram latency = Histogram.builder().name("test_latency_seconds").help("Latencies.")
        .buckets(0.1, 0.5, 1, 5).classicOnly().register(registry);
    // 4 in (0, 0.1], 4 in (0.1, 0.5], 2 in (0.5, 1]: the 5th of 10 lies a quarter into (0.1, 0.5].
    for (double v : new double[] {0.05, 0.05, 0.05, 0.05, 0.3, 0.3, 0.3, 0.3, 0.7, 0.7}) {
      latency.observe(v);
    }

    Summary payload = Summary.builder().name("test_payload_bytes").help("Payload sizes.")
        .quantile(0.5, 0.05).quantile(0.9, 0.01).register(registry);
    for (int i = 1; i <= 100; i++) {
      payload.observe(i);
    }
  }

  /** Waits until {@code prometheus} has scraped the values {@link #record} set, through job {@code job}. */
  public static void assertScraped(PrometheusServer prometheus, String job) {
    String sel = "job=\"" + job + "\"";
    await(prometheus, "test_requests_total{" + sel + ",method=\"GET\",status=\"200\"}", 7);
    await(prometheus, "test_requests_total{" + sel + ",method=\"POST\",status=\"500\"}", 2);
    await(prometheus, "test_temperature_celsius{" + sel + "}", 21.5);
    await(prometheus, "histogram_quantile(0.5, test_latency_seconds_bucket{" + sel + "})", 0.2);
    await(prometheus, "test_latency_seconds_count{" + sel + "}", 10);
    // Rank errors 0.05 and 0.01 of 100 observations 1..100.
    awaitBetween(prometheus, "test_payload_bytes{" + sel + ",quantile=\"0.5\"}", 45, 55);
    awaitBetween(prometheus, "test_payload_bytes{" + sel + ",quantile=\"0.9\"}", 89, 91);
    await(prometheus, "test_payload_bytes_count{" + sel + "}", 100);
    await(prometheus, "test_payload_bytes_sum{" + sel + "}", 5050);
  }

  static void await(PrometheusServer prometheus, String promql, double expected) {
    List<QueryResult> result = prometheus.awaitQuery(promql, single(v -> Math.abs(v - expected) < 1e-9), QUERY_TIMEOUT);
    assertThat(result.get(0).value()).as(promql).isCloseTo(expected, within(1e-9));
  }

  static void awaitBetween(PrometheusServer prometheus, String promql, double low, double high) {
    prometheus.awaitQuery(promql, single(v -> v >= low && v <= high), QUERY_TIMEOUT);
  }

  private static Predicate<List<QueryResult>> single(Predicate<Double> value) {
    return r -> r.size() == 1 && value.test(r.get(0).value());
  }
}
