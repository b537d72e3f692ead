package io.promsdk.tracer.otel;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.exemplars.Exemplars;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.httpserver.HTTPServer;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.ScrapeFront;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real thing: an application whose HTTP requests run inside OpenTelemetry spans (the SDK in
 * memory) counts them and observes their latency with no exemplar code; Prometheus 2.42 with
 * {@code --enable-feature=exemplar-storage} scrapes promsdk's HTTP server, and {@code
 * /api/v1/query_exemplars} answers with the trace ids of those spans. Twice: without
 * native histograms Prometheus negotiates OpenMetrics text; with {@code native-histograms} it
 * asks for protobuf first (a {@link ScrapeFront} in between records which format was served).
 */
@Tag("peers")
class PrometheusExemplarsPeerTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @ParameterizedTest(name = "native-histograms feature: {0}")
  @ValueSource(booleans = {false, true})
  void queryExemplarsReturnsTheTraceIdsOfTheRequestsSpans(boolean nativeHistograms) throws Exception {
    RecordingSpans spans = new RecordingSpans();
    Duration interval = Exemplars.sampleInterval();
    Exemplars.setSampleInterval(Duration.ofMillis(200)); // several exemplars per scrape interval of 1 s
    CollectorRegistry registry = new CollectorRegistry();
    Counter requests;
    Histogram latency;
    try {
      requests = Counter.builder().name("app_requests_total").help("Requests.").register(registry);
      latency = Histogram.builder().name("app_latency_seconds").help("Latency.").buckets(0.001, 0.01, 0.1, 1)
          .register(registry);
    } finally {
      Exemplars.setSampleInterval(interval);
    }
    HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    try (SdkTracerProvider tracing = RecordingSpans.provider(Sampler.alwaysOn(), spans);
        HTTPServer metrics = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart();
        AppServer app = new AppServer(tracing.get("app"), requests, latency);
        ScrapeFront front = ScrapeFront.forward("http://127.0.0.1:" + metrics.getPort() + "/metrics");
        PrometheusServer prometheus = PrometheusServer.start(PrometheusServer.scrapeJob("app", front.hostPort()),
            nativeHistograms ? "--enable-feature=exemplar-storage,native-histograms" : "--enable-feature=exemplar-storage")) {
      prometheus.awaitTargetsUp(Duration.ofSeconds(30));
      Set<String> counterTraces = Set.of();
      Set<String> bucketTraces = Set.of();
      // The histogram is classic + native (the default): with native histograms on, Prometheus stores
      // it as one native series, to which it attaches the buckets' exemplars; else as _bucket series.
      String histogramSeries = nativeHistograms ? "app_latency_seconds" : "app_latency_seconds_bucket";
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while ((counterTraces.size() < 2 || bucketTraces.isEmpty()) && System.nanoTime() < deadline) {
        for (int i = 0; i < 10; i++) {
          HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(app.url())).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
          Thread.sleep(50);
        }
        counterTraces = traceIds(prometheus, "app_requests_total");
        bucketTraces = traceIds(prometheus, histogramSeries);
      }
      assertThat(counterTraces).as("exemplars of app_requests_total").hasSizeGreaterThanOrEqualTo(2);
      assertThat(bucketTraces).as("exemplars of " + histogramSeries).isNotEmpty();
      assertThat(spans.endedTraceIds).containsAll(counterTraces).containsAll(bucketTraces);
      assertThat(prometheus.exemplarLabels("app_requests_total"))
          .allSatisfy(labels -> assertThat(labels.keySet()).containsExactlyInAnyOrder("trace_id", "span_id"));
      assertThat(front.scrapes()).isNotEmpty().allSatisfy(s -> assertThat(s.contentType())
          .startsWith(nativeHistograms ? "application/vnd.google.protobuf" : "application/openmetrics-text"));
    }
  }

  /** The trace ids of the exemplars Prometheus stored for {@code selector}. */
  private static Set<String> traceIds(PrometheusServer prometheus, String selector) {
    return prometheus.exemplarLabels(selector).stream().map(l -> l.get("trace_id")).collect(Collectors.toSet());
  }


  /** The application: each request to {@code /work} runs in its own span, counted and timed. */
  private static final class AppServer implements AutoCloseable {
    private final HttpServer server;

    AppServer(Tracer tracer, Counter requests, Histogram latency) throws java.io.IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
      server.createContext("/work", exchange -> {
        Span span = tracer.spanBuilder("GET /work").startSpan();
        try (Scope ignored = span.makeCurrent()) {
          long start = System.nanoTime();
          requests.inc();
          byte[] body = span.getSpanContext().getTraceId().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          latency.observe((System.nanoTime() - start) / 1e9);
        } finally {
          exchange.close();
          span.end();
        }
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/work";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
