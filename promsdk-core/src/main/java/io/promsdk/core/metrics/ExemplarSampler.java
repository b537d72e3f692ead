package io.promsdk.core.metrics;

import io.promsdk.core.exemplars.Exemplars;
import io.promsdk.core.exemplars.SpanContextSupplier;
import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

/**
 * A metric's exemplar settings, shared by its series' {@link ExemplarSlots}: where automatic
 * exemplars' labels come from (null: only manual exemplars), the clock the gates read and the
 * sample interval; immutable but for one gate.
 *
 * <p>A series gets its {@link ExemplarSlots} (70-200 B) only with its first exemplar: most series of
 * most services never keep one, and a counter series costs about 75 B without. Until then the
 * metric's series without slots share one gate for automatic exemplars ({@link #firstAutomatic}):
 * after a check that found no sampled span, none of them asks the supplier again for a retry
 * period. Invariant: slots, once created, are the series' for good (racing creators agree on one
 * through a CAS, {@link #slots}), so an exemplar stored in them is never lost to a second set.
 */
final class ExemplarSampler {
  private static final VarHandle FIRST_GATE;

  static {
    try {
      FIRST_GATE = MethodHandles.lookup().findVarHandle(ExemplarSampler.class, "firstGate", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final SpanContextSupplier spans; // null: no automatic exemplars
  final ExemplarClock clock;
  final long intervalMillis;
  /** How long a gate stays closed after a check that found no sampled span. */
  final long retryMillis;
  /** The clock time from which series without slots ask the supplier again. */
  private volatile long firstGate;

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
   * The {@code n} slots in {@code holder}'s {@code field}, created if it is still null; racing
   * callers get the same ones.
   */
  ExemplarSlots slots(VarHandle field, Object holder, int n) {
    ExemplarSlots current = (ExemplarSlots) field.getAcquire(holder);
    if (current != null) {
      return current;
    }
    ExemplarSlots created = newSlots(n);
    ExemplarSlots witness = (ExemplarSlots) field.compareAndExchange(holder, null, created);
    return witness != null ? witness : created;
  }

  /**
   * For a series that has no slots yet: an automatic exemplar of {@code value} when the shared gate
   * is open and a sampled span is current; otherwise null, and a check that found no span closes
   * the gate for the retry period.
   */
  Exemplar firstAutomatic(double value) {
    if (spans == null) {
      return null;
    }
    long gate = firstGate;
    long now = clock.millis();
    if (now < gate) {
      return null;
    }
    Exemplar e = automatic(value);
    if (e == null) {
      FIRST_GATE.compareAndSet(this, gate, now + retryMillis);
    }
    return e;
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
