package io.promsdk.exposition;

import static io.promsdk.exposition.StreamingEquivalenceTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.GaugeWithCallback;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Info;
import io.promsdk.core.metrics.StateSet;
import io.promsdk.core.metrics.Summary;
import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.LabelRenderer;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Writing a registry: the cases the random registries may miss, each against its snapshot twin. */
class StreamingWriteTest {
  private static final List<ExpositionFormat> FORMATS =
      List.of(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.OPENMETRICS_TEXT);

  private static void assertSameAsSnapshots(CollectorRegistry registry) {
    for (ExpositionFormat format : FORMATS) {
      assertThat(write(out -> format.write(out, registry)))
          .as(format.name()).isEqualTo(write(out -> format.write(out, registry.collect())));
    }
  }

  /** With strictCollectors, a failure fails the write as it fails {@code registry.collect()}. */
  private static void assertSameAsSnapshotsWhenStrict(CollectorRegistry registry) {
    for (ExpositionFormat format : FORMATS) {
      assertThat(write(out -> strictWrite(format, out, registry)))
          .as(format.name()).isEqualTo(write(out -> format.write(out, registry.collect())));
    }
  }

  private static void strictWrite(ExpositionFormat format, java.io.OutputStream out, CollectorRegistry registry)
      throws java.io.IOException {
    format.write(out, registry, CollectorIsolation.ALL, CollectorIsolation.STRICT);
  }

  @Test
  void emptyMetricsWriteTheirMetadataOnly() {
    CollectorRegistry registry = new CollectorRegistry();
    Counter.builder().name("requests").help("Requests.").labelNames("path").register(registry);
    Info.builder().name("build").labelNames("version").register(registry);
    assertThat(write(out -> ExpositionFormat.OPENMETRICS_TEXT.write(out, registry))).isEqualTo("""
        # TYPE requests counter
        # HELP requests Requests.
        # TYPE build info
        # EOF
        """);
    assertSameAsSnapshots(registry);
  }

  @Test
  void aFailingCallbackFailsAStrictScrapeBeforeAnythingIsWritten() {
    CollectorRegistry registry = new CollectorRegistry();
    Counter.builder().name("first").register(registry).inc();
    GaugeWithCallback.builder().name("broken").valueFrom(() -> {
      throw new IllegalStateException("pool closed");
    }).register(registry);
    for (ExpositionFormat format : FORMATS) {
      String streamed = write(out -> strictWrite(format, out, registry));
      assertThat(streamed).startsWith("\n!! io.promsdk.core.CollectorRegistry$CollectionException")
          .contains("pool closed");
    }
    assertSameAsSnapshotsWhenStrict(registry);
  }

  @Test
  void aCustomCollectorWithDuplicateSeriesFailsAStrictScrapeAsWhenCollected() {
    CollectorRegistry registry = new CollectorRegistry();
    Counter.builder().name("first").register(registry).inc();
    GaugeDataPoint point = new GaugeDataPoint(1, Labels.of("a", "1"));
    registry.register(() -> List.of(new GaugeSnapshot(new MetricMetadata("dup", ""), List.of(point, point))));
    assertThat(write(out -> strictWrite(ExpositionFormat.PROMETHEUS_TEXT, out, registry))).startsWith("\n!! ");
    assertSameAsSnapshotsWhenStrict(registry);
  }

  @Test
  void collidingNamesFailAStrictScrapeBeforeAnythingIsWritten() {
    CollectorRegistry registry = new CollectorRegistry();
    Counter.builder().name("x").register(registry).inc();
    registry.register(() -> List.of(new GaugeSnapshot(new MetricMetadata("x_total", ""),
        List.of(new GaugeDataPoint(1, Labels.EMPTY)))));
    assertThat(write(out -> strictWrite(ExpositionFormat.PROMETHEUS_TEXT, out, registry)))
        .startsWith("\n!! java.lang.IllegalArgumentException: metric families 'x' (counter) and 'x_total'");
    assertSameAsSnapshotsWhenStrict(registry);
  }

  @Test
  void familyFilterSeesNameAndType() {
    CollectorRegistry registry = new CollectorRegistry();
    Counter.builder().name("a").register(registry).inc();
    Histogram.builder().name("b").register(registry).observe(1);
    String onlyHistograms = write(out -> ExpositionFormat.PROMETHEUS_TEXT.write(out, registry,
        (name, type) -> type == MetricType.HISTOGRAM));
    assertThat(onlyHistograms).startsWith("# TYPE b histogram\n").doesNotContain("a_total");
  }

  @Test
  void contendedAndFractionalCountersMatch() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Counter counter = Counter.builder().name("hits").labelNames("k").register(registry);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 20_000; i++) {
            counter.labelValues("k" + (i % 3)).inc();
            if (i % 1000 == 0) {
              counter.labelValues("k0").inc(0.125);
            }
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(counter.labelValues("k0").get()).isEqualTo(4 * (6667 + 20 * 0.125));
    assertSameAsSnapshots(registry);
  }

  /**
   * A live series keeps the rendering of its labels from its first scrape for the next ones, in
   * either text format: every later scrape, whichever format scraped before, writes what its
   * snapshot writes, with label values that need escaping or UTF-8, constant labels, labels too
   * long to keep, no labels, and a series removed and created again.
   */
  @Test
  void laterScrapesWriteTheLabelsKeptByTheFirstAsItWrote() {
    CollectorRegistry registry = new CollectorRegistry();
    Counter counter = Counter.builder().name("requests").constLabel("zone", "eu \\ \"1\"")
        .labelNames("path", "code").register(registry);
    counter.labelValues("/a\"b\\c\nd", "200").inc(3);
    counter.labelValues("ü€😀", "500").inc(1.5);
    counter.labelValues("x".repeat(TextBuffer.MAX_REMEMBERED_LABELS), "200").inc();
    Counter.builder().name("plain").register(registry).inc();
    Gauge.builder().name("temperature").labelNames("room").register(registry).labelValues("hall").set(21);
    Histogram histogram = Histogram.builder().name("latency").labelNames("route").buckets(0.5, 1)
        .register(registry);
    histogram.labelValues("/q\"").observe(0.7);
    histogram.labelValues("/r").observe(2);
    StateSet states = StateSet.builder().name("mode").states("on", "off").labelNames("unit")
        .register(registry);
    states.labelValues("a\nb").setTrue("on");
    Summary summary = Summary.builder().name("size").labelNames("kind").quantile(0.5, 0.01)
        .register(registry);
    summary.labelValues("k\\").observe(4);

    for (int scrape = 0; scrape < 3; scrape++) {
      if (scrape == 2) {
        counter.remove("ü€😀", "500");
        counter.labelValues("ü€😀", "500").inc(7);
      }
      for (ExpositionFormat format : scrape == 1 ? List.of(FORMATS.get(1), FORMATS.get(0)) : FORMATS) {
        assertThat(write(out -> format.write(out, registry))).as("scrape %d, %s", scrape, format.name())
            .isEqualTo(write(out -> format.write(out, registry.collect())))
            .contains("requests_total{zone=\"eu \\\\ \\\"1\\\"\",path=\"/a\\\"b\\\\c\\nd\",code=\"200\"} 3.0\n");
      }
    }
  }

  /**
   * With {@code keepRenderedLabels(false)} a scrape leaves nothing with the series: afterwards
   * another renderer is still free to keep its own renderings there, which the default (text pairs
   * kept) refuses. The output is the same either way.
   */
  @Test
  void withoutKeptLabelsAScrapeLeavesNothingWithTheSeries() throws IOException {
    LabelRenderer probe = new LabelRenderer() {
      @Override
      public int maxLength(DataPointView point) {
        return 1;
      }

      @Override
      public int render(DataPointView point, byte[] into, int offset) {
        into[offset] = 'x';
        return offset + 1;
      }
    };
    ExpositionOptions keepNothing = ExpositionOptions.builder().keepRenderedLabels(false).build();
    for (boolean keep : List.of(false, true)) {
      CollectorRegistry registry = new CollectorRegistry();
      Counter counter = Counter.builder().name("requests").labelNames("path").register(registry);
      counter.labelValues("/a").inc();
      Histogram histogram = Histogram.builder().name("latency").labelNames("route").buckets(1)
          .register(registry);
      histogram.labelValues("/b").observe(0.5);
      for (ExpositionFormat format : FORMATS) {
        assertThat(write(out -> format.write(out, registry, (name, type) -> true,
            keep ? ExpositionOptions.defaults() : keepNothing)))
            .isEqualTo(write(out -> format.write(out, registry.collect())));
      }
      byte[] buf = new byte[8];
      List<Integer> ends = new ArrayList<>();
      DataPointVisitor probeEach = p -> ends.add(p.copyKeptLabels(probe, buf, 0, buf.length));
      counter.forEachDataPoint(probeEach);
      histogram.forEachDataPoint(probeEach);
      assertThat(ends).as("keep %s", keep).containsExactly(keep ? -1 : 1, keep ? -1 : 1);
    }
  }

  @Test
  void concurrentScrapesGetTheSameBytes() throws Exception {
    CollectorRegistry registry = RandomRegistries.registry(42, List.of());
    String expected = write(out -> ExpositionFormat.OPENMETRICS_TEXT.write(out, registry.collect()));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> scrapes = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        scrapes.add(pool.submit(() -> write(out -> ExpositionFormat.OPENMETRICS_TEXT.write(out, registry))));
      }
      for (Future<String> s : scrapes) {
        assertThat(s.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdown();
    }
  }
}
