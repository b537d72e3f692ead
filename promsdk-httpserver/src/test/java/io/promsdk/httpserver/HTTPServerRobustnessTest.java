package io.promsdk.httpserver;

import static io.promsdk.httpserver.HTTPServerTest.awaitNoNewThreads;
import static io.promsdk.httpserver.HTTPServerTest.serverThreads;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.exporter.common.testing.Scraper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Overload, a hanging collector, oversized request heads, start failures, JVM-wide settings. */
class HTTPServerRobustnessTest {
  private final Scraper scraper = new Scraper();

  private static HTTPServer.Builder server(CollectorRegistry registry) {
    return HTTPServer.builder().hostname("127.0.0.1").registry(registry);
  }

  /**
   * One thread, held by a collector that hangs; more requests than the queue holds. The requests
   * beyond the queue are refused at once (503, then the connection is closed), not left hanging
   * with the whole server, and close() still returns within its timeout and leaves no thread
   * behind.
   */
  @Test
  void refusesWhatDoesNotFitAndClosesInTimeWhileACollectorHangs() throws Exception {
    CountDownLatch collecting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CollectorRegistry hanging = new CollectorRegistry();
    hanging.register(() -> {
      collecting.countDown();
      try {
        release.await(); // Until close() interrupts it, or the test ends.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return List.of();
    });
    List<Thread> before = serverThreads();
    Duration closeTimeout = Duration.ofSeconds(1);
    HTTPServer server = server(hanging).threads(1).closeTimeout(closeTimeout).buildAndStart();
    List<Socket> clients = new ArrayList<>();
    try {
      clients.add(sendGet(server.getPort(), "/metrics"));
      assertThat(collecting.await(5, TimeUnit.SECONDS)).as("the first scrape holds the only thread").isTrue();
      int beyondTheQueue = 40;
      for (int i = 0; i < DaemonExecutors.QUEUE_CAPACITY + beyondTheQueue; i++) {
        clients.add(sendGet(server.getPort(), "/metrics"));
      }
      assertThat(countClosed(clients, beyondTheQueue, Duration.ofSeconds(5)))
          .as("connections closed at once because no thread and no room in the queue was left")
          .isGreaterThanOrEqualTo(beyondTheQueue);

      long start = System.nanoTime();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      try {
        closing.get(closeTimeout.toMillis() + 3000, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("close() still running " + (closeTimeout.toMillis() + 3000) + " ms later");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(closeTimeout.minusMillis(50));
      assertThat(countClosed(clients, clients.size(), Duration.ofSeconds(5)))
          .as("no connection left open after close()").isEqualTo(clients.size());
      awaitNoNewThreads(before);
    } finally {
      release.countDown();
      for (Socket s : clients) {
        s.close();
      }
      server.close();
    }
  }

  /** Opens a connection and sends a GET for {@code path}, without waiting for the answer. */
  private static Socket sendGet(int port, String path) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return socket;
  }

  /**
   * Polls the sockets until at least {@code wanted} of them have been closed by the server (end of
   * stream or reset) or {@code within} has passed; returns how many were.
   */
  private static int countClosed(List<Socket> sockets, int wanted, Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    boolean[] closed = new boolean[sockets.size()];
    int count = 0;
    while (true) {
      for (int i = 0; i < sockets.size(); i++) {
        if (!closed[i] && isClosedByServer(sockets.get(i))) {
          closed[i] = true;
          count++;
        }
      }
      if (count >= wanted || System.nanoTime() > deadline) {
        return count;
      }
      sleep(20);
    }
  }

  private static boolean isClosedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(1);
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    try {
      while (true) {
        if (in.read(buffer) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  /**
   * Heads past the size limits. The JDK engine closes the connection without an answer for some;
   * the NIO engine answers each (431 for headers, 414 for the request line, which the JDK has no
   * status for) before closing, and an empty answer from it is a failure.
   */
  @ParameterizedTest
  @EnumSource(HTTPServer.Engine.class)
  void oversizedRequestHeadsGetA4xxOrAClosedConnectionAndTheServerKeepsServing(HTTPServer.Engine engine)
      throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.builder().name("still_serving").help("x").register(registry).set(1);
    try (HTTPServer server = server(registry).engine(engine).buildAndStart()) {
      String url = "http://127.0.0.1:" + server.getPort() + "/metrics";
      String headerLines201 = headerLines(199); // With Host and Connection: 201 lines, one past the limit of 200.
      List<String> requests = List.of(
          "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + "x".repeat(400_000) + "\r\nConnection: close\r\n\r\n",
          "GET /metrics HTTP/1.1\r\nHost: x\r\n" + headerLines201 + "Connection: close\r\n\r\n",
          "GET /metrics?" + "x".repeat(500_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      List<String> nioStatuses = List.of("431", "431", "414");
      for (int i = 0; i < requests.size(); i++) {
        String request = requests.get(i);
        String response = exchange(server.getPort(), request);
        String what = engine + ", " + request.length() + " bytes, " + request.split("\r\n").length + " lines";
        assertThat(response).as(what).doesNotContain("\tat ");
        if (engine == HTTPServer.Engine.NIO) {
          assertThat(response).as(what).startsWith("HTTP/1.1 " + nioStatuses.get(i) + " ");
        } else if (!response.isEmpty()) {
          assertThat(response).as(what).matches("(?s)HTTP/1\\.1 4(00|14|31) .*");
        }
        assertThat(scraper.get(url).text()).as("after " + what).contains("still_serving 1.0");
      }
      // 431 for more than 16 KiB of headers, whatever the engine.
      assertThat(exchange(server.getPort(),
          "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + "x".repeat(300_000) + "\r\nConnection: close\r\n\r\n"))
          .startsWith("HTTP/1.1 431 ");
      assertThat(exchange(server.getPort(), "GET /metrics HTTP/1.1\r\nHost: x\r\n" + headerLines(198)
          + "Connection: close\r\n\r\n")).as("200 header lines").startsWith("HTTP/1.1 200 ");
    }
  }

  private static String headerLines(int count) {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < count; i++) {
      lines.append("X-H").append(i).append(": v\r\n");
    }
    return lines.toString();
  }

  /** Sends {@code request} on a new connection; all the server answered, empty if it just closed. */
  private static String exchange(int port, String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      try {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        socket.getInputStream().transferTo(response);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no answer and no close within 5 s", e);
      } catch (IOException e) {
        // Reset or broken pipe: the server closed the connection; whatever arrived is the answer.
      }
      return response.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void aFailureToStartReachesTheCallerWithTheAddress() throws Exception {
    HttpServer jdk = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jdk.start();
    try {
      // A second start() is one way the JDK's start() fails; whatever the cause, it must surface.
      assertThatThrownBy(() -> HTTPServer.startOnDaemonThread(jdk, "test-start"))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("127.0.0.1:" + jdk.getAddress().getPort())
          .hasCauseInstanceOf(IllegalStateException.class);
    } finally {
      jdk.stop(0);
    }
  }

  @Test
  void runOnDaemonThreadRethrowsWhatTheActionThrew() {
    assertThatThrownBy(() -> DaemonExecutors.runOnDaemonThread(() -> {
      throw new IllegalStateException("boom");
    }, "test")).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    assertThatThrownBy(() -> DaemonExecutors.runOnDaemonThread(() -> {
      throw new AssertionError("an error too");
    }, "test")).isInstanceOf(AssertionError.class).hasMessage("an error too");
  }

  @Test
  void setsTheJvmWideJdkTimeLimitsOnlyWhenAskedTo() throws Exception {
    String request = System.getProperty(JdkServerLimits.MAX_REQUEST_SECONDS);
    String response = System.getProperty(JdkServerLimits.MAX_RESPONSE_SECONDS);
    CollectorRegistry registry = new CollectorRegistry();
    try {
      System.clearProperty(JdkServerLimits.MAX_REQUEST_SECONDS);
      System.clearProperty(JdkServerLimits.MAX_RESPONSE_SECONDS);
      try (HTTPServer server = server(registry).buildAndStart()) {
        assertThat(System.getProperty(JdkServerLimits.MAX_REQUEST_SECONDS)).as("off by default").isNull();
        assertThat(System.getProperty(JdkServerLimits.MAX_RESPONSE_SECONDS)).as("off by default").isNull();
      }
      try (HTTPServer server = server(registry).jvmWideJdkTimeLimits(true).buildAndStart()) {
        assertThat(System.getProperty(JdkServerLimits.MAX_REQUEST_SECONDS))
            .as("the NIO engine has limits of its own and needs none of the JDK's").isNull();
      }
      System.setProperty(JdkServerLimits.MAX_RESPONSE_SECONDS, "30");
      try (HTTPServer server = server(registry).engine(HTTPServer.Engine.JDK).jvmWideJdkTimeLimits(true)
          .buildAndStart()) {
        assertThat(System.getProperty(JdkServerLimits.MAX_REQUEST_SECONDS)).isEqualTo("60");
        assertThat(System.getProperty(JdkServerLimits.MAX_RESPONSE_SECONDS)).as("a value set before wins")
            .isEqualTo("30");
      }
    } finally {
      restore(JdkServerLimits.MAX_REQUEST_SECONDS, request);
      restore(JdkServerLimits.MAX_RESPONSE_SECONDS, response);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
