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
 * The NIO engine's request listener costs no allocation per request: the bytes its selector thread
 * allocates per {@code /-/healthy} request on a kept-alive connection are the same with
 * {@link HttpServerMetrics} as the listener as without one. Counts bytes, times nothing.
 */
@Tag("peers")
class HTTPServerRequestMetricsAllocationTest {
  private static final int WARM_UP = 5_000;
  private static final int MEASURED = 2_000;
  private static final byte[] REQUEST =
      "GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  void theListenerAddsNoAllocationPerRequestOnTheSelectorThread() throws Exception {
    double without = selectorBytesPerRequest(null);
    CollectorRegistry registry = new CollectorRegistry();
    HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
    double with = selectorBytesPerRequest(
        RequestListener.of(metrics::requestStarted, metrics::requestFinished));
    assertThat(metrics.inFlight()).isZero();
    // A byte of slack per request for the JIT's own noise; any object is at least 16.
    assertThat(with - without).as("bytes per request: %s with the listener, %s without", with, without)
        .isLessThan(1.0);
  }

  /** Serves WARM_UP + MEASURED requests on one connection; the selector's bytes per measured one. */
  private static double selectorBytesPerRequest(RequestListener listener) throws Exception {
    Set<Long> before = threadIds();
    HTTPServer.Builder builder = HTTPServer.builder().hostname("127.0.0.1")
        .registry(new CollectorRegistry()).engine(HTTPServer.Engine.NIO);
    if (listener != null) {
      builder.requestListener(listener);
    }
    try (HTTPServer server = builder.buildAndStart();
        Socket socket = new Socket()) {
      Thread selector = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t.getId()) && t.getName().endsWith("-selector"))
          .findFirst().orElseThrow();
      socket.connect(new InetSocketAddress("127.0.0.1", server.getPort()), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      requests(out, in, WARM_UP);
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long start = threads.getThreadAllocatedBytes(selector.getId());
      requests(out, in, MEASURED);
      long allocated = threads.getThreadAllocatedBytes(selector.getId()) - start;
      return (double) allocated / MEASURED;
    }
  }

  private static Set<Long> threadIds() {
    Set<Long> ids = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      ids.add(t.getId());
    }
    return ids;
  }

  /** Sends {@code n} health checks one after the other and reads each answer whole. */
  private static void requests(OutputStream out, InputStream in, int n) throws IOException {
    for (int i = 0; i < n; i++) {
      out.write(REQUEST);
      out.flush();
      readResponse(in);
    }
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
