package io.promsdk.exporter.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The container side of a streamed body that fails part way, shared by the servlet tests: a
 * registry large enough to be streamed, and the check that the container never completes such a
 * body. The test wraps the container's body stream in a {@link FailingAfter} of {@link #PASSED_ON}
 * bytes, as a format failing part way would fail it.
 */
public final class CutBody {
  /** About 1.8 MB of text: past the default buffer limit of 1 MiB, so streamed. */
  private static final int SERIES = 40_000;
  /** The bytes the body stream passes on before it fails. */
  public static final int PASSED_ON = 64 * 1024;

  private CutBody() {}

  /** A registry whose scrape is streamed. */
  public static CollectorRegistry streamedRegistry() {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge large = Gauge.builder().name("cut_series").help("Many series.").labelNames("id").register(registry);
    for (int i = 0; i < SERIES; i++) {
      large.labelValues("series-" + i).set(i);
    }
    return registry;
  }

  /**
   * GETs {@code metricsUrl} on a kept-alive connection and checks that the server sent a chunked
   * 200, part of the body, no final chunk, and ended the connection within 4 s.
   */
  public static void assertNeverCompleted(String metricsUrl) throws IOException {
    URI uri = URI.create(metricsUrl);
    long start = System.nanoTime();
    String response = receivedUntilClosed(uri, "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(System.nanoTime() - start).as("the server ends the kept-alive connection")
        .isLessThan(4_000_000_000L);
    assertThat(response).startsWith("HTTP/1.1 200 ").containsIgnoringCase("Transfer-Encoding: chunked")
        .doesNotContainIgnoringCase("Content-Length").doesNotEndWith("\r\n0\r\n\r\n");
    assertThat(response.length()).as("part of the body went out").isGreaterThan(PASSED_ON / 2);
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
