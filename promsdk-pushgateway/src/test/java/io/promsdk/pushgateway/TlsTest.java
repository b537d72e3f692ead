package io.promsdk.pushgateway;

import io.promsdk.exporter.common.push.TlsContexts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.testsupport.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS against loopback HTTPS servers with self-signed certificates made by keytool. */
@Tag("peers")
class TlsTest {

  @TempDir static Path dir;
  private static Server matching;    // certificate for IP 127.0.0.1
  private static Server mismatched;  // certificate for other.example only

  private record Server(HttpsServer https, SelfSignedCertificate certificate, AtomicInteger hits) {
    String url() {
      return "https://127.0.0.1:" + https.getAddress().getPort() + "/prefix";
    }

    KeyStore trustStore() throws Exception {
      return certificate.trustStore();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    matching = server("matching", "ip:127.0.0.1");
    mismatched = server("mismatched", "dns:other.example");
  }

  @AfterAll
  static void stop() {
    for (Server s : new Server[] {matching, mismatched}) {
      if (s != null) {
        s.https().stop(0);
      }
    }
  }

  private static Server server(String name, String san) throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(dir, name, san);
    SSLContext context = certificate.serverContext();

    AtomicInteger hits = new AtomicInteger();
    HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
    https.setHttpsConfigurator(new HttpsConfigurator(context));
    https.createContext("/", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        if (exchange.getRequestURI().getPath().equals("/prefix/metrics/job/tls")) {
          hits.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
        } else {
          exchange.sendResponseHeaders(404, -1);
        }
      }
    });
    https.start();
    return new Server(https, certificate, hits);
  }

  private static PushGateway.Builder client(Server server) {
    return PushGateway.builder().address(server.url()).job("tls").registry(new CollectorRegistry())
        .requestTimeout(Duration.ofSeconds(5));
  }

  @Test
  void anUnknownCertificateIsRejectedByDefault() {
    int before = matching.hits().get();
    assertThatThrownBy(() -> client(matching).build().push()).isInstanceOf(IOException.class)
        .isNotInstanceOf(PushException.class);
    assertThat(matching.hits().get()).isEqualTo(before);
  }

  @Test
  void aTrustStoreOrSslContextMakesItTrusted() throws Exception {
    int before = matching.hits().get();
    client(matching).trustStore(matching.trustStore()).build().push();
    client(matching).sslContext(TlsContexts.trusting(matching.trustStore())).build().delete();
    assertThat(matching.hits().get()).isEqualTo(before + 2);
  }

  @Test
  void theHostNameIsCheckedUnlessVerificationIsExplicitlySkipped() throws Exception {
    assertThatThrownBy(() -> client(mismatched).trustStore(mismatched.trustStore()).build().push())
        .isInstanceOf(IOException.class);
    PushGateway insecure = client(mismatched).insecureSkipTlsVerification().build();
    insecure.push();
    assertThat(mismatched.hits().get()).isEqualTo(1);
    assertThat(insecure.toString()).contains("tls=INSECURE");
  }

  /** One-shot gateways with equal trust share a client; other trust never shares one. */
  @Test
  void trustStoresWithTheSameCertificatesShareAClientKey() throws Exception {
    assertThat(SharedClients.trustStoreKey(matching.trustStore()))
        .isEqualTo(SharedClients.trustStoreKey(matching.trustStore()))
        .isNotEqualTo(SharedClients.trustStoreKey(mismatched.trustStore()));
    KeyStore both = matching.trustStore();
    both.setCertificateEntry("other", mismatched.certificate().keyStore().getCertificate(SelfSignedCertificate.ALIAS));
    assertThat(SharedClients.trustStoreKey(both)).isNotEqualTo(SharedClients.trustStoreKey(matching.trustStore()));
  }

  @Test
  void tlsOptionsExcludeEachOther() throws Exception {
    KeyStore trust = matching.trustStore();
    assertThatThrownBy(() -> client(matching).trustStore(trust).insecureSkipTlsVerification())
        .isInstanceOf(IllegalStateException.class);
  }
}
