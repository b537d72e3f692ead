package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, item 5: five concurrent OpenMetrics scrapes of a registry of 1,000,000 series succeed in
 * a 700 MB heap. The exporter runs in its own JVM with {@code -Xmx700m} ({@link Exporter}); this
 * test scrapes it over HTTP and reads each body line by line, without holding it.
 */
@Tag("peers")
class LargeRegistryScrapeTest {
  static final int SERIES = 1_000_000;
  private static final int CONCURRENT_SCRAPES = 5;
  private static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0";

  @Test
  void fiveConcurrentScrapesOfAMillionSeriesSucceedIn700Megabytes() throws Exception {
    Process exporter = startExporter();
    try {
      String url = "http://127.0.0.1:" + readPort(exporter) + "/metrics";
      HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
          .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
      List<CompletableFuture<HttpResponse<InputStream>>> scrapes = new ArrayList<>();
      for (int i = 0; i < CONCURRENT_SCRAPES; i++) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", OPENMETRICS)
            .header("Accept-Encoding", i % 2 == 0 ? "identity" : "gzip").timeout(Duration.ofSeconds(240)).build();
        scrapes.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()));
      }
      List<CompletableFuture<long[]>> counts = new ArrayList<>();
      for (CompletableFuture<HttpResponse<InputStream>> scrape : scrapes) {
        counts.add(scrape.thenApplyAsync(LargeRegistryScrapeTest::countSeriesLines));
      }
      for (int i = 0; i < CONCURRENT_SCRAPES; i++) {
        HttpResponse<InputStream> response = scrapes.get(i).get(240, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as("scrape %d", i).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).as("streamed").isEmpty();
        long[] seriesAndEof = counts.get(i).get(240, TimeUnit.SECONDS);
        assertThat(seriesAndEof[0]).as("series lines of scrape %d", i).isEqualTo(SERIES);
        assertThat(seriesAndEof[1]).as("scrape %d ends with # EOF", i).isEqualTo(1);
      }
      assertThat(exporter.isAlive()).as("the exporter survived").isTrue();
    } finally {
      exporter.destroy();
      if (!exporter.waitFor(10, TimeUnit.SECONDS)) {
        exporter.destroyForcibly();
      }
    }
  }

  /** Counts the lines of the {@code large_series} family and whether the last line is {@code # EOF}. */
  private static long[] countSeriesLines(HttpResponse<InputStream> response) {
    try (InputStream raw = response.body();
        InputStream in = "gzip".equals(response.headers().firstValue("Content-Encoding").orElse(null))
            ? new java.util.zip.GZIPInputStream(raw, 64 * 1024) : raw;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024)) {
      long series = 0;
      String last = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("large_series{")) {
          series++;
        }
        last = line;
      }
      return new long[] {series, "# EOF".equals(last) ? 1 : 0};
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("scrape broken off", e);
    }
  }

  private static Process startExporter() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx700m", "-cp", System.getProperty("java.class.path"),
        Exporter.class.getName())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static int readPort(Process exporter) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(exporter.getInputStream(), StandardCharsets.UTF_8));
    try (Stream<String> lines = out.lines()) {
      String line = lines.filter(l -> l.startsWith("PORT ")).findFirst()
          .orElseThrow(() -> new IOException("the exporter ended without a port"));
      return Integer.parseInt(line.substring(5));
    }
  }

  /** The exporter JVM: a million series on a free port, until its standard input closes. */
  static final class Exporter {
    public static void main(String[] args) throws Exception {
      CollectorRegistry registry = new CollectorRegistry();
      // About 95 bytes a line, 95 MB a body: label values of the length real exporters have.
      Gauge gauge = Gauge.builder().name("large_series").help("One of a million.")
          .labelNames("path", "method", "status").register(registry);
      for (int i = 0; i < SERIES; i++) {
        gauge.labelValues("/api/v1/tenants/acme/resources/" + i, "GET", "200").set(i);
      }
      try (HTTPServer server = HTTPServer.builder().port(0).hostname("127.0.0.1").registry(registry)
          .buildAndStart()) {
        System.out.println("PORT " + server.getPort());
        System.out.flush();
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
      }
    }
  }
}
