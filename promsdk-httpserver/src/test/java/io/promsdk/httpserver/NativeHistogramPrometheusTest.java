package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.NativeBuckets;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.ScrapeFront;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus 2.42 with {@code --enable-feature=native-histograms} scrapes native histograms
 * from our server over the protobuf format it negotiates, and stores them as native histograms:
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
    Fed fine = Fed.values(3, random, 500);
    Fed coarse = Fed.values(0, random, 200);
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(() -> List.of(new HistogramSnapshot(new MetricMetadata("rpc_seconds", "RPC latency."), List.of(
        fine.point(Labels.of("schema", "3")), coarse.point(Labels.of("schema", "0")))),
        new HistogramSnapshot(new MetricMetadata("idle_seconds", "Never observed, zero threshold 0."), List.of(
            HistogramDataPoint.nativeOnly(NativeBuckets.builder(3).build(), 0, Labels.EMPTY))),
        new HistogramSnapshot(new MetricMetadata("waiting_seconds", "Never observed, zero threshold 2^-128."), List.of(
            HistogramDataPoint.nativeOnly(NativeBuckets.builder(3).zeroThreshold(ZERO_THRESHOLD).build(), 0,
                Labels.EMPTY)))));
    try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(registry).buildAndStart();
        ScrapeFront front = ScrapeFront.forward("http://127.0.0.1:" + server.getPort() + "/metrics");
        PrometheusServer prometheus = PrometheusServer.start(PrometheusServer.scrapeJob("native", front.hostPort()),
            "--enable-feature=native-histograms")) {
      prometheus.awaitQuery("histogram_count(rpc_seconds)", r -> r.size() >= 2, Duration.ofSeconds(30));
      assertThat(front.scrapes()).isNotEmpty().allSatisfy(s -> {
        assertThat(s.accept()).startsWith("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily");
        assertThat(s.contentType()).isEqualTo(ExpositionFormat.PROMETHEUS_PROTOBUF.contentType());
      });
      String stored = prometheus.apiGet("/api/v1/query?query=" + URLEncoder.encode("rpc_seconds", StandardCharsets.UTF_8));
      assertThat(stored).as("seed %d", seed).contains("\"histogram\"");
      // Stored natively: no classic series next to the native one.
      assertThat(prometheus.query("count({__name__=~\"rpc_seconds_(bucket|count|sum)\"})")).isEmpty();

      for (Fed fed : List.of(fine, coarse)) {
        String selector = "rpc_seconds{schema=\"" + fed.schema + "\"}";
        assertThat(value(prometheus, "histogram_count(" + selector + ")")).as("seed %d", seed).isEqualTo(fed.values.length);
        assertThat(value(prometheus, "histogram_sum(" + selector + ")")).as("seed %d", seed)
            .isCloseTo(fed.sum, org.assertj.core.data.Percentage.withPercentage(1e-9));
        for (double q : new double[] {0.5, 0.9}) {
          double estimate = value(prometheus, "histogram_quantile(" + q + ", " + selector + ")");
          double truth = fed.quantile(q);
          assertThat(estimate).as("q=%s at schema %d, seed %d: true %s, bound factor %s", q, fed.schema, seed, truth,
              fed.base()).isBetween(truth / fed.base(), truth * fed.base());
        }
      }
      // A never observed native histogram: with a zero threshold above 0 Prometheus 2.42 stores it as
      // native; with a zero threshold of 0 it stores it as classic, no-op span or not (2.42 tells
      // native by deltas, zero threshold or zero count; later versions also by the span).
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

  /** Values fed to a histogram of one schema, and the native buckets they fall in. */
  private record Fed(int schema, double[] values, double sum, NativeBuckets buckets) {
    /** {@code n} values spread log-uniformly over 1e-3..1e3, some of them exact powers of two (bucket bounds). */
    static Fed values(int schema, Random random, int n) {
      double[] values = new double[n];
      TreeMap<Integer, Long> counts = new TreeMap<>();
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double v = random.nextInt(10) == 0 ? Math.scalb(1.0, random.nextInt(20) - 10)
            : Math.pow(10, -3 + 6 * random.nextDouble());
        values[i] = v;
        sum += v;
        counts.merge(index(v, schema), 1L, Long::sum);
      }
      Arrays.sort(values);
      NativeBuckets.Builder b = NativeBuckets.builder(schema).zeroThreshold(ZERO_THRESHOLD);
      counts.forEach(b::positive);
      return new Fed(schema, values, sum, b.build());
    }

    HistogramDataPoint point(Labels labels) {
      return HistogramDataPoint.nativeOnly(buckets, sum, labels);
    }

    double base() {
      return Math.pow(2, Math.pow(2, -schema));
    }

    /** The observation of rank {@code ceil(q·n)}, the one whose bucket Prometheus' estimate lies in. */
    double quantile(double q) {
      return values[(int) Math.ceil(q * values.length) - 1];
    }

    /** The bucket of {@code v > 0}: the {@code i} with {@code 2^((i-1)·2^-schema) < v <= 2^(i·2^-schema)}. */
    private static int index(double v, int schema) {
      double width = Math.pow(2, -schema); // exact
      int i = (int) Math.ceil(Math.log(v) / Math.log(2) / width);
      while (Math.pow(2, (i - 1) * width) >= v) {
        i--;
      }
      while (Math.pow(2, i * width) < v) {
        i++;
      }
      return i;
    }
  }
}
