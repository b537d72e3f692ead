package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.exporter.common.ScrapeHandler;
import io.promsdk.exposition.ExpositionOptions;
import io.promsdk.exporter.common.testing.FailingAfter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The JDK engine's handler never completes a streamed body that fails part way, after the status
 * line went out: the connection ends without the last chunk. Collectors cannot cut a body (they
 * run before anything is written), so a filter makes the body's stream fail, as a format failing
 * part way would. ({@code NioEngineTest} checks the same of the NIO engine, {@code
 * MetricsServletCutBodyTest} of the servlet.)
 */
@Tag("peers")
class JdkEngineCutBodyTest {
  /** About 1.8 MB of text: past the default buffer limit of 1 MiB, so streamed. */
  private static final int SERIES = 40_000;
  private static final int PASSED_ON = 64 * 1024;

  @Test
  void aStreamedBodyThatFailsPartWayIsNeverCompleted() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge large = Gauge.builder().name("cut_series").help("Many series.").labelNames("id").register(registry);
    for (int i = 0; i < SERIES; i++) {
      large.labelValues("series-" + i).set(i);
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    HttpContext context = server.createContext("/", new ExporterHandler(
        new ExporterRoutes(new ScrapeHandler(registry, 1, ExpositionOptions.defaults()), "/metrics")));
    context.getFilters().add(new Filter() {
      @Override
      public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        exchange.setStreams(null, new FailingAfter(exchange.getResponseBody(), PASSED_ON));
        chain.doFilter(exchange);
      }

      @Override
      public String description() {
        return "fails the body part way";
      }
    });
    server.start();
    try (Socket socket = new Socket("127.0.0.1", server.getAddress().getPort())) {
      socket.setSoTimeout(5000);
      long start = System.nanoTime();
      socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      String response = new String(NioEngineTest.receivedUntilEndOrReset(socket.getInputStream()),
          StandardCharsets.ISO_8859_1);
      assertThat(System.nanoTime() - start).as("the server ends the kept-alive connection")
          .isLessThan(4_000_000_000L);
      assertThat(response).startsWith("HTTP/1.1 200 ").containsIgnoringCase("Transfer-encoding: chunked")
          .doesNotContainIgnoringCase("Content-length").doesNotEndWith("\r\n0\r\n\r\n");
      assertThat(response.length()).as("part of the body went out").isGreaterThan(PASSED_ON / 2);
    } finally {
      server.stop(0);
    }
  }
}
