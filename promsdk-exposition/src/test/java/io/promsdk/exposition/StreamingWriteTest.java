package io.promsdk.exposition;

import static io.promsdk.exposition.StreamingEquivalenceTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.GaugeWithCallback;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Info;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricType;
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
