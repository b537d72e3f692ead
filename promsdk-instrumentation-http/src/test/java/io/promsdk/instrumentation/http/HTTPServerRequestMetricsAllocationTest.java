package io.promsdk.instrumentation.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.httpserver.HTTPServer;
import io.promsdk.httpserver.RequestListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpServerMetrics} as the NIO engine's request listener costs no allocation per request:
 * the bytes the selector thread allocates per {@code /-/healthy} request on a kept-alive
 * connection are the same while the listener records as while it does nothing. Counts bytes,
 * times nothing.
 *
 * <p>One server, one connection, one listener that is switched on and off between rounds of 2,000
 * requests, so that both sides of the comparison run the same engine code compiled once; the
 * smallest round of each side so far counts, and the rounds go on until the two agree, at most
 * 40 of each: with two other busy processes on two cores the JIT compiled the metrics' path late
 * (until then it allocates: no escape analysis), and five rounds still differed by 21 bytes a
 * request. Two servers, one with the listener and one without, differed
 * in about one fresh JVM in ten, in whole multiples of 24 bytes a request and in either
 * direction: the engine's own per-request objects on the health path are scalar-replaced by the
 * JIT in one compilation and not in another. A real per-request allocation in the metrics (at
 * least 16 bytes) shows in every round.
 */
@Tag("peers")
class HTTPServerRequestMetricsAllocationTest {
  private static final int WARM_UP_ROUNDS = 3;
  private static final int MIN_MEASURED_ROUNDS = 3;
  private static final int MAX_MEASURED_ROUNDS = 40;
  private static final int REQUESTS_PER_ROUND = 2_000;
  private static final byte[] REQUEST =
      "GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  void theListenerAddsNoAllocationPerRequestOnTheSelectorThread() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
    SwitchedListener listener = new SwitchedListener(metrics);
    try (MeasuredServer server = new MeasuredServer(listener.asRequestListener())) {
      long leastRecording = Long.MAX_VALUE;
      long leastIdle = Long.MAX_VALUE;
      int rounds = 0;
      while (rounds < WARM_UP_ROUNDS + MIN_MEASURED_ROUNDS
          || rounds < WARM_UP_ROUNDS + MAX_MEASURED_ROUNDS
              && leastRecording - leastIdle >= REQUESTS_PER_ROUND) {
        listener.recording = true;
        long recording = server.selectorBytesFor(REQUESTS_PER_ROUND);
        listener.recording = false;
        long idle = server.selectorBytesFor(REQUESTS_PER_ROUND);
        if (++rounds > WARM_UP_ROUNDS) {
          leastRecording = Math.min(leastRecording, recording);
          leastIdle = Math.min(leastIdle, idle);
        }
      }
      double perRequestRecording = (double) leastRecording / REQUESTS_PER_ROUND;
      double perRequestIdle = (double) leastIdle / REQUESTS_PER_ROUND;
      assertThat(metrics.inFlight()).isZero();
      // A byte of slack per request for the JIT's own noise; any object is at least 16.
      assertThat(perRequestRecording - perRequestIdle)
          .as("bytes per request, least of %s rounds: %s recording, %s with the listener idle",
              rounds - WARM_UP_ROUNDS, perRequestRecording, perRequestIdle)
          .isLessThan(1.0);
      // The rounds that recorded reached the metrics, and only those.
      assertThat(Scraped.afterIdle(metrics, registry)
          .requests("GET", "/-/healthy", "200", "SUCCESS", "none"))
          .isEqualTo((double) rounds * REQUESTS_PER_ROUND);
    }
  }

  /** Passes the engine's calls to the metrics while {@link #recording}, else does nothing. */
  private static final class SwitchedListener {
    private final HttpServerMetrics metrics;
    volatile boolean recording;

    SwitchedListener(HttpServerMetrics metrics) {
      this.metrics = metrics;
    }

    RequestListener asRequestListener() {
      return RequestListener.of(
          () -> recording ? metrics.requestStarted() : 0L,
          (start, method, route, rawPath, status, failure, requestBytes, responseBytes) -> {
            if (start != 0L) {
              metrics.requestFinished(start, method, route, rawPath, status, failure,
                  requestBytes, responseBytes);
            }
          });
    }
  }

  /** An NIO-engine server, its selector thread, and one kept-alive connection to it. */
  private static final class MeasuredServer implements AutoCloseable {
    private final HTTPServer server;
    private final Thread selector;
    private final Socket socket = new Socket();
    private final OutputStream out;
    private final InputStream in;

    MeasuredServer(RequestListener listener) throws IOException {
      Set<Long> before = threadIds();
      server = HTTPServer.builder().hostname("127.0.0.1").registry(new CollectorRegistry())
          .engine(HTTPServer.Engine.NIO).requestListener(listener).buildAndStart();
      selector = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t.getId()) && t.getName().endsWith("-selector"))
          .findFirst().orElseThrow();
      socket.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5_000);
      socket.setSoTimeout(10_000);
      out = socket.getOutputStream();
      in = socket.getInputStream();
    }

    /** The bytes the selector thread allocated while serving {@code n} health checks in turn. */
    long selectorBytesFor(int n) throws IOException {
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long start = threads.getThreadAllocatedBytes(selector.getId());
      for (int i = 0; i < n; i++) {
        out.write(REQUEST);
        out.flush();
        readResponse(in);
      }
      return threads.getThreadAllocatedBytes(selector.getId()) - start;
    }

    @Override
    public void close() throws IOException {
      socket.close();
      server.close();
    }
  }

  private static Set<Long> threadIds() {
    Set<Long> ids = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      ids.add(t.getId());
    }
    return ids;
  }

  /** Reads a head, then as many body bytes as its Content-Length says. */
  private static void readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after: " + head);
      }
      head.append((char) b);
    }
    assertThat(head).startsWith("HTTP/1.1 200");
    String lower = head.toString().toLowerCase();
    int at = lower.indexOf("content-length:");
    int end = lower.indexOf("\r\n", at);
    long length = Long.parseLong(lower.substring(at + "content-length:".length(), end).trim());
    in.readNBytes((int) length);
  }
}
