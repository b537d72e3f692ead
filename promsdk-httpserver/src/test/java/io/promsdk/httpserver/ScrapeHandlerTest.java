package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Info;
import io.promsdk.exposition.ExpositionFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    try (ScrapeResponse r = handler.handle("GET", null, "application/openmetrics-text;version=1.0.0", null)) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.contentType()).isEqualTo(ExpositionFormat.OPENMETRICS_TEXT.contentType());
      assertThat(r.contentEncoding()).isNull();
      assertThat(body(r)).endsWith("# EOF\n").hasSize(r.contentLength());
    }
    try (ScrapeResponse r = handler.handle("GET", null, null, null)) {
      assertThat(r.contentType()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT.contentType());
      assertThat(body(r)).contains("jobs_total 4.0");
    }
  }

  @Test
  void gzipsToExactlyTheIdentityBody() throws IOException {
    String identity;
    try (ScrapeResponse r = handler.handle("GET", null, null, null)) {
      identity = body(r);
    }
    try (ScrapeResponse r = handler.handle("GET", null, null, "gzip")) {
      assertThat(r.contentEncoding()).isEqualTo("gzip");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      r.writeBodyTo(out);
      assertThat(out.size()).isEqualTo(r.contentLength());
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray()))) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(identity);
      }
    }
  }

  @Test
  void headHasTheLengthOfGetButWritesNothing() throws IOException {
    int getLength;
    try (ScrapeResponse r = handler.handle("GET", null, null, "gzip")) {
      getLength = r.contentLength();
    }
    try (ScrapeResponse r = handler.handle("HEAD", null, null, "gzip")) {
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
    assertThat(scrape("name[]=")).isEmpty();
    assertThat(scrape("name%5B%5D=jobs_total&x=y&name%5b%5d=build")).contains("jobs_total", "build_info")
        .doesNotContain("latency");
  }

  private String scrape(String query) throws IOException {
    try (ScrapeResponse r = handler.handle("GET", query, null, null)) {
      assertThat(r.status()).isEqualTo(200);
      return body(r);
    }
  }

  @Test
  void answersErrorsWithPlainText() throws IOException {
    try (ScrapeResponse r = handler.handle("POST", null, null, "gzip")) {
      assertThat(r.status()).isEqualTo(405);
      assertThat(r.allow()).isEqualTo("GET, HEAD");
      assertThat(r.contentEncoding()).isNull();
      assertThat(body(r)).isEqualTo("Method not allowed: use GET or HEAD.\n");
    }
    try (ScrapeResponse r = handler.handle("get", null, null, null)) {
      assertThat(r.status()).as("methods are case-sensitive").isEqualTo(405);
    }
    try (ScrapeResponse r = handler.handle("GET", "name[]=%G0", null, null)) {
      assertThat(r.status()).isEqualTo(400);
    }
    try (ScrapeResponse r = handler.handle("GET", "x".repeat(ScrapeHandler.MAX_QUERY_LENGTH + 1), null, null)) {
      assertThat(r.status()).isEqualTo(400);
    }
    registry.register(() -> {
      throw new IllegalStateException("broken\nsecond line");
    });
    try (ScrapeResponse r = handler.handle("GET", null, null, "gzip")) {
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.contentType()).isEqualTo("text/plain; charset=utf-8");
      assertThat(body(r)).startsWith("An error occurred while collecting metrics: ").contains("broken second line")
          .endsWith("\n").hasLineCount(1);
    }
  }

  @Test
  void reusesPooledBuffersAcrossScrapes() {
    ScrapeResponse first = handler.handle("GET", null, null, "gzip");
    first.close();
    first.close(); // a second close must not pool it twice
    ScrapeResponse second = handler.handle("GET", null, null, "gzip");
    ScrapeResponse third = handler.handle("GET", null, null, "gzip");
    assertThat(second).isSameAs(first);
    assertThat(third).isNotSameAs(first);
    second.close();
    third.close();
  }

  private static String body(ScrapeResponse r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    r.writeBodyTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
