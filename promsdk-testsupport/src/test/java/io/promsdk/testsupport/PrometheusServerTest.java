package io.promsdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One Prometheus scrapes three tiny in-test HTTP servers: an open one, one behind basic auth
 * with the right password and the same with a wrong one.
 */
@Tag("peers")
class PrometheusServerTest {

  private static final Duration AWAIT = Duration.ofSeconds(30);
  private static final String EXPOSITION =
      """
      # HELP app_value A value with a tricky label.
      # TYPE app_value gauge
      app_value{path="a\\\\b\\"c"} 42
      app_value{path="nan"} NaN
      """;

  private static HttpServer open;
  private static HttpServer protectedApp;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void start() throws IOException {
    open = serve(false);
    protectedApp = serve(true);
    String auth = "basic_auth:\n  username: user\n  password: ";
    prometheus =
        PrometheusServer.start(
            PrometheusServer.scrapeJob("open", hostPort(open))
                + PrometheusServer.scrapeJob("auth", hostPort(protectedApp), auth + "secret")
                + PrometheusServer.scrapeJob("wrongauth", hostPort(protectedApp), auth + "nope"));
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    open.stop(0);
    protectedApp.stop(0);
  }

  @Test
  void scrapesTargetsAndQueriesVectors() {
    prometheus.awaitQuery("up{job=~\"open|auth\"} == 1", r -> r.size() == 2, AWAIT);

    List<PrometheusServer.QueryResult> result =
        prometheus.awaitQuery("app_value{job=\"open\"}", r -> r.size() == 2, AWAIT);

    assertThat(result)
        .containsExactlyInAnyOrder(
            new PrometheusServer.QueryResult(
                Map.of("__name__", "app_value", "job", "open", "instance", hostPort(open),
                    "path", "a\\b\"c"),
                42),
            new PrometheusServer.QueryResult(
                Map.of("__name__", "app_value", "job", "open", "instance", hostPort(open),
                    "path", "nan"),
                Double.NaN));
  }

  @Test
  void reportsTargetsWithTheirErrors() {
    // Every target scraped at least once, so none is still "unknown".
    prometheus.awaitQuery("up", r -> r.size() == 3, AWAIT);
    assertThat(prometheus.query("up{job=\"wrongauth\"}"))
        .extracting(PrometheusServer.QueryResult::value)
        .containsExactly(0.0);

    assertThat(prometheus.targets())
        .extracting(t -> t.scrapePool() + " " + t.health() + " " + t.scrapeUrl())
        .containsExactlyInAnyOrder(
            "open up http://" + hostPort(open) + "/metrics",
            "auth up http://" + hostPort(protectedApp) + "/metrics",
            "wrongauth down http://" + hostPort(protectedApp) + "/metrics");
    assertThat(prometheus.targets())
        .filteredOn(t -> t.scrapePool().equals("wrongauth"))
        .singleElement()
        .satisfies(t -> assertThat(t.lastError()).contains("401"));

    assertThatThrownBy(() -> prometheus.awaitTargetsUp(Duration.ofMillis(300)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("wrongauth")
        .hasMessageContaining("health=down")
        .hasMessageContaining("401");
  }

  @Test
  void queriesScalarsAndSpecialValues() {
    assertThat(prometheus.query("1 + 1"))
        .containsExactly(new PrometheusServer.QueryResult(Map.of(), 2));
    assertThat(prometheus.query("vector(-Inf)"))
        .extracting(PrometheusServer.QueryResult::value)
        .containsExactly(Double.NEGATIVE_INFINITY);
    assertThat(prometheus.query("scalar(vector(+Inf))"))
        .extracting(PrometheusServer.QueryResult::value)
        .containsExactly(Double.POSITIVE_INFINITY);
    assertThat(prometheus.query("absent_metric_xyz")).isEmpty();
  }

  @Test
  void rejectsBadAndUnsupportedQueries() {
    assertThatThrownBy(() -> prometheus.query("up{"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad_data")
        .hasMessageContaining("parse error");
    assertThatThrownBy(() -> prometheus.query("up[1m]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("matrix");
  }

  @Test
  void awaitQueryFailsWithTheLastResult() {
    assertThatThrownBy(
            () -> prometheus.awaitQuery("vector(7)", r -> r.isEmpty(), Duration.ofMillis(300)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("vector(7)")
        .hasMessageContaining("last result: [QueryResult[labels={}, value=7.0]]");
  }

  @Test
  void scrapeJobIndentsExtraYaml() {
    String extra = "scheme: https\ntls_config:\n  insecure_skip_verify: true\n";
    assertThat(PrometheusServer.scrapeJob("it's", "127.0.0.1:1", extra))
        .isEqualTo(
            """
              - job_name: 'it''s'
                metrics_path: /metrics
                static_configs:
                  - targets: ['127.0.0.1:1']
                scheme: https
                tls_config:
                  insecure_skip_verify: true
            """);
    assertThatThrownBy(() -> PrometheusServer.scrapeJob("j", "http://127.0.0.1:1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void extraFlagsArePassedAndCloseStopsAndCleansUp() {
    long pid;
    Path workDir;
    try (PrometheusServer other =
        PrometheusServer.start(
            PrometheusServer.scrapeJob("open", hostPort(open)),
            "--enable-feature=native-histograms")) {
      pid = other.pid();
      workDir = other.workDir();
      assertThat(other.baseUrl()).isEqualTo("http://127.0.0.1:" + other.port());
      assertThat(other.apiGet("/api/v1/status/flags"))
          .contains("\"enable-feature\":\"native-histograms\"");
      assertThat(other.awaitTargetsUp(AWAIT)).singleElement()
          .satisfies(t -> assertThat(t.labels()).containsEntry("job", "open"));
      assertThat(Files.exists(workDir.resolve("data"))).isTrue();
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(Files.exists(workDir)).isFalse();
  }

  @Test
  void failedStartShowsTheLogAndCleansUp() {
    assertThatThrownBy(() -> PrometheusServer.start("  - job_name: [not, a, string]\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited with code")
        .hasMessageContaining("prometheus.log")
        .hasMessageContaining("Error loading config");
  }

  private static HttpServer serve(boolean withAuth) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    var context =
        server.createContext(
            "/metrics",
            exchange -> {
              byte[] body = EXPOSITION.getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
              exchange.sendResponseHeaders(200, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            });
    if (withAuth) {
      context.setAuthenticator(
          new BasicAuthenticator("test") {
            @Override
            public boolean checkCredentials(String user, String password) {
              return user.equals("user") && password.equals("secret");
            }
          });
    }
    server.start();
    return server;
  }

  private static String hostPort(HttpServer server) {
    return "127.0.0.1:" + server.getAddress().getPort();
  }
}
