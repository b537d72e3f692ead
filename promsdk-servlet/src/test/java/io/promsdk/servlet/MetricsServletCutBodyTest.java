package io.promsdk.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A streamed body that fails part way, after the status line went out, is never completed: the
 * servlet rethrows, and Jetty 12 ends the connection without the last chunk, so the scraper sees a
 * failed scrape, not a short one. Collectors cannot cut a body (they run before anything is
 * written), so the body's stream is made to fail here, as a format failing part way would.
 */
@Tag("peers")
class MetricsServletCutBodyTest {
  /** About 1.8 MB of text: past the default buffer limit of 1 MiB, so streamed. */
  private static final int SERIES = 40_000;
  private static final int PASSED_ON = 64 * 1024;

  /** The servlet, with a response whose body stream fails after {@link #PASSED_ON} bytes. */
  private static final class FailingPartWay extends MetricsServlet {
    private static final long serialVersionUID = 1L;

    FailingPartWay(CollectorRegistry registry) {
      super(registry);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      super.service(request, new HttpServletResponseWrapper(response) {
        @Override
        public ServletOutputStream getOutputStream() throws IOException {
          return new FailingAfter(response.getOutputStream());
        }
      });
    }
  }

  /** The container's stream, failing part way through the body. */
  private static final class FailingAfter extends ServletOutputStream {
    private final ServletOutputStream out;
    private final io.promsdk.exporter.common.testing.FailingAfter failing;

    FailingAfter(ServletOutputStream out) {
      this.out = out;
      this.failing = new io.promsdk.exporter.common.testing.FailingAfter(out, PASSED_ON);
    }

    @Override
    public void write(int b) throws IOException {
      failing.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      failing.write(b, off, len);
    }

    @Override
    public boolean isReady() {
      return out.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      out.setWriteListener(listener);
    }
  }

  @Test
  void aStreamedBodyThatFailsPartWayIsNeverCompleted() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge large = Gauge.builder().name("cut_series").help("Many series.").labelNames("id").register(registry);
    for (int i = 0; i < SERIES; i++) {
      large.labelValues("series-" + i).set(i);
    }
    try (JettyMetricsServlet jetty = new JettyMetricsServlet(new FailingPartWay(registry))) {
      URI uri = URI.create(jetty.metricsUrl());
      long start = System.nanoTime();
      String response = receivedUntilClosed(uri, "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(System.nanoTime() - start).as("the server ends the kept-alive connection")
          .isLessThan(4_000_000_000L);
      assertThat(response).startsWith("HTTP/1.1 200 ").containsIgnoringCase("Transfer-Encoding: chunked")
          .doesNotContainIgnoringCase("Content-Length").doesNotEndWith("\r\n0\r\n\r\n");
      assertThat(response.length()).as("part of the body went out").isGreaterThan(PASSED_ON / 2);
    }
  }

  /** Sends {@code request} and reads until the server closes or resets the connection (5 s at most). */
  private static String receivedUntilClosed(URI uri, String request) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[16 * 1024];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          received.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the connection stayed open after a cut body", e);
      } catch (IOException reset) {
        // A reset ends it too; what arrived before is kept.
      }
    }
    return received.toString(StandardCharsets.ISO_8859_1);
  }
}
