package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.exporter.common.ScrapeHandler;
import io.promsdk.exposition.ExpositionOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The NIO engine's own protocol handling: streamed bodies (chunked, close-delimited, aborted when
 * they fail part way, as the ENGINE/SCRAPE contract asks), its deadlines and limits, pipelining,
 * and that it sets nothing JVM-wide.
 */
class NioEngineTest {
  private static final byte[] PART = "x".repeat(40_000).getBytes(StandardCharsets.ISO_8859_1);
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  /**
   * A body of unknown length, generated while written: {@code parts} times {@link #PART}, then it
   * fails if asked to.
   */
  private record Streamed(boolean head, int parts, boolean fail) implements OutgoingResponse {
    static Streamed of(RequestHead request) {
      return new Streamed("HEAD".equals(request.method()), 2, false);
    }

    @Override
    public int status() {
      return 200;
    }

    @Override
    public String contentType() {
      return "text/plain; charset=utf-8";
    }

    @Override
    public String contentEncoding() {
      return null;
    }

    @Override
    public String allow() {
      return null;
    }

    @Override
    public String vary() {
      return null;
    }

    @Override
    public long contentLength() {
      return -1;
    }

    @Override
    public boolean isHead() {
      return head;
    }

    @Override
    public void writeBodyTo(OutputStream out) throws IOException {
      if (head) {
        return;
      }
      for (int i = 0; i < parts; i++) {
        out.write(PART);
      }
      if (fail) {
        throw new IOException("a collector failed half way through the body");
      }
    }
  }

  /** An engine whose scrapes are answered by {@code lane}, with the default limits unless given. */
  private int engine(Function<RequestHead, OutgoingResponse> lane, ConnectionLimits limits, int threads)
      throws IOException {
    ScrapeHandler scrapes = new ScrapeHandler(new CollectorRegistry(), 1, ExpositionOptions.defaults());
    ExporterRoutes routes = new ExporterRoutes(scrapes, "/metrics");
    ExecutorService pool = DaemonExecutors.boundedPool(threads, "promsdk-httpserver-test");
    NioEngine engine = new NioEngine(new InetSocketAddress("127.0.0.1", 0), 0, null, false, routes, null,
        OutgoingResponse.lane(lane), pool, pool,
        limits, "promsdk-httpserver-test-selector");
    toClose.add(() -> engine.close(System.nanoTime() + 1_000_000_000L));
    return engine.address().getPort();
  }

  private int engine(Function<RequestHead, OutgoingResponse> lane) throws IOException {
    return engine(lane, ConnectionLimits.defaults(), 2);
  }

  @Test
  void sendsAStreamedBodyChunkedAndKeepsTheConnection() throws Exception {
    int port = engine(Streamed::of);
    try (RawHttp http = new RawHttp(port)) {
      for (int i = 0; i < 2; i++) {
        RawHttp.Response r = http.exchange("GET", "/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(r.header("Content-Length")).isNull();
        assertThat(r.body()).hasSize(2 * PART.length).containsOnly((byte) 'x');
      }
      RawHttp.Response head = http.exchange("HEAD", "/metrics");
      assertThat(head.header("Content-Length")).as("HEAD of a streamed body").isNull();
      assertThat(http.exchange("GET", "/-/healthy").status()).as("the connection is still in step").isEqualTo(200);
    }
  }

  @Test
  void abortsAChunkedBodyThatFailsPartWaySoThatItCannotLookComplete() throws Exception {
    int port = engine(head -> new Streamed(false, 1, true));
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThatThrownBy(() -> http.read(false)).as("a chunked reader cannot complete the body")
          .isInstanceOf(IOException.class);
    }
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
      String text = new String(receivedUntilEndOrReset(http.socket.getInputStream()), StandardCharsets.ISO_8859_1);
      if (!text.isEmpty()) { // A reset may discard what the client had not read yet.
        assertThat(text).startsWith("HTTP/1.1 200 ").contains("Transfer-Encoding: chunked\r\n");
        assertThat(text).as("no last chunk").doesNotEndWith("0\r\n\r\n");
      }
    }
  }

  @Test
  void resetsAClosedDelimitedBodyThatFailsPartWay() throws Exception {
    int port = engine(head -> new Streamed(false, 1, true));
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("GET /metrics HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      // HTTP/1.0 without a length: only a reset, not an orderly close, tells the client it is cut.
      assertThatThrownBy(() -> socket.getInputStream().readAllBytes()).isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }
  }

  @Test
  void sendsAStreamedBodyToHttp10ClientsUntilTheConnectionCloses() throws Exception {
    int port = engine(Streamed::of);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write("GET /metrics HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(text).startsWith("HTTP/1.1 200 ").contains("Connection: close\r\n")
          .doesNotContain("Content-Length").doesNotContain("Transfer-Encoding");
      assertThat(text.substring(text.indexOf("\r\n\r\n") + 4)).hasSize(2 * PART.length);
    }
  }

  /** A client that never reads a large body holds a scrape thread for the write timeout, no longer. */
  @Test
  void cutsOffAClientThatDoesNotReadAfterTheWriteTimeout() throws Exception {
    int port = engine(head -> "endless".equals(head.rawQuery()) ? new Streamed(false, Integer.MAX_VALUE, false)
        : Streamed.of(head), new ConnectionLimits(Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofSeconds(1),
        100), 1);
    try (RawHttp stuck = new RawHttp(port); RawHttp next = new RawHttp(port)) {
      stuck.send("GET /metrics?endless HTTP/1.1\r\nHost: x\r\n\r\n"); // and never read
      long start = System.nanoTime();
      RawHttp.Response r = next.exchange("GET", "/metrics");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).hasSize(2 * PART.length);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(millis).as("the only scrape thread came free after the 1 s write timeout").isBetween(900L, 4000L);
      assertThatThrownBy(() -> readUntilClosed(stuck.socket.getInputStream()))
          .as("the cut-off response ends in a reset").isInstanceOf(SocketException.class);
    }
  }

  /**
   * The write timeout counts time in which the client takes nothing: neither a collection longer
   * than it nor a body that takes longer than it to a client that keeps reading cuts a response.
   */
  @Test
  void completesASlowScrapeToASlowButSteadyReaderPastTheWriteTimeout() throws Exception {
    Duration writeTimeout = Duration.ofMillis(500);
    int parts = 200; // 8 MB: more than the server's send buffer (at most 4 MB) and the client's 64 KiB hold.
    int port = engine(head -> {
      try {
        Thread.sleep(writeTimeout.toMillis() + 300); // Collecting, longer than the write timeout.
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return new Streamed(false, parts, false);
    }, new ConnectionLimits(Duration.ofSeconds(10), Duration.ofMinutes(2), writeTimeout, 100), 1);
    Socket socket = new Socket();
    socket.setReceiveBufferSize(64 * 1024); // Before connecting: no auto-tuning up to many MB.
    socket.connect(new InetSocketAddress("127.0.0.1", port));
    try (RawHttp http = new RawHttp(socket)) {
      http.send("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      InputStream in = http.socket.getInputStream();
      java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[16 * 1024];
      long start = System.nanoTime();
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) { // A reset fails the test here.
        received.write(buffer, 0, n);
        Thread.sleep(2); // About 8 MB/s at most: the body takes longer than the write timeout.
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      String text = received.toString(StandardCharsets.ISO_8859_1);
      assertThat(text).startsWith("HTTP/1.1 200").endsWith("\r\n0\r\n\r\n");
      assertThat(received.size()).isGreaterThan(parts * PART.length);
      assertThat(millis).as("the transfer outlasted the write timeout").isGreaterThan(writeTimeout.toMillis());
    }
  }

  @Test
  void closesAConnectionWhoseHeadersTakeLongerThanTheHeaderReadTimeout() throws Exception {
    Duration timeout = Duration.ofMillis(1000);
    try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(new CollectorRegistry())
        .headerReadTimeout(timeout).buildAndStart();
        Socket slow = new Socket("127.0.0.1", server.getPort())) {
      slow.setSoTimeout(50);
      OutputStream out = slow.getOutputStream();
      long start = System.nanoTime();
      byte[] request = "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          .getBytes(StandardCharsets.ISO_8859_1);
      long closedAfter = -1;
      for (int i = 0; i < request.length && closedAfter < 0; i++) {
        try {
          out.write(request[i]); // One byte every ~100 ms: progress, but too slow.
          closedAfter = slow.getInputStream().read() < 0 ? (System.nanoTime() - start) / 1_000_000 : -1;
        } catch (SocketTimeoutException stillOpen) {
          Thread.sleep(50);
        } catch (IOException closed) {
          closedAfter = (System.nanoTime() - start) / 1_000_000;
        }
      }
      assertThat(closedAfter).as("ms until the server closed the slow connection")
          .isBetween(timeout.toMillis() - 100, timeout.toMillis() + 1000);
    }
  }

  @Test
  void closesAKeptAliveConnectionAfterTheIdleTimeout() throws Exception {
    try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(new CollectorRegistry())
        .idleTimeout(Duration.ofMillis(500)).buildAndStart();
        RawHttp http = new RawHttp(server.getPort())) {
      assertThat(http.exchange("GET", "/-/healthy").status()).isEqualTo(200);
      Thread.sleep(200);
      assertThat(http.exchange("GET", "/-/healthy").status()).as("still open within the idle timeout").isEqualTo(200);
      long start = System.nanoTime();
      assertThat(http.readToEnd()).isEmpty();
      assertThat((System.nanoTime() - start) / 1_000_000).as("ms until closed").isBetween(400L, 1500L);
    }
  }

  @Test
  void atTheConnectionLimitClosesTheConnectionThatWaitedLongest() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.builder().name("up_here").help("x").register(registry).set(1);
    try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(registry).maxConnections(10)
        .buildAndStart()) {
      List<Socket> stalled = new ArrayList<>();
      try {
        for (int i = 0; i < 10; i++) {
          Socket s = new Socket("127.0.0.1", server.getPort());
          s.getOutputStream().write("GET /metrics HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
          stalled.add(s);
          Thread.sleep(20); // Distinct ages.
        }
        try (RawHttp http = new RawHttp(server.getPort())) {
          assertThat(http.exchange("GET", "/metrics").text()).contains("up_here 1.0");
        }
        stalled.get(0).setSoTimeout(2000);
        assertThat(stalled.get(0).getInputStream().read()).as("the oldest stalled connection made room").isEqualTo(-1);
      } finally {
        for (Socket s : stalled) {
          s.close();
        }
      }
    }
  }

  /**
   * At the limit, connections still reading a head are closed first, those whose head started
   * longest ago first, however recently they sent a byte (slow-header clients trickle bytes to
   * look fresh); an idle kept-alive scraper connection is kept and answers its next request.
   */
  @Test
  void atTheConnectionLimitClosesTricklingHeadsBeforeAnIdleKeptAliveScraper() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.builder().name("up_here").help("x").register(registry).set(1);
    try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(registry).maxConnections(10)
        .buildAndStart();
        RawHttp scraper = new RawHttp(server.getPort())) {
      assertThat(scraper.exchange("GET", "/metrics").status()).isEqualTo(200); // Now idle, kept alive.
      List<Socket> trickling = new ArrayList<>();
      try {
        for (int i = 0; i < 11; i++) { // 9 fill the limit; the 10th and 11th each make room.
          Socket s = new Socket("127.0.0.1", server.getPort());
          trickling.add(s);
          for (int round = 0; round < 3; round++) { // Every trickler sends a byte after the scraper's answer.
            for (Socket t : trickling) {
              try {
                t.getOutputStream().write('G');
              } catch (IOException evicted) {
                // Closed by the server for room: checked below for the oldest two.
              }
            }
            Thread.sleep(10);
          }
        }
        for (int i = 0; i < 2; i++) {
          trickling.get(i).setSoTimeout(2000);
          assertThat(trickling.get(i).getInputStream().read()).as("trickler %d, oldest head, closed", i).isEqualTo(-1);
        }
        assertThat(scraper.exchange("GET", "/metrics").text()).as("the idle scraper kept its connection")
            .contains("up_here 1.0");
      } finally {
        for (Socket s : trickling) {
          s.close();
        }
      }
    }
  }

  @Test
  void answersPipelinedRequestsInOrder() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.builder().name("piped").help("x").register(registry).set(3);
    try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(registry).buildAndStart();
        RawHttp http = new RawHttp(server.getPort())) {
      http.send("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\nHEAD /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(http.read(false).text()).isEqualTo("Exporter is healthy.\n");
      assertThat(http.read(false).text()).contains("piped 3.0");
      assertThat(http.read(false).status()).isEqualTo(404);
      RawHttp.Response head = http.read(true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("Connection")).isEqualTo("close");
      assertThat(http.readToEnd()).isEmpty();
    }
  }

  @Test
  void refusesRequestsWithABodyAfterAnsweringThem() throws Exception {
    try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(new CollectorRegistry())
        .buildAndStart();
        RawHttp http = new RawHttp(server.getPort())) {
      http.send("POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
      RawHttp.Response r = http.read(false);
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.header("Connection")).isEqualTo("close");
      assertThat(http.readToEnd()).isEmpty();
    }
  }

  @Test
  void namesTheOptionInItsValidationMessages() {
    HTTPServer.Builder b = HTTPServer.builder();
    assertThatThrownBy(() -> b.headerReadTimeout(Duration.ZERO)).hasMessageContaining("headerReadTimeout");
    assertThatThrownBy(() -> b.idleTimeout(Duration.ofSeconds(-1))).hasMessageContaining("idleTimeout");
    assertThatThrownBy(() -> b.writeTimeout(Duration.ofDays(2))).hasMessageContaining("writeTimeout");
    assertThatThrownBy(() -> b.maxConnections(0)).hasMessageContaining("maxConnections");
    com.sun.net.httpserver.Authenticator custom = new com.sun.net.httpserver.Authenticator() {
      @Override
      public Result authenticate(com.sun.net.httpserver.HttpExchange exchange) {
        return new Failure(403);
      }
    };
    assertThatThrownBy(() -> HTTPServer.builder().engine(HTTPServer.Engine.NIO).authenticator(custom).buildAndStart())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("engine(JDK)");
  }

  /** The NIO engine protects itself without the JDK server's JVM-wide properties. */
  @Test
  void setsNoJvmWideProperty() throws Exception {
    List<String> before = jdkServerProperties();
    try (HTTPServer server = HTTPServer.start(0, "127.0.0.1", new CollectorRegistry())) {
      assertThat(server.engine()).isEqualTo(HTTPServer.Engine.NIO);
      assertThat(jdkServerProperties()).isEqualTo(before);
    }
  }

  private static List<String> jdkServerProperties() {
    return System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith("sun.net.httpserver."))
        .sorted().map(n -> n + "=" + System.getProperty(n)).toList();
  }

  /** What arrived before the server closed or reset the connection. */
  static byte[] receivedUntilEndOrReset(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        received.write(buffer, 0, n);
      }
    } catch (SocketException reset) {
      // The end of what the server sent.
    }
    return received.toByteArray();
  }

  /** All bytes until the server closes; throws if it resets. */
  private static byte[] readUntilClosed(InputStream in) throws IOException {
    return in.readAllBytes();
  }
}
