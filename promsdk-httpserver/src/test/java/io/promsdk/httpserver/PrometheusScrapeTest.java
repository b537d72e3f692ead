package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exporter.common.testing.RecordedMetrics;
import io.promsdk.httpserver.testing.TestCerts;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.PrometheusServer.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes one registry through five exporters at once: plain HTTP, basic auth,
 * bearer token, HTTPS checked against the test CA, and mutual TLS. One Prometheus for all keeps
 * the test to a single service-discovery delay.
 */
@Tag("peers")
class PrometheusScrapeTest {
  @TempDir static Path certDir;
  static final CollectorRegistry REGISTRY = new CollectorRegistry();
  static HTTPServer plain;
  static HTTPServer basicAuth;
  static HTTPServer bearer;
  static HTTPServer https;
  static HTTPServer mtls;
  static PrometheusServer prometheus;

  @BeforeAll
  static void start() throws Exception {
    RecordedMetrics.record(REGISTRY);
    TestCerts certs = TestCerts.create(certDir);
    plain = server().buildAndStart();
    basicAuth = server().basicAuth("prometheus", "pa:ss wörd").buildAndStart();
    bearer = server().bearerToken("t0ken").buildAndStart();
    https = server().keyStore(certs.serverP12, TestCerts.PASSWORD).buildAndStart();
    mtls = server().keyStore(certs.serverP12, TestCerts.PASSWORD).trustStore(certs.trustP12, TestCerts.PASSWORD)
        .requireClientCertificate(true).buildAndStart();
    String ca = "tls_config:\n  ca_file: " + certs.caPem + "\n  insecure_skip_verify: false\n";
    prometheus = PrometheusServer.start(
        PrometheusServer.scrapeJob("plain", hostPort(plain))
            + PrometheusServer.scrapeJob("basic", hostPort(basicAuth),
                "basic_auth:\n  username: prometheus\n  password: 'pa:ss wörd'")
            + PrometheusServer.scrapeJob("bearer", hostPort(bearer),
                "authorization:\n  type: Bearer\n  credentials: t0ken")
            + PrometheusServer.scrapeJob("https", hostPort(https), "scheme: https\n" + ca)
            + PrometheusServer.scrapeJob("mtls", hostPort(mtls), "scheme: https\n" + ca
                + "  server_name: localhost\n  cert_file: " + certs.clientPem + "\n  key_file: " + certs.clientKeyPem));
  }

  private static HTTPServer.Builder server() {
    return HTTPServer.builder().hostname("127.0.0.1").registry(REGISTRY);
  }

  private static String hostPort(HTTPServer server) {
    return "127.0.0.1:" + server.getPort();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {prometheus, plain, basicAuth, bearer, https, mtls}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // Close the rest regardless.
      }
    }
  }

  @Test
  void everyTargetIsUp() {
    List<Target> targets = prometheus.awaitTargetsUp(Duration.ofSeconds(30));
    assertThat(targets).extracting(t -> t.labels().get("job"))
        .containsExactlyInAnyOrder("plain", "basic", "bearer", "https", "mtls");
    assertThat(targets).filteredOn(t -> t.scrapeUrl().startsWith("https://")).hasSize(2);
  }

  @Test
  void plainHttp() {
    RecordedMetrics.assertScraped(prometheus, "plain");
  }

  @Test
  void basicAuth() {
    RecordedMetrics.assertScraped(prometheus, "basic");
  }

  @Test
  void bearerToken() {
    RecordedMetrics.assertScraped(prometheus, "bearer");
  }

  @Test
  void httpsVerifiedAgainstTheCa() {
    RecordedMetrics.assertScraped(prometheus, "https");
  }

  @Test
  void mutualTls() {
    RecordedMetrics.assertScraped(prometheus, "mtls");
  }
}
