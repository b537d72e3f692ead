package io.promsdk.exporter.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Info;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import java.io.ByteArrayInputStream;
import io.promsdk.exposition.ExpositionOptions;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bodies past the buffer limit: streamed, without a length, and byte for byte the buffered body. */
class StreamedScrapeTest {
  private static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0";
  private CollectorRegistry registry;

  @BeforeEach
  void setUp() {
    registry = new CollectorRegistry();
    Counter requests = Counter.builder().name("requests_total").help("Requests.").labelNames("path", "code")
        .register(registry);
    Histogram latency = Histogram.builder().name("latency_seconds").help("Latency \\ \"quoted\".")
        .labelNames("path").register(registry);
    for (int i = 0; i < 300; i++) {
      requests.labelValues("/p\u00e9" + i, i % 3 == 0 ? "500" : "200").inc(i * 0.25);
      latency.labelValues("/p" + i).observe(i / 100.0);
    }
    Gauge.builder().name("temperature").help("A gauge.").register(registry).set(-1.5e-7);
    Info.builder().name("build").help("Build.").labelNames("version").register(registry).setLabelValues("1.0");
  }

  @ParameterizedTest(name = "accept {0}, encoding {1}, query {2}")
  @CsvSource(nullValues = "none", value = {
      "none, none, none", "none, gzip, none", OPENMETRICS + ", none, none", OPENMETRICS + ", gzip, none",
      OPENMETRICS + ", gzip, name[]=latency_seconds&name[]=build", "none, none, name[]=requests_total"})
  void aStreamedBodyIsTheBufferedBody(String accept, String acceptEncoding, String query) throws IOException {
    byte[] buffered;
    try (Captured r = Captured.handle(handler(Integer.MAX_VALUE), "GET", query, accept, acceptEncoding)) {
      buffered = decoded(r, body(r));
      assertThat(r.contentLength()).isPositive();
    }
    for (int limit : new int[] {0, 1, 4096, buffered.length - 1}) {
      try (Captured r = Captured.handle(handler(limit), "GET", query, accept, acceptEncoding)) {
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentLength()).as("limit %d", limit).isEqualTo(-1);
        assertThat(r.contentEncoding()).isEqualTo(acceptEncoding);
        assertThat(new String(decoded(r, body(r)))).as("limit %d", limit).isEqualTo(new String(buffered));
      }
    }
    try (Captured r = Captured.handle(handler(buffered.length), "GET", query, accept, acceptEncoding)) {
      assertThat(r.contentLength()).as("a body of exactly the limit is buffered").isPositive();
      assertThat(decoded(r, body(r))).isEqualTo(buffered);
    }
  }

  @Test
  void aStreamingResponseIsReusedForBufferedBodies() throws IOException {
    ScrapeHandler handler = new ScrapeHandler(registry, 1, 64 * 1024);
    byte[] expected;
    try (Captured r = Captured.handle(handler, "GET", null, null, null)) {
      assertThat(r.contentLength()).isEqualTo(-1);
      expected = body(r);
    }
    try (Captured r = Captured.handle(handler, "GET", "name[]=temperature", null, "gzip")) {
      assertThat(r.contentLength()).as("small again").isPositive();
      assertThat(new String(decoded(r, body(r)))).startsWith("# HELP temperature");
    }
    try (Captured r = Captured.handle(handler, "GET", null, null, null)) {
      assertThat(body(r)).isEqualTo(expected);
    }
  }

  @Test
  void headOfAStreamedBodyHasNoLengthAndNoBody() throws IOException {
    try (Captured r = Captured.handle(handler(1024), "HEAD", null, null, "gzip")) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.contentLength()).isEqualTo(-1);
      assertThat(r.contentEncoding()).isEqualTo("gzip");
      assertThat(body(r)).isEmpty();
    }
  }

  @Test
  void aStrictCollectorFailingBeforeTheLimitStillGets500() throws IOException {
    registry.register(() -> {
      throw new IllegalStateException("down");
    });
    try (Captured r = Captured.handle(strictHandler(1024), "GET", null, null, null)) {
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.contentLength()).isPositive();
      assertThat(new String(body(r))).isEqualTo(ScrapeHandler.SCRAPE_FAILED + "\n");
    }
  }

  /**
   * One pass: a scrape whose body passes the limit is committed as streamed and goes on into the
   * transport's stream, so a custom collector is called once per scrape (twice before, when the
   * first attempt stopped at the limit and was thrown away).
   */
  @Test
  void eachCollectorIsCalledOncePerStreamedScrape() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    registry.register(() -> {
      calls.incrementAndGet();
      return List.of(new GaugeSnapshot(new MetricMetadata("counted", "Counted calls."),
          List.of(new GaugeSnapshot.GaugeDataPoint(1, Labels.EMPTY))));
    });
    for (int limit : new int[] {0, 1024, Integer.MAX_VALUE}) {
      for (String encoding : new String[] {null, "gzip"}) {
        calls.set(0);
        try (Captured r = Captured.handle(handler(limit), "GET", null, null, encoding)) {
          assertThat(r.contentLength() < 0).as("streamed with limit %d", limit).isEqualTo(limit != Integer.MAX_VALUE);
          assertThat(new String(decoded(r, body(r)))).contains("counted 1.0");
        }
        assertThat(calls.get()).as("calls with limit %d, encoding %s", limit, encoding).isEqualTo(1);
      }
    }
  }

  /**
   * Collectors are collected before anything is written, so in one pass a strict collector that
   * fails gets a clean {@code 500} however large the body would have been, never a cut body.
   */
  @Test
  void aStrictCollectorFailingOnALargeBodyGets500() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    registry.register(() -> {
      calls.incrementAndGet();
      throw new IllegalStateException("down");
    });
    try (Captured r = Captured.handle(strictHandler(1024), "GET", null, null, "gzip")) {
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.contentLength()).isPositive();
      assertThat(new String(body(r))).isEqualTo(ScrapeHandler.SCRAPE_FAILED + "\n");
    }
    assertThat(calls.get()).isEqualTo(1);
  }

  /**
   * What fails after the spill (the format part way, or anything the transport's stream throws)
   * comes out of {@code handle} after the one commit: no {@code 500} is sent on top of the
   * committed {@code 200}, and the transport is left to cut the connection.
   */
  @Test
  void aFailureAfterTheSpillComesOutOfHandleWithoutASecondAnswer() throws IOException {
    for (String encoding : new String[] {null, "gzip"}) {
      Captured r = new Captured() {
        private int written;

        @Override
        public java.io.OutputStream commit(ScrapeResponse response) {
          java.io.OutputStream body = super.commit(response);
          return new java.io.FilterOutputStream(body) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              written += len;
              if (written > 2048) {
                throw new IllegalStateException("failed part way");
              }
              body.write(b, off, len);
            }
          };
        }
      };
      assertThatThrownBy(() -> r.capture(handler(1024), "GET", null, null, encoding))
          .isInstanceOf(IllegalStateException.class).hasMessage("failed part way");
      assertThat(r.committed()).isTrue();
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.contentLength()).isEqualTo(-1);
    }
    // The handler is fine afterwards: its pooled response was handed back and cleared.
    ScrapeHandler handler = handler(1024);
    try (Captured r = Captured.handle(handler, "GET", null, null, null)) {
      assertThat(r.status()).isEqualTo(200);
    }
  }

  @Test
  void theLimitComesFromASystemProperty() throws IOException {
    try {
      System.setProperty(ScrapeHandler.MAX_BUFFERED_BYTES_PROPERTY, " 100 ");
      try (Captured r = Captured.handle(new ScrapeHandler(registry), "GET", null, null, null)) {
        assertThat(r.contentLength()).isEqualTo(-1);
      }
      System.setProperty(ScrapeHandler.MAX_BUFFERED_BYTES_PROPERTY, "1M");
      assertThatThrownBy(() -> new ScrapeHandler(registry)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("promsdk.scrape.maxBufferedBytes").hasMessageContaining("\"1M\"");
      System.setProperty(ScrapeHandler.MAX_BUFFERED_BYTES_PROPERTY, "-1");
      assertThatThrownBy(() -> new ScrapeHandler(registry)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must not be negative");
    } finally {
      System.clearProperty(ScrapeHandler.MAX_BUFFERED_BYTES_PROPERTY);
    }
    try (Captured r = Captured.handle(new ScrapeHandler(registry), "GET", null, null, null)) {
      assertThat(r.contentLength()).as("default: 1 MiB").isPositive();
    }
  }

  private ScrapeHandler handler(int maxBufferedBytes) {
    return new ScrapeHandler(registry, 1, maxBufferedBytes);
  }

  /** A handler that fails a scrape when a collector fails, instead of leaving the collector out. */
  private ScrapeHandler strictHandler(int maxBufferedBytes) {
    return new ScrapeHandler(registry, 1, ExpositionOptions.builder().strictCollectors(true).build(), maxBufferedBytes);
  }

  private static byte[] body(Captured r) {
    return r.bytes();
  }

  private static byte[] decoded(Captured r, byte[] body) throws IOException {
    if (!"gzip".equals(r.contentEncoding())) {
      return body;
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }
}
