package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.ScrapeFront;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus 2.42 with {@code --enable-feature=native-histograms} scrapes our live native
 * histograms (native-only at schemas 3 and 0, and a default classic + native one at schema 5) from
 * our server over the protobuf format it negotiates, and stores them as native histograms:
 * PromQL's {@code histogram_count}, {@code histogram_sum} and {@code histogram_quantile(0.5|0.9)}
 * agree with the values fed, the quantiles within the schema's relative error. A histogram never
 * observed is stored as native only if its zero threshold is above 0 (what 2.42 does).
 *
 * <p>The error bound: the estimate lies in the bucket {@code (base^(i-1), base^i]} that holds the
 * observation of rank {@code ceil(q·count)}, whatever Prometheus interpolates there, so estimate
 * and true value differ by at most a factor {@code base = 2^(2^-schema)}: a relative error below
 * {@code base - 1} (9.05% at schema 3, 100% at schema 0).
 */
@Tag("peers")
class NativeHistogramPrometheusTest {
  private static final double ZERO_THRESHOLD = 0x1p-128;

  @Test
  void prometheusStoresTheNativeHistogramAndItsQuantilesAgreeWithTheValuesFed() throws Exception {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    CollectorRegistry registry = new CollectorRegistry();
    List<Fed> fed = List.of(
        Fed.values(Histogram.builder().name("rpc_seconds").help("RPC latency.").nativeOnly().nativeInitialSchema(3)
            .nativeMaxNumberOfBuckets(1000),
            3, registry, random, 500),
        Fed.values(Histogram.builder().name("batch_seconds").help("Batch time.").nativeOnly().nativeInitialSchema(0)
            .nativeMaxNumberOfBuckets(1000),
            0, registry, random, 200),
        Fed.values(Histogram.builder().name("request_seconds").help("Requests: classic + native, the default."),
            5, registry, random, 100)); // at most 100 buckets: under the default limit of 160
    Histogram.builder().name("idle_seconds").help("Never observed, zero threshold 0.").nativeOnly()
        .nativeMinZeroThreshold(0).register(registry);
    Histogram.builder().name("waiting_seconds").help("Never observed, zero threshold 2^-128.").nativeOnly()
        .register(registry);
    try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(registry).buildAndStart();
        ScrapeFront front = ScrapeFront.forward("http://127.0.0.1:" + server.getPort() + "/metrics");
        PrometheusServer prometheus = PrometheusServer.start(PrometheusServer.scrapeJob("native", front.hostPort()),
            "--enable-feature=native-histograms")) {
      prometheus.awaitQuery("count({__name__=~\"rpc_seconds|batch_seconds|request_seconds\"})",
          r -> r.size() == 1 && r.get(0).value() == 3, Duration.ofSeconds(30));
      assertThat(front.scrapes()).isNotEmpty().allSatisfy(s -> {
        assertThat(s.accept()).startsWith("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily");
        assertThat(s.contentType()).isEqualTo(ExpositionFormat.PROMETHEUS_PROTOBUF.contentType());
      });
      // Stored natively: no classic series next to the native ones (2.42 keeps only the native
      // part of a classic + native histogram unless scrape_classic_histograms is set).
      assertThat(prometheus.query("{__name__=~\"(rpc|batch|request|waiting)_seconds_(bucket|count|sum)\"}")).isEmpty();

      for (Fed f : fed) {
        assertThat(prometheus.apiGet("/api/v1/query?query=" + URLEncoder.encode(f.name, StandardCharsets.UTF_8)))
            .contains("\"histogram\"");
        assertThat(value(prometheus, "histogram_count(" + f.name + ")")).as("seed %d", seed).isEqualTo(f.values.length);
        assertThat(value(prometheus, "histogram_sum(" + f.name + ")")).as("seed %d", seed)
            .isCloseTo(f.sum, org.assertj.core.data.Percentage.withPercentage(1e-9));
        for (double q : new double[] {0.5, 0.9}) {
          double estimate = value(prometheus, "histogram_quantile(" + q + ", " + f.name + ")");
          double truth = f.quantile(q);
          assertThat(estimate).as("%s: q=%s at schema %d, seed %d: true %s, bound factor %s", f.name, q, f.schema, seed,
              truth, f.base()).isBetween(truth / f.base(), truth * f.base());
        }
      }
      // Never observed: with a zero threshold above 0 Prometheus 2.42 stores it as native; with a
      // zero threshold of 0 as classic, no-op span or not (2.42 tells native histograms by
      // deltas, zero threshold or zero count; later versions also by the span).
      String waiting = prometheus.apiGet("/api/v1/query?query="
          + URLEncoder.encode("{__name__=~\"waiting_seconds.*\"}", StandardCharsets.UTF_8));
      assertThat(waiting).contains("\"__name__\":\"waiting_seconds\"").contains("\"histogram\":[")
          .contains("{\"count\":\"0\",\"sum\":\"0\"}");
      assertThat(prometheus.query("{__name__=~\"idle_seconds.*\"}")).extracting(r -> r.labels().get("__name__"))
          .containsExactlyInAnyOrder("idle_seconds_bucket", "idle_seconds_count", "idle_seconds_sum");
    }
  }

  private static double value(PrometheusServer prometheus, String promql) {
    List<PrometheusServer.QueryResult> r = prometheus.query(promql);
    assertThat(r).as(promql).hasSize(1);
    return r.get(0).value();
  }

  /** The values fed to a live histogram of one schema, sorted. */
  private record Fed(String name, int schema, double[] values, double sum) {
    /**
     * Registers the histogram and feeds it {@code n} values spread log-uniformly over 1e-3..1e3,
     * one in ten an exact power of two (a bucket bound at every schema).
     */
    static Fed values(Histogram.Builder builder, int schema, CollectorRegistry registry, Random random, int n) {
      Histogram histogram = builder.register(registry);
      double[] values = new double[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double v = random.nextInt(10) == 0 ? Math.scalb(1.0, random.nextInt(20) - 10)
            : Math.pow(10, -3 + 6 * random.nextDouble());
        histogram.observe(v);
        values[i] = v;
        sum += v;
      }
      Arrays.sort(values);
      return new Fed(histogram.name(), schema, values, sum);
    }

    double base() {
      return Math.pow(2, Math.pow(2, -schema));
    }

    /** The observation of rank {@code ceil(q·n)}, the one whose bucket Prometheus' estimate lies in. */
    double quantile(double q) {
      return values[(int) Math.ceil(q * values.length) - 1];
    }
  }
}
