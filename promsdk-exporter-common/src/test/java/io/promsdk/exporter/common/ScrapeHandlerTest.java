package io.promsdk.exporter.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Info;
import io.promsdk.exposition.ExpositionFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared scrape logic without HTTP around it. */
class ScrapeHandlerTest {
  private CollectorRegistry registry;
  private ScrapeHandler handler;

  @BeforeEach
  void setUp() {
    registry = new CollectorRegistry();
    Counter.builder().name("jobs_total").help("Jobs.").register(registry).inc(4);
    Gauge.builder().name("jobs_count").help("A gauge whose name ends like a histogram sample.").register(registry).set(1);
    Histogram.builder().name("latency").help("Latency.").buckets(1).register(registry).observe(0.5);
    Info.builder().name("build").help("Build.").labelNames("version").register(registry).setLabelValues("1.0");
    handler = new ScrapeHandler(registry, 2);
  }

  @Test
  void servesTheNegotiatedFormat() throws IOException {
    try (Captured r = Captured.handle(handler, "GET", null, "application/openmetrics-text;version=1.0.0", null)) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.contentType()).isEqualTo(ExpositionFormat.OPENMETRICS_TEXT.contentType());
      assertThat(r.contentEncoding()).isNull();
      assertThat(r.vary()).isEqualTo("Accept, Accept-Encoding");
      assertThat(body(r)).endsWith("# EOF\n").hasSize((int) r.contentLength());
    }
    try (Captured r = Captured.handle(handler, "GET", null, null, null)) {
      assertThat(r.contentType()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT.contentType());
      assertThat(body(r)).contains("jobs_total 4.0");
    }
  }

  @Test
  void gzipsToExactlyTheIdentityBody() throws IOException {
    String identity;
    try (Captured r = Captured.handle(handler, "GET", null, null, null)) {
      identity = body(r);
    }
    try (Captured r = Captured.handle(handler, "GET", null, null, "gzip")) {
      assertThat(r.contentEncoding()).isEqualTo("gzip");
      assertThat(r.vary()).isEqualTo("Accept, Accept-Encoding");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      r.writeBodyTo(out);
      assertThat((long) out.size()).isEqualTo(r.contentLength());
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray()))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(identity);
      }
    }
  }

  @Test
  void headHasTheLengthOfGetButWritesNothing() throws IOException {
    long getLength;
    try (Captured r = Captured.handle(handler, "GET", null, null, "gzip")) {
      getLength = r.contentLength();
    }
    try (Captured r = Captured.handle(handler, "HEAD", null, null, "gzip")) {
      assertThat(r.isHead()).isTrue();
      assertThat(r.contentLength()).isEqualTo(getLength);
      assertThat(body(r)).isEmpty();
    }
  }

  @Test
  void filtersFamiliesByTheirSampleNames() throws IOException {
    assertThat(scrape("name[]=jobs_count")).contains("jobs_count 1.0").doesNotContain("jobs_total");
    assertThat(scrape("name[]=jobs_total")).contains("jobs_total 4.0").doesNotContain("jobs_count");
    assertThat(scrape("name[]=jobs")).contains("jobs_total 4.0").doesNotContain("jobs_count");
    assertThat(scrape("name[]=latency_bucket")).contains("latency_bucket{le=\"1.0\"} 1");
    assertThat(scrape("name[]=latency_sum")).contains("latency_sum 0.5");
    assertThat(scrape("name[]=build_info")).contains("build_info{version=\"1.0\"} 1");
    assertThat(scrape("name[]=latency_total")).isEmpty();
    assertThat(scrape("name[]=")).as("an empty name is ignored: no filter").contains("jobs_total", "jobs_count",
        "latency_sum", "build_info");
    assertThat(scrape("name[]")).as("no value: no filter").contains("jobs_total", "build_info");
    assertThat(scrape("name[]=&name[]=jobs_total")).contains("jobs_total").doesNotContain("jobs_count");
    assertThat(scrape("name%5B%5D=jobs_total&x=y&name%5b%5d=build")).contains("jobs_total", "build_info")
        .doesNotContain("latency");
  }

  private String scrape(String query) throws IOException {
    try (Captured r = Captured.handle(handler, "GET", query, null, null)) {
      assertThat(r.status()).isEqualTo(200);
      return body(r);
    }
  }

  @Test
  void answersErrorsWithPlainText() throws IOException {
    try (Captured r = Captured.handle(handler, "POST", null, null, "gzip")) {
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.allow()).isEqualTo("GET, HEAD");
      assertThat(r.contentEncoding()).isNull();
      assertThat(r.vary()).isNull();
      assertThat(body(r)).isEqualTo("Method not allowed: use GET or HEAD.\n");
    }
    try (Captured r = Captured.handle(handler, "get", null, null, null)) {
      assertThat(r.status()).as("methods are case-sensitive").isEqualTo(405);
    }
    try (Captured r = Captured.handle(handler, "GET", "name[]=%G0", null, null)) {
      assertThat(r.status()).isEqualTo(400);
    }
    try (Captured r = Captured.handle(handler, "GET", "x".repeat(ScrapeHandler.MAX_QUERY_LENGTH + 1), null, null)) {
      assertThat(r.status()).isEqualTo(400);
    }
  }

  @Test
  void answers500WithoutTheDetailsAndLogsThemWhenStrict() throws IOException {
    ScrapeHandler strict = new ScrapeHandler(registry, 2,
        io.promsdk.exposition.ExpositionOptions.builder().strictCollectors(true).build());
    registry.register(() -> {
      throw new IllegalStateException("jdbc:postgresql://db/app?password=hunter2\nsecond line");
    });
    Logger log = Logger.getLogger(ScrapeHandler.class.getName());
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(capture);
    try (Captured r = Captured.handle(strict, "GET", null, null, "gzip")) {
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.contentType()).isEqualTo("text/plain; charset=utf-8");
      assertThat(r.contentEncoding()).isNull();
      assertThat(r.vary()).isNull();
      assertThat(body(r)).isEqualTo("An error occurred while collecting metrics; see the server log.\n")
          .doesNotContain("hunter2").endsWith("\n").hasLineCount(1);
    } finally {
      log.removeHandler(capture);
    }
    assertThat(records).singleElement().satisfies(record -> {
      assertThat(record.getLevel()).isEqualTo(Level.WARNING);
      assertThat(record.getThrown()).hasStackTraceContaining("password=hunter2");
    });
  }

  @Test
  void writesWithItsOptions() throws IOException {
    ScrapeHandler withCreated = new ScrapeHandler(registry,
        io.promsdk.exposition.ExpositionOptions.builder().createdTimestamps(true).build());
    try (Captured r = Captured.handle(withCreated, "GET", "name[]=jobs_total", "application/openmetrics-text;version=1.0.0",
        null)) {
      assertThat(body(r)).contains("jobs_created ");
    }
  }

  @Test
  void reusesPooledBuffersAcrossScrapes() throws IOException {
    ScrapeResponse[] seen = new ScrapeResponse[3];
    Captured.Request get = new Captured.Request("GET", null, null, "gzip");
    handler.handle(get, r -> {
      seen[0] = r;
      return OutputStream.nullOutputStream();
    });
    handler.handle(get, r -> {
      seen[1] = r;
      // A scrape running meanwhile, while this one holds its buffers, gets others.
      handler.handle(get, inner -> {
        seen[2] = inner;
        return OutputStream.nullOutputStream();
      });
      return OutputStream.nullOutputStream();
    });
    assertThat(seen[1]).isSameAs(seen[0]);
    assertThat(seen[2]).isNotSameAs(seen[0]);
  }

  @Test
  void aClosedResponseIsPooledOnce() {
    ResponsePool pool = new ResponsePool(2, ScrapeHandler.DEFAULT_MAX_BUFFERED_BYTES);
    PooledResponse first = pool.acquire("GET");
    first.close();
    first.close(); // a second close must not pool it twice
    PooledResponse second = pool.acquire("GET");
    PooledResponse third = pool.acquire("GET");
    assertThat(second).isSameAs(first);
    assertThat(third).isNotSameAs(first);
    second.close();
    third.close();
  }

  @Test
  void aNegativePoolSizeIsRejectedByName() {
    assertThatThrownBy(() -> new ScrapeHandler(registry, -1, io.promsdk.exposition.ExpositionOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pooledBuffers")
        .hasMessageContaining("-1");
    new ScrapeHandler(registry, 0, io.promsdk.exposition.ExpositionOptions.defaults()); // 0: no pooling
  }

  @Test
  void aPoolSlotKeepsSmallBuffersAndLetsGoOfLargeOnes() {
    ResponsePool pool = new ResponsePool(1, ScrapeHandler.DEFAULT_MAX_BUFFERED_BYTES);
    PooledResponse small = pool.acquire("GET");
    small.body().write(new byte[500 * 1024], 0, 500 * 1024);
    long smallCapacity = small.retainedBytes();
    small.close();
    PooledResponse again = pool.acquire("GET");
    assertThat(again).isSameAs(small);
    assertThat(again.retainedBytes()).as("kept for the next scrape").isEqualTo(smallCapacity);

    int large = (int) ResponsePool.MAX_RETAINED_BYTES + 1;
    again.body().write(new byte[large], 0, large);
    again.gzipBody();
    assertThat(again.retainedBytes()).isGreaterThan(ResponsePool.MAX_RETAINED_BYTES);
    again.close();
    PooledResponse third = pool.acquire("GET");
    assertThat(third).as("the response stays pooled").isSameAs(small);
    assertThat(third.retainedBytes()).as("its large buffers are gone").isLessThanOrEqualTo(32 * 1024);
    third.gzipBody(); // Still usable, with its deflater.
    assertThat(third.contentLength()).isPositive();
    third.close();
    assertThat(ResponsePool.MAX_RETAINED_BYTES).isLessThanOrEqualTo(2L * 1024 * 1024);
  }

  private static String body(Captured r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    r.writeBodyTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
