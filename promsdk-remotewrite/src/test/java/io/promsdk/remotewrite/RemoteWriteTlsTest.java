package io.promsdk.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.promsdk.core.CollectorRegistry;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote write over HTTPS to a loopback receiver with a self-signed certificate made by keytool. */
@Tag("peers")
class RemoteWriteTlsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  @TempDir static Path dir;
  private static HttpsServer https;
  private static KeyStore keyStore;
  private static final AtomicInteger accepted = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    Path file = dir.resolve("receiver.p12");
    Process keytool = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "rw", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=receiver", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
        "-keystore", file.toString(), "-storetype", "PKCS12",
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      keyStore.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    https = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
    https.setHttpsConfigurator(new HttpsConfigurator(context));
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
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("rw", keyStore.getCertificate("rw"));
    try (RemoteWrite trusted = writer().trustStore(trust).start()) {
      assertThat(trusted.flush()).isTrue();
      assertThat(trusted.metrics().samplesSent.get()).isPositive();
    }
    try (RemoteWrite insecure = writer().insecureSkipTlsVerification().start()) {
      assertThat(insecure.flush()).isTrue();
    }
  }
}
