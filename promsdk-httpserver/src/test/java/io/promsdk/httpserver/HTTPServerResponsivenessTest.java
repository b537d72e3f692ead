package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.exporter.common.testing.RecordedMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, items 2 and 3, with the server's defaults: responses on a kept-alive connection are
 * not held back by Nagle's algorithm (which costs ~40 ms a response against a client's delayed
 * ACK), and {@code /-/healthy} answers while every scrape thread hangs in a collector.
 */
class HTTPServerResponsivenessTest {

  /**
   * 200 requests on one connection; the median round trip must be far below the 40 ms of a
   * Nagle/delayed-ACK stall. Not a benchmark: a stall is an order of magnitude above the bound.
   */
  @ParameterizedTest(name = "{0} {1} {2} extra series")
  @CsvSource(nullValues = "none", value = {
      "/metrics, none, 0", "/metrics, gzip, 0", "/-/healthy, none, 0", "/metrics, none, 2000"})
  void keptAliveResponsesAreNotDelayed(String path, String acceptEncoding, int extraSeries) throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    RecordedMetrics.record(registry);
    // Past one write buffer (16 KiB), so that the response takes several writes: where Nagle's
    // algorithm holds back a write while an earlier one waits for its ACK.
    Gauge many = Gauge.builder().name("many").help("Series enough for a ~100 KB body.").labelNames("i")
        .register(registry);
    for (int i = 0; i < extraSeries; i++) {
      many.labelValues(Integer.toString(i)).set(i);
    }
    try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(registry).buildAndStart();
        RawHttp connection = new RawHttp(server.getPort())) {
      String[] headers = acceptEncoding == null ? new String[0] : new String[] {"Accept-Encoding: " + acceptEncoding};
      for (int i = 0; i < 20; i++) { // Warm-up: class loading, JIT, pooled buffers.
        assertThat(connection.exchange("GET", path, headers).status()).isEqualTo(200);
      }
      long[] nanos = new long[200];
      int bodyBytes = 0;
      for (int i = 0; i < nanos.length; i++) {
        long start = System.nanoTime();
        RawHttp.Response r = connection.exchange("GET", path, headers);
        nanos[i] = System.nanoTime() - start;
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Encoding")).isEqualTo(acceptEncoding);
        bodyBytes = r.body().length;
      }
      Arrays.sort(nanos);
      double medianMillis = nanos[nanos.length / 2] / 1e6;
      System.out.printf("HTTPServerResponsivenessTest: %s %s +%d series (%d bytes) median %.3f ms, p90 %.3f ms%n",
          path, acceptEncoding,
          extraSeries, bodyBytes, medianMillis, nanos[nanos.length * 9 / 10] / 1e6);
      assertThat(medianMillis).as("median ms per kept-alive request").isLessThan(5.0);
    }
  }

  /** Every scrape thread (and the queue behind them) held by a collector that hangs. */
  @Test
  void answersHealthChecksWithinASecondWhileEveryScrapeHangs() throws Exception {
    int threads = 5; // The default.
    CountDownLatch collecting = new CountDownLatch(threads);
    CountDownLatch release = new CountDownLatch(1);
    CollectorRegistry hanging = new CollectorRegistry();
    hanging.register(() -> {
      collecting.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of();
    });
    List<Socket> scrapes = new ArrayList<>();
    try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(hanging).buildAndStart()) {
      for (int i = 0; i < threads + 10; i++) {
        Socket s = new Socket("127.0.0.1", server.getPort());
        OutputStream out = s.getOutputStream();
        out.write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        scrapes.add(s);
      }
      assertThat(collecting.await(10, TimeUnit.SECONDS)).as("every scrape thread is in the collector").isTrue();
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        try (RawHttp health = new RawHttp(server.getPort())) {
          health.socket.setSoTimeout(1000);
          RawHttp.Response r = health.exchange("GET", "/-/healthy");
          assertThat(r.status()).isEqualTo(200);
          assertThat(r.text()).isEqualTo("Exporter is healthy.\n");
        } catch (IOException e) {
          throw new AssertionError("no health answer within 1 s while the scrapes hang", e);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
      }
    } finally {
      release.countDown();
      for (Socket s : scrapes) {
        s.close();
      }
    }
  }
}
