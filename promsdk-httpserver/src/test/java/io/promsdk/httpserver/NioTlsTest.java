package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.exporter.common.testing.RecordedMetrics;
import io.promsdk.httpserver.testing.TestCerts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS on the NIO engine: the same protection and speed as plain HTTP. A TLS handshake, too,
 * must be done within the header-read deadline; responses of many TLS records arrive whole;
 * kept-alive TLS responses are not held back. (HTTPServerSecurityTest and PrometheusScrapeTest
 * cover certificates, mutual TLS and a real Prometheus on both engines.)
 */
class NioTlsTest {
  @TempDir static Path certDir;
  static TestCerts certs;
  static final CollectorRegistry REGISTRY = new CollectorRegistry();
  static final CollectorRegistry BIG = new CollectorRegistry();

  @BeforeAll
  static void setUp() throws IOException {
    certs = TestCerts.create(certDir);
    RecordedMetrics.record(REGISTRY);
    Gauge many = Gauge.builder().name("many").help("Enough series for several TLS records.").labelNames("i")
        .register(BIG);
    for (int i = 0; i < 2000; i++) {
      many.labelValues(Integer.toString(i)).set(i);
    }
  }

  private static HTTPServer.Builder https() {
    return HTTPServer.builder().hostname("127.0.0.1").registry(REGISTRY).keyStore(certs.serverP12, TestCerts.PASSWORD);
  }

  @Test
  void sendsABodyOfManyTlsRecordsWhole() throws Exception {
    try (HTTPServer server = https().registry(BIG).buildAndStart(); RawHttp http = tls(server)) {
      assertThat(server.engine()).isEqualTo(HTTPServer.Engine.NIO);
      String plain = http.exchange("GET", "/metrics").text();
      assertThat(plain).contains("many{i=\"1999\"} 1999.0");
      assertThat(plain.length()).as("several 16 KiB TLS records").isGreaterThan(40_000);
      byte[] gzipped = http.exchange("GET", "/metrics", "Accept-Encoding: gzip").body();
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain);
      }
    }
  }

  private static RawHttp tls(HTTPServer server) throws Exception {
    SSLSocket socket = (SSLSocket) certs.clientContext(false).getSocketFactory()
        .createSocket("127.0.0.1", server.getPort());
    socket.setTcpNoDelay(true);
    socket.startHandshake();
    return new RawHttp(socket);
  }

  @Test
  void servesKeptAliveTlsRequestsWithoutDelay() throws Exception {
    try (HTTPServer server = https().buildAndStart(); RawHttp http = tls(server)) {
      for (int i = 0; i < 20; i++) {
        assertThat(http.exchange("GET", "/metrics", "Accept-Encoding: gzip").status()).isEqualTo(200);
      }
      long[] nanos = new long[200];
      for (int i = 0; i < nanos.length; i++) {
        long start = System.nanoTime();
        RawHttp.Response r = i % 2 == 0 ? http.exchange("GET", "/metrics", "Accept-Encoding: gzip")
            : http.exchange("GET", "/-/healthy");
        nanos[i] = System.nanoTime() - start;
        assertThat(r.status()).isEqualTo(200);
      }
      Arrays.sort(nanos);
      double medianMillis = nanos[nanos.length / 2] / 1e6;
      System.out.printf("NioTlsTest: kept-alive TLS median %.3f ms%n", medianMillis);
      assertThat(medianMillis).as("median ms per kept-alive TLS request").isLessThan(5.0);
    }
  }

  /**
   * A head over the engine's 16 KiB read buffer, arriving in one go: what is decrypted past the
   * buffer waits inside the TLS layer, not in the socket, so the selector never reports it again;
   * it must be parsed anyway, and answered at once rather than at the header-read deadline.
   */
  @Test
  void answersAHeadOverSixteenKibSentInOneWrite() throws Exception {
    try (HTTPServer server = https().headerReadTimeout(Duration.ofSeconds(10)).buildAndStart();
        // No startHandshake: the handshake's end and the whole head arrive together, as from a client
        // that writes at once; so the socket is empty while the TLS layer still holds most of the head.
        RawHttp http = new RawHttp(certs.clientContext(false).getSocketFactory()
            .createSocket("127.0.0.1", server.getPort()))) {
      // Within the parser's limits (8 KiB request line, 16 KiB of headers), ~22 KB in all.
      StringBuilder head = new StringBuilder("GET /-/healthy?").append("q".repeat(7000)).append(" HTTP/1.1\r\n")
          .append("Host: x\r\n");
      for (int i = 0; head.length() < 22_000; i++) {
        head.append("X-Pad-").append(i).append(": ").append("a".repeat(900)).append("\r\n");
      }
      http.socket.setSoTimeout(2000); // Well inside the 10 s deadline that ends the hang.
      long start = System.nanoTime();
      http.send(head.append("\r\n").toString()); // One write: SSLSocket cuts it into 16 KiB records.
      assertThat(http.read(false).status()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(http.exchange("GET", "/-/healthy").status()).as("the connection is kept alive").isEqualTo(200);
    }
  }

  @Test
  void closesAConnectionThatDoesNotFinishItsHandshakeOrHeadInTime() throws Exception {
    Duration timeout = Duration.ofSeconds(1);
    try (HTTPServer server = https().headerReadTimeout(timeout).buildAndStart()) {
      try (Socket silent = new Socket("127.0.0.1", server.getPort())) { // Never starts a handshake.
        assertClosedWithin(silent, timeout.plusMillis(1000));
      }
      try (RawHttp slow = tls(server)) { // Handshake done, then a head that never ends.
        OutputStream out = slow.socket.getOutputStream();
        out.write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        assertClosedWithin(slow.socket, timeout.plusMillis(1000));
      }
    }
  }

  private static void assertClosedWithin(Socket socket, Duration within) throws IOException {
    long start = System.nanoTime();
    socket.setSoTimeout((int) within.toMillis() + 2000);
    try {
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    } catch (java.net.SocketException reset) {
      // Closed too.
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(within);
  }

  @Test
  void answersPlainHttpOnTheHttpsPortWithAClose() throws Exception {
    try (HTTPServer server = https().buildAndStart(); RawHttp plain = new RawHttp(server.getPort())) {
      plain.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
      try {
        byte[] answer = plain.readToEnd();
        assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("many");
      } catch (java.net.SocketException reset) {
        // Closed too.
      }
      try (RawHttp http = tls(server)) {
        assertThat(http.exchange("GET", "/-/healthy").status()).as("still serving TLS").isEqualTo(200);
      }
    }
  }
}
