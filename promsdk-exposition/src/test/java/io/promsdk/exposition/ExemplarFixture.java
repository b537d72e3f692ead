package io.promsdk.exposition;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.model.ClassicBuckets;
import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.HistogramExemplars;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshots;
import java.util.List;

/**
 * Families with exemplars for the format tests: live metrics in a registry (exemplars set with
 * {@code incWithExemplar}/{@code observeWithExemplar}) and snapshots with known timestamps and
 * label values that need escaping.
 */
final class ExemplarFixture {
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN = "00f067aa0ba902b7";
  /** Needs every escape OpenMetrics has, and multi-byte UTF-8. */
  static final String AWKWARD = "a\"b\\c\nd é 😀";
  static final long TIMESTAMP = 1_700_000_000_123L;

  private ExemplarFixture() {}

  /** requests_total{path="/a"} with an exemplar, {path="/b"} without; latency_seconds (classic only) with two. */
  static CollectorRegistry registry() {
    CollectorRegistry registry = new CollectorRegistry();
    Counter requests = Counter.builder().name("requests_total").help("Requests.").labelNames("path")
        .register(registry);
    requests.labelValues("/a").incWithExemplar(2, Labels.of("trace_id", TRACE, "span_id", SPAN));
    requests.labelValues("/b").inc();
    // Classic only: the exemplar tests of classic buckets (native ones: ExemplarFormatsTest).
    Histogram latency = Histogram.builder().name("latency_seconds").help("Latency.").classicOnly().buckets(0.1, 1)
        .register(registry);
    latency.observeWithExemplar(0.5, Labels.of("trace_id", TRACE, "span_id", SPAN));
    latency.observeWithExemplar(3, Labels.of("trace_id", "other", "span_id", "s2"));
    latency.observe(0.05);
    return registry;
  }

  static Exemplar awkwardExemplar(double value) {
    return new Exemplar(Labels.of("trace_id", AWKWARD), value, TIMESTAMP);
  }

  /** A counter and a histogram snapshot whose exemplars have a timestamp and awkward labels. */
  static MetricSnapshots snapshots() {
    CounterSnapshot counter = new CounterSnapshot(new MetricMetadata("jobs", "Jobs.", null), List.of(
        new CounterSnapshot.CounterDataPoint(7, Labels.of("queue", "q"), 0, 0, awkwardExemplar(1)),
        new CounterSnapshot.CounterDataPoint(1, Labels.of("queue", "r"), 0, 0,
            new Exemplar(Labels.EMPTY, 1, 0))));
    ClassicBuckets buckets = ClassicBuckets.of(new double[] {1, Double.POSITIVE_INFINITY}, new long[] {1, 3});
    HistogramSnapshot histogram = new HistogramSnapshot(new MetricMetadata("sizes", "Sizes.", null), List.of(
        new HistogramSnapshot.HistogramDataPoint(buckets, 21, Labels.EMPTY, 0, 0,
            HistogramExemplars.of(new Exemplar[] {null, awkwardExemplar(10)}, List.of()))));
    return MetricSnapshots.of(counter, histogram);
  }
}
