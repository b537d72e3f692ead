package io.promsdk.exporter.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionOptions;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.exporter.common.ScrapeHandler;
import io.promsdk.testsupport.PythonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every pull exporter must answer on its metrics endpoint, over real HTTP. The JDK server and
 * the servlet both extend this, which is how they are held to serving the same thing.
 */
@Tag("peers")
public abstract class ExporterContract {
  public static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  public static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
  private static final String PROTOBUF = "application/vnd.google.protobuf";

  /** A running exporter under test. */
  public interface Exporter extends AutoCloseable {
    /** The full URL of the metrics endpoint, without query. */
    String metricsUrl();

    @Override
    void close() throws Exception;
  }

  /** Starts the exporter under test serving {@code registry} with the default options. */
  protected Exporter start(CollectorRegistry registry) throws Exception {
    return start(registry, ExpositionOptions.defaults());
  }

  /** Starts the exporter under test serving {@code registry}, writing with {@code options}. */
  protected abstract Exporter start(CollectorRegistry registry, ExpositionOptions options) throws Exception;

  /**
   * The {@code Content-Type} the exporter's server sends for {@code written}, the value the handler
   * set. The same value by default; a server that re-serialises media types (Tomcat drops the
   * optional whitespace around {@code ;}, RFC 9110 section 5.6.6) overrides it with that rewrite,
   * so that the contract still checks every other character.
   */
  protected String contentTypeAsSent(String written) {
    return written;
  }

  protected final Scraper scraper = new Scraper();
  protected CollectorRegistry registry;
  protected Exporter exporter;
  protected String url;

  @BeforeEach
  void startExporter() throws Exception {
    registry = new CollectorRegistry();
    Counter c = Counter.builder().name("contract_requests_total").help("Requests.").labelNames("path").register(registry);
    c.labelValues("/a").inc(3);
    Gauge.builder().name("contract_gauge").help("A gauge.").register(registry).set(1.5);
    Histogram.builder().name("contract_hist").help("A histogram.").buckets(1, 2).register(registry).observe(1.5);
    exporter = start(registry);
    url = exporter.metricsUrl();
  }

  @AfterEach
  void stopExporter() throws Exception {
    exporter.close();
  }

  /** Accept headers Prometheus sends, and the formats the exporter must answer with. */
  static Stream<Arguments> prometheusAcceptHeaders() {
    return Stream.of(
        Arguments.of("Prometheus 2.0-2.48 default",
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1", OPENMETRICS),
        Arguments.of("Prometheus 2.40-2.48 native histograms",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,"
                + "application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1", OPENMETRICS),
        Arguments.of("Prometheus 2.49-2.55 default",
            "application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,"
                + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2", OPENMETRICS),
        Arguments.of("Prometheus 3.x default",
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                + "application/openmetrics-text;version=0.0.1;q=0.5,"
                + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
            OPENMETRICS),
        Arguments.of("Prometheus 3.x protobuf first",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,"
                + "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.5,"
                + "application/openmetrics-text;version=0.0.1;q=0.4,"
                + "text/plain;version=1.0.0;escaping=underscores;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1",
            OPENMETRICS),
        Arguments.of("Prometheus 3.x scrape_protocols: [PrometheusText0.0.4]",
            "text/plain;version=0.0.4;q=0.6,*/*;q=0.5", TEXT_004),
        Arguments.of("curl", "*/*", TEXT_004),
        Arguments.of("browser", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", TEXT_004),
        Arguments.of("no Accept header", null, TEXT_004));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("prometheusAcceptHeaders")
  void negotiatesTheFormatPrometheusAsksFor(String client, String accept, String expected) throws Exception {
    Scraper.Response r = accept == null ? scraper.get(url) : scraper.get(url, "Accept", accept);
    assertThat(r.status()).isEqualTo(200);
    String contentType = r.header("Content-Type");
    if (accept != null && accept.startsWith(PROTOBUF) && contentType.startsWith(PROTOBUF)) {
      return; // protobuf support landed: fine for a client that prefers it.
    }
    assertThat(contentType).isEqualTo(contentTypeAsSent(expected));
    String body = r.text();
    if (expected.equals(OPENMETRICS)) {
      assertThat(PythonParser.parseOpenMetrics(body)).hasSize(3);
      assertThat(body).endsWith("# EOF\n");
    } else {
      assertThat(PythonParser.parsePrometheusText(body)).hasSize(3);
    }
    assertThat(body).contains("contract_requests_total{path=\"/a\"} 3.0");
  }

  @Test
  void gzipsWhenTheClientAcceptsIt() throws Exception {
    Scraper.Response plain = scraper.get(url, "Accept", "text/plain");
    Scraper.Response gzipped = scraper.get(url, "Accept", "text/plain", "Accept-Encoding", "gzip");
    assertThat(plain.header("Content-Encoding")).isNull();
    assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(gzipped.header("Content-Length")).isEqualTo(Integer.toString(gzipped.body().length));
    assertThat(gzipped.decodedText()).isEqualTo(plain.text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip;q=0", "identity", "br", "deflate, gzip;q=0.0", "gzip;q=0, *", "*;q=0"})
  void doesNotGzipWhenTheClientRefusesIt(String acceptEncoding) throws Exception {
    Scraper.Response r = scraper.get(url, "Accept-Encoding", acceptEncoding);
    assertThat(r.header("Content-Encoding")).isNull();
    assertThat(r.text()).contains("contract_gauge 1.5");
  }

  @Test
  void sendsContentLength() throws Exception {
    Scraper.Response r = scraper.get(url);
    assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
    assertThat(r.header("Transfer-Encoding")).isNull();
  }

  @Test
  void headAnswersTheHeadersOfGetWithoutBody() throws Exception {
    for (String encoding : new String[] {"identity", "gzip"}) {
      Scraper.Response get = scraper.get(url, "Accept-Encoding", encoding);
      assertThat(headLike(get, encoding).header("Content-Length")).isEqualTo(Integer.toString(get.body().length));
    }
  }

  /** A HEAD with {@code Accept-Encoding: encoding}, checked to answer the headers of {@code get} without body. */
  private Scraper.Response headLike(Scraper.Response get, String encoding) throws IOException {
    Scraper.Response head = scraper.send("HEAD", url, "Accept-Encoding", encoding);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
    assertThat(head.header("Content-Encoding")).isEqualTo(get.header("Content-Encoding"));
    return head;
  }

  @Test
  void filtersByNameWithSampleNamesAndFamilyNames() throws Exception {
    assertThat(families("?name[]=contract_requests_total")).containsExactly("contract_requests");
    assertThat(families("?name[]=contract_requests")).containsExactly("contract_requests");
    assertThat(families("?name[]=contract_gauge&name[]=contract_hist_bucket"))
        .containsExactly("contract_gauge", "contract_hist");
    assertThat(families("?name%5B%5D=contract_hist_count")).containsExactly("contract_hist");
    assertThat(families("?name[]=contract_gauge_total")).isEmpty();
    assertThat(families("?name[]=nothing_here")).isEmpty();
    assertThat(families("?other=1")).hasSize(3);
  }

  @Test
  void ignoresEmptyNamesAsThePythonClientDoes() throws Exception {
    assertThat(families("?name[]=")).as("no filter").hasSize(3);
    assertThat(families("?name[]")).as("no filter").hasSize(3);
    assertThat(families("?name[]=&name[]=contract_gauge")).containsExactly("contract_gauge");
  }

  @Test
  void saysTheMetricsVaryByAcceptAndAcceptEncoding() throws Exception {
    String vary = "Accept, Accept-Encoding";
    assertThat(scraper.get(url).header("Vary")).isEqualTo(vary);
    assertThat(scraper.get(url, "Accept", OPENMETRICS, "Accept-Encoding", "gzip").header("Vary")).isEqualTo(vary);
    assertThat(scraper.send("HEAD", url, "Accept-Encoding", "gzip").header("Vary")).isEqualTo(vary);
  }

  private List<String> families(String query) throws Exception {
    Scraper.Response r = scraper.get(url + query);
    assertThat(r.status()).as(query).isEqualTo(200);
    List<String> names = new ArrayList<>();
    PythonParser.parsePrometheusText(r.text()).forEach(f -> names.add(f.name()));
    return names;
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
  void refusesOtherMethodsWith405(String method) throws Exception {
    Scraper.Response r = scraper.send(method, url);
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
    assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void writesCreatedSamplesOnlyWhenAskedFor() throws Exception {
    CollectorRegistry jobs = new CollectorRegistry();
    Counter.builder().name("jobs_total").help("Jobs.").register(jobs).inc();
    try (Exporter plain = start(jobs);
        Exporter created = start(jobs, ExpositionOptions.builder().createdTimestamps(true).build())) {
      assertThat(scraper.get(plain.metricsUrl(), "Accept", OPENMETRICS).text())
          .contains("jobs_total 1.0\n").doesNotContain("_created");
      assertThat(scraper.get(created.metricsUrl(), "Accept", OPENMETRICS).text())
          .containsPattern("\njobs_created [0-9]+\\.[0-9]{3}\n");
    }
  }

  @Test
  void refusesAnOversizedQueryWith400() throws Exception {
    Scraper.Response r = scraper.get(url + "?name[]=" + "a".repeat(5000));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("too long");
  }

  @Test
  void refusesABadlyEncodedQueryWith400() throws Exception {
    String path = URI.create(url).getRawPath();
    String response = raw("GET " + path + "?name[]=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 400 ").doesNotContain("\tat ");
  }

  /** Sends {@code request} as is over a new connection; returns all the server answered. */
  protected String raw(String request) throws IOException {
    URI uri = URI.create(url);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      try {
        socket.getInputStream().transferTo(response);
      } catch (IOException e) {
        // A reset after the server closed the connection: whatever arrived is the answer.
      }
      return response.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void leavesAFailingCollectorOutAndServesTheRest() throws Exception {
    String healthy = scraper.get(url).text();
    io.promsdk.core.Collector broken = new io.promsdk.core.Collector() {
      @Override
      public java.util.List<io.promsdk.core.model.MetricSnapshot<?>> collect() {
        throw new IllegalStateException("the database is down");
      }

      @Override
      public String toString() {
        return "database-stats";
      }
    };
    registry.register(broken);
    Scraper.Response r = scraper.get(url);
    assertThat(r.status()).isEqualTo(200);
    // Everything else as before, then the failure counter naming the collector; never the
    // exception's message: it could hold a secret, and scrapers often need no credentials.
    assertThat(r.text()).startsWith(healthy)
        .endsWith("promsdk_collector_failures_total{collector=\"database-stats\"} 1.0\n")
        .doesNotContain("the database is down");
    registry.unregister(broken);
    assertThat(scraper.get(url).status()).isEqualTo(200);
  }

  /** Series of {@link #registerLargeGauge}: about 1.8 MB of text, past the default buffer limit of 1 MiB. */
  private static final int LARGE_SERIES = 40_000;

  private void registerLargeGauge() {
    Gauge large = Gauge.builder().name("contract_large").help("Many series.").labelNames("id").register(registry);
    for (int i = 0; i < LARGE_SERIES; i++) {
      large.labelValues("series-" + i).set(i);
    }
  }

  @Test
  void streamsALargeBodyChunkedAndComplete() throws Exception {
    registerLargeGauge();
    Scraper.Response r = scraper.get(url, "Accept", OPENMETRICS);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Length")).isNull();
    assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(r.body().length).isGreaterThan(ScrapeHandler.DEFAULT_MAX_BUFFERED_BYTES);
    String body = r.text();
    assertThat(body).endsWith("# EOF\n");
    assertThat(body.lines().filter(line -> line.startsWith("contract_large{"))).hasSize(LARGE_SERIES);
    assertThat(PythonParser.parseOpenMetrics(body)).hasSize(4);

    Scraper.Response gzipped = scraper.get(url, "Accept", OPENMETRICS, "Accept-Encoding", "gzip");
    assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(gzipped.header("Content-Length")).isNull();
    assertThat(gzipped.decodedText()).isEqualTo(body);
  }

  @Test
  void headOfALargeBodyHasNoContentLength() throws Exception {
    registerLargeGauge();
    for (String encoding : new String[] {"identity", "gzip"}) {
      Scraper.Response get = scraper.get(url, "Accept-Encoding", encoding);
      assertThat(headLike(get, encoding).header("Content-Length")).as(encoding).isNull();
    }
  }

  /**
   * A scrape is written in one pass, so each collector runs once per scrape, also when the body
   * is streamed; and collectors are collected before anything is written, so with strict
   * collectors one that fails on a body large enough to be streamed gets a clean {@code 500},
   * never a cut {@code 200}. (A body that fails after it, in the format or the transport, makes the
   * engine end the connection without completing it: see {@code NioEngineTest}, {@code
   * JdkEngineCutBodyTest}, {@code MetricsServletCutBodyTest} and {@code PrometheusStreamedScrapeTest}. By default the failing collector is left out instead, see
   * {@code CollectorIsolationTest}.) The exporter keeps serving.
   */
  @Test
  void aLargeScrapeRunsEachCollectorOnceAndAStrictFailureGetsACleanError() throws Exception {
    exporter.close();
    exporter = start(registry, ExpositionOptions.builder().strictCollectors(true).build());
    url = exporter.metricsUrl();
    registerLargeGauge();
    AtomicInteger calls = new AtomicInteger();
    Collector failing = () -> {
      calls.incrementAndGet();
      throw new IllegalStateException("the database went away");
    };
    registry.register(failing);

    for (String encoding : new String[] {"identity", "gzip"}) {
      calls.set(0);
      Scraper.Response r = scraper.get(url, "Accept-Encoding", encoding);
      assertThat(r.status()).as(encoding).isEqualTo(500);
      assertThat(r.text()).isEqualTo(ScrapeHandler.SCRAPE_FAILED + "\n");
      assertThat(calls.get()).as("collections of one scrape").isEqualTo(1);
    }

    registry.unregister(failing);
    AtomicInteger counted = new AtomicInteger();
    registry.register(() -> {
      counted.incrementAndGet();
      return List.of();
    });
    for (String encoding : new String[] {"identity", "gzip"}) {
      counted.set(0);
      Scraper.Response whole = scraper.get(url, "Accept-Encoding", encoding);
      assertThat(whole.status()).isEqualTo(200);
      assertThat(whole.header("Transfer-Encoding")).as("streamed").isEqualTo("chunked");
      assertThat(counted.get()).as("collections of one streamed scrape, %s", encoding).isEqualTo(1);
    }
  }

  /** 50 clients scraping as fast as they can for 2 s, half of them with gzip. */
  @Test
  protected void servesConcurrentScrapesWithoutErrors() throws Exception {
    int clients = 50;
    long until = System.nanoTime() + 2_000_000_000L;
    String expected = scraper.get(url, "Accept", "text/plain").text();
    AtomicInteger ok = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String encoding = i % 2 == 0 ? "gzip" : "identity";
        futures.add(pool.submit(() -> {
          start.await();
          Scraper own = new Scraper();
          while (System.nanoTime() < until) {
            Scraper.Response r = own.get(url, "Accept", "text/plain", "Accept-Encoding", encoding);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.decodedText()).isEqualTo(expected);
            ok.incrementAndGet();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ok.get()).isGreaterThan(clients);
  }
}
