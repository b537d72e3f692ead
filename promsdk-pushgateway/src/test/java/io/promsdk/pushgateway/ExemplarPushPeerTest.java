package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.model.Labels;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.PushgatewayServer;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Exemplars travel with a protobuf push: the Pushgateway 1.5.1 keeps the pushed {@code
 * MetricFamily} messages as they are, exemplars included, and serves them in protobuf to a
 * Prometheus 2.42 that asks for it (native histograms on), whose {@code /api/v1/query_exemplars}
 * then has them. (The Pushgateway reads no OpenMetrics, and the text format 0.0.4 has no
 * exemplars, so a text push carries none.)
 */
@Tag("peers")
class ExemplarPushPeerTest {

  @Test
  void aProtobufPushCarriesCounterAndBucketExemplarsThroughToPrometheus() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Counter jobs = Counter.builder().name("batch_jobs_total").help("Jobs.").register(registry);
    jobs.incWithExemplar(3, Labels.of("trace_id", "0af7651916cd43dd8448eb211c80319c", "span_id", "b7ad6b7169203331"));
    // Classic only: with native histograms on, Prometheus stores a classic + native histogram as
    // native, without _bucket series (the native one is below).
    Histogram sizes = Histogram.builder().name("batch_size").help("Sizes.").classicOnly().buckets(10, 100)
        .register(registry);
    Histogram latency = Histogram.builder().name("batch_latency_seconds").help("Latency.").nativeOnly()
        .register(registry);
    latency.observeWithExemplar(0.25, Labels.of("trace_id", "5bf92f3577b34da6a3ce929d0e0e4737"));
    sizes.observeWithExemplar(42, Labels.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736", "span_id", "00f067aa0ba902b7"));

    try (PushgatewayServer gateway = PushgatewayServer.start();
        PrometheusServer prometheus = PrometheusServer.start(
            PrometheusServer.scrapeJob("gateway", gateway.hostPort(), "honor_labels: true"),
            "--enable-feature=exemplar-storage,native-histograms")) {
      PushGateway.builder().address(gateway.hostPort()).job("batch").registry(registry)
          .format(ExpositionFormat.PROMETHEUS_PROTOBUF).build().push();
      prometheus.awaitTargetsUp(Duration.ofSeconds(30));
      Set<String> counter = Set.of();
      Set<String> bucket = Set.of();
      Set<String> nativeSeries = Set.of();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while ((counter.isEmpty() || bucket.isEmpty() || nativeSeries.isEmpty()) && System.nanoTime() < deadline) {
        Thread.sleep(500);
        counter = traceIds(prometheus, "batch_jobs_total");
        bucket = traceIds(prometheus, "batch_size_bucket");
        nativeSeries = traceIds(prometheus, "batch_latency_seconds");
      }
      assertThat(counter).containsExactly("0af7651916cd43dd8448eb211c80319c");
      assertThat(bucket).containsExactly("4bf92f3577b34da6a3ce929d0e0e4736");
      // A native-only series' exemplar, which Prometheus 2.42 reads from the +Inf bucket written for it.
      assertThat(nativeSeries).containsExactly("5bf92f3577b34da6a3ce929d0e0e4737");
    }
  }

  /** The trace ids of the exemplars Prometheus stored for {@code selector}. */
  private static Set<String> traceIds(PrometheusServer prometheus, String selector) {
    return prometheus.exemplarLabels(selector).stream().map(l -> l.get("trace_id")).collect(Collectors.toSet());
  }
}
