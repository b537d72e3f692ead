package io.promsdk.core.metrics;

import io.promsdk.core.exemplars.SpanContextSupplier;
import java.time.Duration;

/**
 * The builder settings of metrics that keep exemplars (counters and histograms): whether they
 * keep any, and how often a series takes a new automatic one.
 *
 * <pre>{@code
 * Counter quiet = Counter.builder().name("jobs_total").withoutExemplars().register(registry);
 * Histogram h = Histogram.builder().name("rpc_seconds")
 *     .exemplarSampleInterval(Duration.ofSeconds(10)).register(registry);
 * }</pre>
 *
 * @param <B> the concrete builder, so that chained calls keep their type
 * @param <M> the metric it builds
 */
public abstract class ExemplarBuilder<B extends ExemplarBuilder<B, M>, M extends Metric> extends LabelledMetric.Builder<B, M> {
  final ExemplarSampler.Options exemplars = new ExemplarSampler.Options();

  ExemplarBuilder() {}

  /**
   * Keeps no exemplars: neither automatic ones nor those given to {@code incWithExemplar} /
   * {@code observeWithExemplar} (whose labels are still checked).
   */
  public B withoutExemplars() {
    exemplars.off();
    return self();
  }

  /**
   * The minimum time between two automatic exemplars of one series (of one histogram bucket);
   * default {@link io.promsdk.core.exemplars.Exemplars#sampleInterval()} (1 s).
   */
  public B exemplarSampleInterval(Duration interval) {
    exemplars.interval(interval, typeName() + " '" + name + "'");
    return self();
  }

  /** For tests: where automatic exemplars come from (null: none) and the clock of their gates. */
  B exemplarSource(SpanContextSupplier spans, ExemplarClock clock) {
    exemplars.spans(spans);
    exemplars.clock(clock);
    return self();
  }
}
