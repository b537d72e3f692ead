package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionOptions;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.exporter.common.testing.ExporterContract;
import io.promsdk.exporter.common.testing.Scraper;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The server with its default engine (NIO): the exporter contract plus its own routes, options and
 * lifecycle. {@link JdkEngineContractTest} holds the JDK engine to the same contract.
 */
@Tag("peers")
class HTTPServerTest extends ExporterContract {

  @Override
  protected Exporter start(CollectorRegistry registry, ExpositionOptions options) throws IOException {
    return exporter(HTTPServer.builder().hostname("127.0.0.1").registry(registry)
        .expositionOptions(options).buildAndStart());
  }

  /** {@code server} as the contract's exporter under test. */
  static Exporter exporter(HTTPServer server) {
    return new Exporter() {
      @Override
      public String metricsUrl() {
        return "http://127.0.0.1:" + server.getPort() + "/metrics";
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  private String base() {
    return url.substring(0, url.length() - "/metrics".length());
  }

  @Test
  void answersHealthChecks() throws Exception {
    Scraper.Response r = scraper.get(base() + "/-/healthy");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).isEqualTo("Exporter is healthy.\n");
    assertThat(scraper.send("HEAD", base() + "/-/healthy").status()).isEqualTo(200);
    assertThat(scraper.send("POST", base() + "/-/healthy").status()).isEqualTo(405);
  }

  @Test
  void answers404ForOtherPaths() throws Exception {
    for (String path : List.of("/", "/metrics/", "/metricsx", "/foo/bar?x=1", "/-/ready")) {
      Scraper.Response r = scraper.get(base() + path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.text()).as(path).isEqualTo("Not found. Metrics are at /metrics.\n");
    }
  }

  @Test
  void answers431ForOversizedHeaders() throws Exception {
    Scraper.Response r = scraper.get(url, "X-Big", "x".repeat(20_000));
    assertThat(r.status()).isEqualTo(431);
    assertThat(scraper.get(url).status()).isEqualTo(200);
  }

  @Test
  void survivesMalformedRequests() throws Exception {
    for (String request : List.of(
                "GET /a b c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "GARBAGE\r\n\r\n",
        "GET /metrics HTTP/1.1\r\nHost: x\r\nBroken header line\r\nConnection: close\r\n\r\n",
        "GET /" + "x".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
      String response = raw(request);
      // The JDK engine answered some of these itself, e.g. "<h1>400 Bad Request</h1>URISyntaxException thrown".
      assertThat(response).as(request).doesNotContain("\tat ");
      if (!response.isEmpty()) {
        assertThat(response).as(request).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
      }
    }
    assertThat(scraper.get(url).status()).isEqualTo(200);
  }

  @Test
  void servesAConfiguredPathAndThePythonStyleOneLiner() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.builder().name("one_liner").help("x").register(registry).set(2);
    try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").metricsPath("/prom").registry(registry)
        .buildAndStart()) {
      assertThat(scraper.get("http://127.0.0.1:" + server.getPort() + "/prom").text()).contains("one_liner 2.0");
      assertThat(scraper.get("http://127.0.0.1:" + server.getPort() + "/metrics").status()).isEqualTo(404);
    }
    try (HTTPServer server = HTTPServer.start(0, "127.0.0.1", registry)) {
      assertThat(server.getPort()).isPositive();
      assertThat(server.getAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(scraper.get("http://127.0.0.1:" + server.getPort() + "/metrics").text()).contains("one_liner 2.0");
    }
  }

  @Test
  void usesAGivenExecutorAndLeavesItRunning() throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(registry).executor(executor)
          .buildAndStart()) {
        assertThat(scraper.get("http://127.0.0.1:" + server.getPort() + "/metrics").status()).isEqualTo(200);
      }
      assertThat(executor.isShutdown()).as("the caller owns the executor").isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  /** The backlog goes to the JDK as is; what the system makes of it is not observable here. */
  @Test
  void startsWithAGivenBacklogAndRefusesANegativeOne() throws Exception {
    try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(registry).backlog(50)
        .buildAndStart()) {
      assertThat(scraper.get("http://127.0.0.1:" + server.getPort() + "/metrics").status()).isEqualTo(200);
    }
    assertThatThrownBy(() -> HTTPServer.builder().backlog(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backlog");
  }

  @Test
  void bindsTheGivenPortAndAddressAndFreesThePortOnClose() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    HTTPServer server = HTTPServer.builder().port(port).inetAddress(InetAddress.getLoopbackAddress())
        .registry(registry).buildAndStart();
    assertThat(server.getPort()).isEqualTo(port);
    assertThatThrownBy(() -> HTTPServer.start(port, "127.0.0.1", registry)).isInstanceOf(BindException.class);
    server.close();
    server.close(); // idempotent
    try (ServerSocket rebind = new ServerSocket()) {
      rebind.bind(new InetSocketAddress("127.0.0.1", port));
    }
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> HTTPServer.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HTTPServer.builder().metricsPath("metrics")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HTTPServer.builder().threads(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HTTPServer.builder().hostname("no-such-host.invalid").buildAndStart())
        .isInstanceOf(IOException.class);
  }

  @Test
  void runsOnDaemonThreadsAndLeavesNoThreadAfterClose() throws Exception {
    List<Thread> before = serverThreads();
    HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(registry).buildAndStart();
    for (int i = 0; i < 20; i++) {
      scraper.get("http://127.0.0.1:" + server.getPort() + "/metrics");
    }
    List<Thread> running = serverThreads();
    assertThat(running).hasSizeGreaterThan(before.size());
    assertThat(running).allMatch(Thread::isDaemon, "daemon");
    server.close();
    awaitNoNewThreads(before);
  }

  @Test
  @Override
  protected void servesConcurrentScrapesWithoutErrors() throws Exception {
    super.servesConcurrentScrapesWithoutErrors();
    exporter.close();
    awaitNoNewThreads(List.of());
  }

  @Test
  void doesNotKeepTheJvmAlive() throws Exception {
    Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), StartAndReturn.class.getName())
        .redirectErrorStream(true).start();
    try {
      assertThat(jvm.waitFor(20, TimeUnit.SECONDS)).as("the JVM exits with the server still open").isTrue();
      String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(output).contains("started on port");
      assertThat(jvm.exitValue()).isZero();
    } finally {
      if (jvm.isAlive()) {
        jvm.destroyForcibly();
        jvm.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Starts a server and returns from main without closing it. */
  public static final class StartAndReturn {
    public static void main(String[] args) throws IOException {
      HTTPServer server = HTTPServer.start(0, "127.0.0.1", new CollectorRegistry());
      System.out.println("started on port " + server.getPort());
    }
  }

  @Test
  void closeLetsARunningScrapeFinishAndRefusesNewOnes() throws Exception {
    CountDownLatch collecting = new CountDownLatch(1);
    CollectorRegistry slow = new CollectorRegistry();
    slow.register(() -> {
      collecting.countDown();
      sleep(700);
      return List.of();
    });
    HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(slow).buildAndStart();
    String slowUrl = "http://127.0.0.1:" + server.getPort() + "/metrics";
    CompletableFuture<Scraper.Response> inFlight = CompletableFuture.supplyAsync(() -> {
      try {
        return new Scraper().get(slowUrl);
      } catch (IOException e) {
        throw new RuntimeException(e);
      }
    });
    assertThat(collecting.await(5, TimeUnit.SECONDS)).isTrue();
    long start = System.nanoTime();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    sleep(100);
    try {
      assertThat(new Scraper().get(base(server) + "/-/healthy").status()).isEqualTo(503);
    } catch (IOException refused) {
      // Also fine: the listener may already be gone.
    }
    assertThat(inFlight.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
    closing.get(5, TimeUnit.SECONDS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThatThrownBy(() -> new Scraper().get(slowUrl)).isInstanceOf(IOException.class);
  }

  private static String base(HTTPServer server) {
    return "http://127.0.0.1:" + server.getPort();
  }

  static List<Thread> serverThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("promsdk-httpserver") || t.getName().startsWith("HTTP-Dispatcher"))
        .collect(Collectors.toList());
  }

  /** Waits up to 5 s for the server threads to be the ones in {@code before} again. */
  static void awaitNoNewThreads(List<Thread> before) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<Thread> now = serverThreads();
    while (!before.containsAll(now) && System.nanoTime() < deadline) {
      sleep(20);
      now = serverThreads();
    }
    now.removeAll(before);
    assertThat(now).as("threads left after close").isEmpty();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
