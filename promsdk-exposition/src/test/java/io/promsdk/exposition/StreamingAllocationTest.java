package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Info;
import io.promsdk.core.metrics.StateSet;
import io.promsdk.core.metrics.Summary;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #5: a scrape of a registry allocates less than 16 KB however many series it has, as
 * promsdk's metrics are read series by series into one reused view (issue #10: in the protobuf
 * format too, whose families are encoded into a pooled buffer). Snapshotting the same
 * registries allocates about 58 bytes per series, so the bounds below fail by a wide margin if
 * the streaming path falls back to snapshots.
 */
class StreamingAllocationTest {
  private static final long BOUND = 16 * 1024;

  /** The benchmark's registry: {@code counters} labelled counter series and 20 histogram series. */
  private static CollectorRegistry countersAndHistograms(int counters) {
    CollectorRegistry registry = new CollectorRegistry();
    Counter requests = Counter.builder().name("requests_total").help("Requests.")
        .labelNames("method", "path").register(registry);
    for (int i = 0; i < counters; i++) {
      requests.labelValues(i % 2 == 0 ? "GET" : "POST", "/api/v1/resource/" + i).inc(1 + i % 100);
    }
    Histogram latency = Histogram.builder().name("latency_seconds").help("Latency.")
        .labelNames("handler").register(registry);
    for (int j = 0; j < 20; j++) {
      Histogram.Child child = latency.labelValues("handler_" + j);
      for (int k = 0; k < 10; k++) {
        child.observe(0.001 * (j + 1) * (k + 1));
      }
    }
    return registry;
  }

  /** Every other type too, so that no reader hides an allocation. */
  private static CollectorRegistry everyType() {
    CollectorRegistry registry = countersAndHistograms(1000);
    Gauge gauge = Gauge.builder().name("temperature").labelNames("room").register(registry);
    Summary summary = Summary.builder().name("size_bytes").quantile(0.5, 0.05).quantile(0.99, 0.001)
        .labelNames("room").register(registry);
    Summary plain = Summary.builder().name("wait_seconds").labelNames("room").register(registry);
    StateSet state = StateSet.builder().name("phase").states("up", "down").labelNames("room").register(registry);
    Info.builder().name("build").labelNames("version").register(registry).setLabelValues("1.0");
    for (int i = 0; i < 100; i++) {
      String room = "room" + i;
      gauge.labelValues(room).set(i);
      summary.labelValues(room).observe(i);
      plain.labelValues(room).observe(i);
      state.labelValues(room).setTrue("up");
    }
    return registry;
  }

  @ParameterizedTest
  @ValueSource(strings = {"PrometheusText0.0.4", "OpenMetricsText1.0.0", "PrometheusProto"})
  void aThousandCountersAndTwentyHistograms(String format) throws IOException {
    assertThat(bytesPerScrape(format, 300, countersAndHistograms(1000))).isLessThan(BOUND);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PrometheusText0.0.4", "OpenMetricsText1.0.0", "PrometheusProto"})
  void twentyThousandSeries(String format) throws IOException {
    assertThat(bytesPerScrape(format, 40, countersAndHistograms(19_980))).isLessThan(BOUND);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PrometheusText0.0.4", "OpenMetricsText1.0.0", "PrometheusProto"})
  void everyMetricType(String format) throws IOException {
    assertThat(bytesPerScrape(format, 200, everyType())).isLessThan(BOUND);
  }

  /** Pull of one registry and push of another from the same process: both stay cheap. */
  @ParameterizedTest
  @ValueSource(strings = {"PrometheusText0.0.4", "OpenMetricsText1.0.0", "PrometheusProto"})
  void twoRegistriesInTurn(String format) throws IOException {
    assertThat(bytesPerScrape(format, 300, countersAndHistograms(1000), everyType())).isLessThan(BOUND);
  }

  /**
   * Bytes allocated by one steady-state streaming scrape (after {@code warmUp} of them), writing
   * the registries in turn.
   */
  private static long bytesPerScrape(String formatName, int warmUp, CollectorRegistry... registries)
      throws IOException {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);
    ExpositionFormat format = java.util.stream.Stream.of(ExpositionFormat.PROMETHEUS_TEXT,
            ExpositionFormat.OPENMETRICS_TEXT, ExpositionFormat.PROMETHEUS_PROTOBUF)
        .filter(f -> f.name().equals(formatName)).findFirst().orElseThrow();
    CountingDiscard out = new CountingDiscard();
    for (int i = 0; i < warmUp; i++) { // JIT, buffer pool, canonical number cache
      format.write(out, registries[i % registries.length]);
    }
    int scrapes = 10;
    out.bytes = 0;
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < scrapes; i++) {
      format.write(out, registries[i % registries.length]);
    }
    long perScrape = (threads.getCurrentThreadAllocatedBytes() - before) / scrapes;
    assertThat(out.bytes / scrapes).as("output per scrape").isGreaterThan(10_000);
    System.out.printf("%s: %d bytes allocated per scrape writing %d bytes%n",
        formatName, perScrape, out.bytes / scrapes);
    return perScrape;
  }
}
