package io.promsdk.instrumentation.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.exporter.common.testing.RecordedMetrics;
import io.promsdk.servlet.MetricsServlet;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.PrometheusServer.QueryResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

/**
 * What every jakarta container must do with promsdk, run by one subclass per container module
 * (Tomcat 10.1, Tomcat 11, Jetty 12 ee10 and ee11): the request metrics filter's scenarios of {@link
 * ServletMetricsFilterContract}, and a real Prometheus scraping {@link MetricsServlet} in the same
 * container while the filter records every request, the scrapes included.
 */
public abstract class JakartaContainerContract extends ServletMetricsFilterContract {
  private static final String JOB = "container";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private JakartaContainer container;

  /** Starts the container under test with {@code deployment} on a free 127.0.0.1 port. */
  protected abstract JakartaContainer deploy(JakartaDeployment deployment) throws Exception;

  /** The container and version that should run, as it names itself, e.g. "Apache Tomcat/11.0.27". */
  protected abstract String expectedServer();

  /** The name and version the running container gives, to prove the module runs the one it names. */
  protected abstract String runningServer();

  @Override
  protected final Client start(HttpServerMetrics metrics) throws Exception {
    container = deploy(JakartaDeployment.ofContract(new JakartaServletMetricsFilter(metrics), hold));
    return new Client(container.port());
  }

  @Override
  protected final void stopServer() throws Exception {
    if (container != null) {
      container.close();
    }
  }

  @Test
  void theModuleRunsTheContainerItNames() {
    assertThat(runningServer()).startsWith(expectedServer());
  }

  @Test
  void prometheusScrapesTheServletAndReadsTheRequestMetricsByTemplate() throws Exception {
    RecordedMetrics.record(registry);
    HttpServerMetrics metrics = HttpServerMetrics.builder()
        .requestSizeBuckets(1, 10, 100).responseSizeBuckets(10, 100, 1000).register(registry);
    container = deploy(JakartaDeployment.of(new JakartaServletMetricsFilter(metrics))
        .with("metrics", "/metrics", new MetricsServlet(registry))
        .with("users", "/users/*", new UsersRouter())
        .with("hold", "/hold", JakartaDeployment.held(hold)));
    Client client = new Client(container.port());
    for (int id = 1; id <= 3; id++) {
      assertThat(client.get("/users/" + id)).isEqualTo(200); // each sends a 1-byte body
    }
    assertThat(client.post("/users/4")).isEqualTo(500);
    assertThat(client.get("/nowhere/5")).isEqualTo(404);

    try (PrometheusServer prometheus = PrometheusServer.start(
        PrometheusServer.scrapeJob(JOB, "127.0.0.1:" + container.port()))) {
      prometheus.awaitTargetsUp(TIMEOUT);
      RecordedMetrics.assertScraped(prometheus, JOB);

      await(prometheus, requests("GET", UsersRouter.TEMPLATE, "200", "SUCCESS", "none"), v -> v == 3);
      await(prometheus, requests("POST", UsersRouter.TEMPLATE, "500", "SERVER_ERROR",
          "IllegalStateException"), v -> v == 1);
      await(prometheus, requests("GET", "NOT_FOUND", "404", "CLIENT_ERROR", "none"), v -> v == 1);
      // Prometheus' own scrapes pass the filter too.
      await(prometheus, requests("GET", "/metrics", "200", "SUCCESS", "none"), v -> v >= 1);
      String users200 = "{job=\"" + JOB + "\",uri=\"" + UsersRouter.TEMPLATE + "\",status=\"200\"}";
      await(prometheus, "http_server_response_size_bytes_sum" + users200,
          v -> v == 3 * UsersRouter.BODY.length);
      await(prometheus, "http_server_request_size_bytes_sum" + users200, v -> v == 3);
      await(prometheus, "histogram_quantile(0.5, http_server_requests_seconds_bucket" + users200
          + ")", v -> v > 0 && v <= 10);
      // Templates and folded values only: no raw path became a label.
      assertThat(prometheus.query("count by (uri) (http_server_requests_seconds_count{job=\""
          + JOB + "\"})").stream().map(r -> r.labels().get("uri")))
          .containsExactlyInAnyOrder(UsersRouter.TEMPLATE, "NOT_FOUND", "/metrics");

      assertInFlightAsPrometheusSeesIt(prometheus, client);
    }
  }

  /** The scrape itself is in flight while it reads the gauge: 1 when idle, 2 with a held request. */
  private void assertInFlightAsPrometheusSeesIt(PrometheusServer prometheus, Client client)
      throws Exception {
    String inFlight = "http_server_requests_in_flight{job=\"" + JOB + "\"}";
    await(prometheus, inFlight, v -> v == 1);
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> status = sender.submit(() -> client.get("/hold"));
      assertThat(hold.awaitHeld()).isTrue();
      await(prometheus, inFlight, v -> v == 2);
      hold.release();
      assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(200);
      await(prometheus, inFlight, v -> v == 1);
    } finally {
      sender.shutdownNow();
    }
  }

  private static String requests(String method, String uri, String status, String outcome,
      String exception) {
    return "http_server_requests_seconds_count{job=\"" + JOB + "\",method=\"" + method
        + "\",uri=\"" + uri + "\",status=\"" + status + "\",outcome=\"" + outcome
        + "\",exception=\"" + exception + "\"}";
  }

  /** Waits until {@code promql} gives one series whose value {@code expected} accepts. */
  private static void await(PrometheusServer prometheus, String promql, DoublePredicate expected) {
    List<QueryResult> result = prometheus.awaitQuery(promql,
        r -> r.size() == 1 && expected.test(r.get(0).value()), TIMEOUT);
    assertThat(result).hasSize(1);
  }
}
