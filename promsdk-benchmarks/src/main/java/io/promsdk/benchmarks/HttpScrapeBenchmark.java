package io.promsdk.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * A full HTTP scrape over loopback of the 1,000-series registry of {@link ScrapeFixtures}: promsdk's
 * {@code HTTPServer} against client_java's, both on the JDK's HTTP server with their default
 * executors, Prometheus text format, with and without {@code Accept-Encoding: gzip}. The client is a
 * keep-alive {@link HttpURLConnection} that reads the (still compressed) body and drops it; it is
 * the same for both, and its allocations are in the B/op figure too.
 *
 * <p>Both servers run with {@code sun.net.httpserver.nodelay=true}. Without it the JDK's HTTP server
 * (which sends the headers and the body in separate writes) meets Nagle's algorithm on the server and
 * delayed ACKs on the client: any body smaller than one segment (on loopback, 64 KB: here every
 * gzipped body) waits about 40 ms for an ACK, and the benchmark measures that timer instead of the
 * libraries (seen here: ~46 ms per gzipped scrape for both servers). That stall is a property of
 * the JDK server, the same for both libraries; see NOTES.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Threads(1)
public class HttpScrapeBenchmark {

  @Param({"1000"})
  public int series;

  @Param({"false", "true"})
  public boolean gzip;

  private AutoCloseable server;
  private URL url;
  private final byte[] buffer = new byte[64 * 1024];

  @Setup
  public void setup(BenchmarkParams params) throws IOException {
    String benchmark = params.getBenchmark();
    start(benchmark.substring(benchmark.lastIndexOf('.') + 1));
  }

  void start(String library) throws IOException {
    // Read once, when the first com.sun.net.httpserver server of this JVM is created.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    ScrapeFixtures.Labels labels = new ScrapeFixtures.Labels(series);
    int port;
    switch (library) {
      case "promsdk" -> {
        io.promsdk.httpserver.HTTPServer s = io.promsdk.httpserver.HTTPServer.builder().port(0)
            .hostname("127.0.0.1").registry(ScrapeFixtures.promsdk(labels))
            .expositionOptions(ExpositionBenchmark.CREATED_TIMESTAMPS).buildAndStart();
        server = s;
        port = s.getPort();
      }
      case "clientJava" -> {
        io.prometheus.metrics.exporter.httpserver.HTTPServer s =
            io.prometheus.metrics.exporter.httpserver.HTTPServer.builder().port(0).hostname("127.0.0.1")
                .registry(ScrapeFixtures.clientJava(labels)).buildAndStart();
        server = s;
        port = s.getPort();
      }
      default -> throw new IllegalArgumentException(library);
    }
    url = URI.create("http://127.0.0.1:" + port + "/metrics").toURL();
  }

  @TearDown
  public void tearDown() throws Exception {
    server.close();
  }

  /** Performs one scrape; returns the number of body bytes received (compressed when gzip). */
  long scrape() throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    c.setRequestProperty("Accept", "text/plain; version=0.0.4");
    if (gzip) {
      c.setRequestProperty("Accept-Encoding", "gzip");
    }
    if (c.getResponseCode() != 200) {
      throw new IOException(url + " answered " + c.getResponseCode());
    }
    long total = 0;
    try (InputStream in = c.getInputStream()) { // closing returns the connection to the keep-alive cache
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
      }
    }
    if (gzip != "gzip".equals(c.getContentEncoding())) {
      throw new IOException(url + ": Content-Encoding " + c.getContentEncoding() + " with gzip=" + gzip);
    }
    return total;
  }

  @Benchmark
  public long promsdk() throws IOException {
    return scrape();
  }

  @Benchmark
  public long clientJava() throws IOException {
    return scrape();
  }

  /** For the smoke test: the body bytes of one scrape. */
  byte[] body() throws IOException {
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    if (gzip) {
      c.setRequestProperty("Accept-Encoding", "gzip");
    }
    try (InputStream in = c.getInputStream()) {
      InputStream body = gzip ? new java.util.zip.GZIPInputStream(in) : in;
      return body.readAllBytes();
    }
  }
}
