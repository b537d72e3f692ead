package io.promsdk.core.metrics;

import io.promsdk.core.exemplars.Exemplars;
import io.promsdk.core.exemplars.SpanContextSupplier;
import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.Labels;
import java.time.Duration;

/**
 * A metric's exemplar settings, shared by its series' {@link ExemplarSlots}: where automatic
 * exemplars' labels come from (null: only manual exemplars), the clock the gates read and the
 * sample interval. Immutable.
 */
final class ExemplarSampler {
  final SpanContextSupplier spans; // null: no automatic exemplars
  final ExemplarClock clock;
  final long intervalMillis;
  /** How long a gate stays closed after a check that found no sampled span. */
  final long retryMillis;

  ExemplarSampler(SpanContextSupplier spans, ExemplarClock clock, Duration interval) {
    this.spans = spans;
    this.clock = clock;
    this.intervalMillis = Math.max(1, interval.toMillis());
    this.retryMillis = Math.min(intervalMillis, CoarseClock.TICK_MILLIS);
  }

  /** Slots for a new series with {@code n} exemplars (1 per counter, 1 per classic bucket). */
  ExemplarSlots newSlots(int n) {
    return new ExemplarSlots(this, n);
  }

  /**
   * A manual exemplar of {@code value} for {@code owner}, timestamped now; labels OpenMetrics does
   * not allow are refused with the metric's name, whether or not the metric keeps exemplars, so
   * that turning exemplars off never hides a bug.
   */
  static Exemplar manual(Metric owner, Labels labels, double value) {
    if (labels == null) {
      throw new NullPointerException(owner + ": exemplar labels must not be null (Labels.EMPTY for none)");
    }
    String problem = Exemplar.labelsProblem(labels);
    if (problem != null) {
      throw new IllegalArgumentException(owner + ": " + problem);
    }
    return new Exemplar(labels, value, System.currentTimeMillis());
  }

  /**
   * An automatic exemplar of {@code value} from the current span, or null when no sampled span is
   * current or the supplier gives labels OpenMetrics does not allow (an automatic exemplar never
   * fails the application's {@code inc}/{@code observe}).
   */
  Exemplar automatic(double value) {
    Labels labels;
    try {
      labels = spans.exemplarLabels();
    } catch (RuntimeException e) {
      return null;
    }
    if (labels == null || Exemplar.labelsProblem(labels) != null) {
      return null;
    }
    return new Exemplar(labels, value, System.currentTimeMillis());
  }

  /**
   * The part of a counter or histogram builder that sets its exemplars: off, the interval, and
   * (for tests) the supplier and the clock.
   */
  static final class Options {
    private boolean off;
    private Duration interval;
    private SpanContextSupplier spans;
    private boolean spansSet;
    private ExemplarClock clock;

    void off() {
      off = true;
    }

    void interval(Duration interval, String where) {
      this.interval = Exemplars.checkInterval(interval, where);
    }

    void spans(SpanContextSupplier spans) {
      this.spans = spans;
      this.spansSet = true;
    }

    void clock(ExemplarClock clock) {
      this.clock = clock;
    }

    /** The sampler these options and the global {@link Exemplars} settings give; null: exemplars off. */
    ExemplarSampler build() {
      if (off || !Exemplars.enabled()) {
        return null;
      }
      SpanContextSupplier s = spansSet ? spans : Exemplars.spanContextSupplier();
      ExemplarClock c = clock;
      if (c == null) {
        c = CoarseClock.INSTANCE;
        if (s != null) {
          CoarseClock.INSTANCE.start();
        }
      }
      return new ExemplarSampler(s, c, interval != null ? interval : Exemplars.sampleInterval());
    }
  }
}
