package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.exporter.common.testing.Scraper;
import io.promsdk.httpserver.testing.TestCerts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Basic and bearer auth, custom authenticators, HTTPS and mutual TLS. */
@Tag("peers")
class HTTPServerSecurityTest {
  @TempDir static Path certDir;
  static TestCerts certs;
  static final CollectorRegistry REGISTRY = new CollectorRegistry();
  final Scraper http = new Scraper();

  @BeforeAll
  static void setUp() throws IOException {
    certs = TestCerts.create(certDir);
    Gauge.builder().name("secured").help("A gauge.").register(REGISTRY).set(1);
  }

  private static HTTPServer.Builder server() {
    return HTTPServer.builder().hostname("127.0.0.1").registry(REGISTRY);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void basicAuthLetsOnlyTheRightCredentialsIn() throws Exception {
    try (HTTPServer server = server().basicAuth("prometheus", "s3cret päss").buildAndStart()) {
      assertThat(server.engine()).as("basic auth is checked by the NIO engine").isEqualTo(HTTPServer.Engine.NIO);
      String url = "http://127.0.0.1:" + server.getPort() + "/metrics";
      Scraper.Response none = http.get(url);
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.header("WWW-Authenticate")).isEqualTo("Basic realm=\"metrics\", charset=\"UTF-8\"");
      assertThat(http.get(url, "Authorization", basic("prometheus", "wrong")).status()).isEqualTo(401);
      assertThat(http.get(url, "Authorization", basic("other", "s3cret päss")).status()).isEqualTo(401);
      assertThat(http.get(url, "Authorization", "Basic !!!not-base64").status()).isEqualTo(401);
      assertThat(http.get(url, "Authorization", "Bearer s3cret päss").status()).isEqualTo(401);
      Scraper.Response ok = http.get(url, "Authorization", basic("prometheus", "s3cret päss"));
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.text()).contains("secured 1.0");
      assertThat(http.get(url.replace("/metrics", "/-/healthy")).status()).isEqualTo(401);
    }
  }

  @Test
  void bearerTokenLetsOnlyTheRightTokenIn() throws Exception {
    try (HTTPServer server = server().bearerToken("t0ken").buildAndStart()) {
      String url = "http://127.0.0.1:" + server.getPort() + "/metrics";
      Scraper.Response none = http.get(url);
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"metrics\"");
      assertThat(http.get(url, "Authorization", "Bearer t0ken2").status()).isEqualTo(401);
      assertThat(http.get(url, "Authorization", "Bearer t0ke").status()).isEqualTo(401);
      assertThat(http.get(url, "Authorization", "Basic t0ken").status()).isEqualTo(401);
      assertThat(http.get(url, "Authorization", "Bearer t0ken").status()).isEqualTo(200);
      assertThat(http.get(url, "Authorization", "bearer t0ken").status()).isEqualTo(200);
    }
  }

  @Test
  void usesAnyJdkAuthenticator() throws Exception {
    Authenticator apiKey = new Authenticator() {
      @Override
      public Result authenticate(HttpExchange exchange) {
        return "k1".equals(exchange.getRequestHeaders().getFirst("X-Api-Key"))
            ? new Success(new HttpPrincipal("k1", "metrics")) : new Failure(403);
      }
    };
    try (HTTPServer server = server().authenticator(apiKey).buildAndStart()) {
      assertThat(server.engine()).as("a JDK Authenticator needs the JDK engine").isEqualTo(HTTPServer.Engine.JDK);
      String url = "http://127.0.0.1:" + server.getPort() + "/metrics";
      assertThat(http.get(url).status()).isEqualTo(403);
      assertThat(http.get(url, "X-Api-Key", "k1").status()).isEqualTo(200);
    }
  }

  @Test
  void refusesContradictorySettings() {
    assertThatThrownBy(() -> server().basicAuth("a", "b").bearerToken("c")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> server().basicAuth("a:b", "c")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server().requireClientCertificate(true).buildAndStart())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> server().trustStore(certs.trustP12, TestCerts.PASSWORD).buildAndStart())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> server().keyStore(certs.serverP12, "wrong password").buildAndStart())
        .isInstanceOf(IOException.class).hasMessageContaining("server.p12");
  }

  @ParameterizedTest
  @EnumSource(HTTPServer.Engine.class)
  void servesHttpsFromAPkcs12OrJksKeystore(HTTPServer.Engine engine) throws Exception {
    Scraper https = new Scraper(certs.clientContext(false));
    for (Path keyStore : new Path[] {certs.serverP12, certs.serverJks}) {
      try (HTTPServer server = server().keyStore(keyStore, TestCerts.PASSWORD).engine(engine).buildAndStart()) {
        assertThat(server.engine()).isEqualTo(engine);
        assertThat(server.toString()).startsWith("HTTPServer[https://");
        Scraper.Response r = https.get("https://127.0.0.1:" + server.getPort() + "/metrics");
        assertThat(r.status()).as(keyStore.toString()).isEqualTo(200);
        assertThat(r.text()).contains("secured 1.0");
        assertThatThrownBy(() -> http.get("http://127.0.0.1:" + server.getPort() + "/metrics"))
            .isInstanceOf(IOException.class);
      }
    }
  }

  @Test
  void servesHttpsFromAnSslContextTogetherWithBasicAuth() throws Exception {
    Scraper https = new Scraper(certs.clientContext(false));
    try (HTTPServer server = server().sslContext(certs.serverContext()).basicAuth("u", "p").buildAndStart()) {
      String url = "https://localhost:" + server.getPort() + "/metrics";
      assertThat(https.get(url).status()).isEqualTo(401);
      assertThat(https.get(url, "Authorization", basic("u", "p")).status()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @EnumSource(HTTPServer.Engine.class)
  void mutualTlsRequiresATrustedClientCertificate(HTTPServer.Engine engine) throws Exception {
    try (HTTPServer server = server().keyStore(certs.serverP12, TestCerts.PASSWORD).engine(engine)
        .trustStore(certs.trustP12, TestCerts.PASSWORD).requireClientCertificate(true).buildAndStart()) {
      String url = "https://127.0.0.1:" + server.getPort() + "/metrics";
      assertThatThrownBy(() -> new Scraper(certs.clientContext(false)).get(url)).isInstanceOf(IOException.class);
      assertThat(new Scraper(certs.clientContext(true)).get(url).status()).isEqualTo(200);
    }
  }
}
