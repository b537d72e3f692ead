package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promsdk.core.model.ClassicBuckets;
import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.Quantiles;
import io.promsdk.core.model.SummarySnapshot;
import io.promsdk.core.model.SummarySnapshot.SummaryDataPoint;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A steady-state scrape allocates next to nothing: the buffer is pooled, names and label values
 * are encoded straight into it, integral numbers and canonical {@code le}/{@code quantile} values
 * are rendered without Strings. (Non-integral sample values still go through
 * {@link Double#toString}; this exposition has none.)
 */
class AllocationTest {

  private static MetricSnapshots largeExposition() {
    List<MetricSnapshot<?>> families = new ArrayList<>();
    double[] bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY};
    long[] counts = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    for (int f = 0; f < 20; f++) {
      List<CounterDataPoint> c = new ArrayList<>();
      List<GaugeDataPoint> g = new ArrayList<>();
      List<HistogramDataPoint> h = new ArrayList<>();
      List<SummaryDataPoint> s = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        Labels labels = Labels.of("method", "GET", "path", "/api/v1/resource/" + i, "status", "2ü0");
        c.add(new CounterDataPoint(1000 + i, labels, 1700000000000L, 0));
        g.add(new GaugeDataPoint(-i, labels, 1700000000123L));
        h.add(new HistogramDataPoint(ClassicBuckets.of(bounds, counts), 12, labels, 1700000000000L, 0));
        s.add(new SummaryDataPoint(5, 10, Quantiles.of(new double[] {0.5, 0.95, 0.99}, new double[] {1, 2, 3}),
            labels, 1700000000000L, 0));
      }
      families.add(new CounterSnapshot(Families.meta("requests_" + f, "Requests \"served\".\n"), c));
      families.add(new GaugeSnapshot(Families.meta("in_flight_" + f, "In flight."), g));
      families.add(new HistogramSnapshot(Families.meta("latency_seconds_" + f, "Latency."), h));
      families.add(new SummarySnapshot(Families.meta("size_bytes_" + f, "Size."), s));
    }
    return new MetricSnapshots(families);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PrometheusText0.0.4", "OpenMetricsText1.0.0"})
  void steadyStateScrapesAllocateAlmostNothing(String formatName) throws IOException {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);

    ExpositionFormat format = formatName.equals(ExpositionFormat.PROMETHEUS_TEXT.name())
        ? ExpositionFormat.PROMETHEUS_TEXT : ExpositionFormat.OPENMETRICS_TEXT;
    MetricSnapshots snapshots = largeExposition();
    CountingDiscard out = new CountingDiscard();
    for (int i = 0; i < 300; i++) { // warm up: JIT, pool, canonical number cache
      format.write(out, snapshots);
    }
    out.bytes = 0;
    int scrapes = 50;
    long tid = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(tid);
    for (int i = 0; i < scrapes; i++) {
      format.write(out, snapshots);
    }
    long perScrape = (threads.getThreadAllocatedBytes(tid) - before) / scrapes;
    long outputPerScrape = out.bytes / scrapes;

    // About 400 KB of output from 800 data points; allow 1 KB (the measurement itself allocates).
    assertThat(outputPerScrape).isGreaterThan(300_000);
    assertThat(perScrape).as("bytes allocated per scrape of %s output bytes", outputPerScrape)
        .isLessThan(1024);
  }
}
