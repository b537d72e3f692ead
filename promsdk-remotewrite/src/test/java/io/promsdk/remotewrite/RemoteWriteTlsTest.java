package io.promsdk.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.testsupport.SelfSignedCertificate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote write over HTTPS to a loopback receiver with a self-signed certificate made by keytool. */
@Tag("peers")
class RemoteWriteTlsTest {
  @TempDir static Path dir;
  private static HttpsServer https;
  private static SelfSignedCertificate certificate;
  private static final AtomicInteger accepted = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    certificate = SelfSignedCertificate.create(dir, "receiver", "ip:127.0.0.1");
    https = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
    https.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
    https.createContext("/", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        accepted.incrementAndGet();
        exchange.sendResponseHeaders(204, -1);
      }
    });
    https.start();
  }

  @AfterAll
  static void stop() {
    if (https != null) {
      https.stop(0);
    }
  }

  private static RemoteWrite.Builder writer() {
    return RemoteWrite.builder().url("https://127.0.0.1:" + https.getAddress().getPort() + "/api/v1/write")
        .registry(new CollectorRegistry()).readerFactory((r, l) -> new TextBatches(1))
        .interval(Duration.ofHours(1)).shutdownHook(false).shards(1)
        .flushTimeout(Duration.ofSeconds(1)).closeTimeout(Duration.ofSeconds(1)).initialBackoff(Duration.ofMillis(50));
  }

  @Test
  void anUnknownCertificateIsNotTrustedByDefaultButATrustStoreOrInsecureModeIsUsed() throws Exception {
    try (RemoteWrite untrusted = writer().start()) {
      assertThat(untrusted.flush()).isFalse();
      assertThat(untrusted.metrics().samplesSent.get()).isZero();
    }
    try (RemoteWrite trusted = writer().trustStore(certificate.trustStore()).start()) {
      assertThat(trusted.flush()).isTrue();
      assertThat(trusted.metrics().samplesSent.get()).isPositive();
    }
    try (RemoteWrite insecure = writer().insecureSkipTlsVerification().start()) {
      assertThat(insecure.flush()).isTrue();
    }
  }
}
