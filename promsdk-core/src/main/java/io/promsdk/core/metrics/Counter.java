package io.promsdk.core.metrics;

import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A value that only goes up (and resets when the process restarts): requests served, errors, bytes
 * sent. Exposed as {@code <name>_total}; a {@code _total} suffix in the given name is accepted.
 *
 * <pre>{@code
 * Counter counter = Counter.builder()
 *     .name("api_called_total").help("How many is the api called")
 *     .labelNames("inner_ip").register(registry);
 * counter.labelValues("10.0.0.1").inc();
 * }</pre>
 *
 * <p>Updates are lock-free and allocation-free; increments from many threads scale (striped adders).
 *
 * <p>A counter never goes down and never wraps around: integral increments are counted exactly as
 * longs up to 2^56 per stripe ({@link CappedStripes#CAP}); an increment that would pass that, such
 * as {@code inc(Long.MAX_VALUE)} followed by {@code inc(1)}, is added as a double instead, so the
 * value goes on growing as a double (2^63 there) instead of turning negative.
 * Past 2^53 a double cannot tell neighbouring integers apart, so the exposed value is then rounded
 * as any double is.
 *
 * <p>Exemplars: each series keeps its latest exemplar, written in OpenMetrics and protobuf after
 * the {@code _total} sample. {@link #incWithExemplar} sets one; with a {@link
 * io.promsdk.core.exemplars.SpanContextSupplier} (promsdk-tracer-otel) every {@code inc} inside a
 * sampled span takes one by itself, at most one per sample interval (see {@link ExemplarSlots}).
 * {@link Builder#withoutExemplars()} turns both off.
 */
public final class Counter extends LabelledMetric<Counter.Child> {

  /** Null when this counter keeps no exemplars. */
  private final ExemplarSampler exemplarSampler;

  private Counter(Builder builder) {
    super(builder);
    this.exemplarSampler = builder.exemplars.build();
    initNoLabelsChild();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Adds 1. Only for counters without labels. */
  public void inc() {
    noLabels().inc();
  }

  /** Adds {@code amount}, which must not be negative. Only for counters without labels. */
  public void inc(long amount) {
    noLabels().inc(amount);
  }

  /** Adds {@code amount}, which must not be negative or NaN. Only for counters without labels. */
  public void inc(double amount) {
    noLabels().inc(amount);
  }

  /**
   * Adds {@code amount} and keeps an exemplar of it with {@code exemplarLabels} (typically
   * {@code trace_id} and {@code span_id}) and the current time, replacing the series' exemplar.
   * Only for counters without labels.
   *
   * <pre>{@code
   * counter.incWithExemplar(1, Labels.of("trace_id", traceId, "span_id", spanId));
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code amount} is negative or NaN, or the labels have more
   *     than 128 UTF-8 code points in total (OpenMetrics' limit)
   */
  public void incWithExemplar(double amount, Labels exemplarLabels) {
    noLabels().incWithExemplar(amount, exemplarLabels);
  }

  /** The current value. Only for counters without labels. */
  public double get() {
    return noLabels().get();
  }

  /** Runs {@code task}, counting 1 if it throws; the exception is rethrown. */
  public void countExceptions(Runnable task) {
    noLabels().countExceptions(task);
  }

  /** Runs {@code task}, counting 1 if it throws an exception of {@code type}; rethrows. */
  public <T> T countExceptions(Class<? extends Throwable> type, Callable<T> task) throws Exception {
    return noLabels().countExceptions(type, task);
  }

  @Override
  Child newChild(String[] labelValues, int labelHash) {
    return new Child(this, labelValues, labelHash);
  }

  @Override
  void read(Child child, LiveDataPoint into) {
    startSeries(into, child, child.createdMillis).value(child.get()).exemplars(child.exemplars);
  }

  /** The current series, copied from the same view the formats read. */
  @Override
  public CounterSnapshot snapshot() {
    return (CounterSnapshot) MetricSnapshot.copyOf(this);
  }

  @Override
  public MetricType type() {
    return MetricType.COUNTER;
  }

  /** One counter series. Cache it to skip the label lookup. */
  public static final class Child extends LabelledChild {
    private static final VarHandle WHOLE;
    private static final VarHandle EXEMPLARS;

    static {
      try {
        WHOLE = MethodHandles.lookup().findVarHandle(Child.class, "whole", long.class);
        EXEMPLARS = MethodHandles.lookup().findVarHandle(Child.class, "exemplars", ExemplarSlots.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Counter owner;
    final long createdMillis = System.currentTimeMillis();
    /** Null until this series' first exemplar (see ExemplarSampler). */
    volatile ExemplarSlots exemplars;
    // Integral increments land here while uncontended: one field instead of a LongAdder per series.
    // Never above CappedStripes.CAP: checked before each CAS (plain arithmetic, no extra atomic).
    @SuppressWarnings("unused") // accessed through WHOLE
    private volatile long whole;
    // Created when two threads first collide on `whole`; from then on increments are striped.
    private volatile CappedStripes contended;
    // Created on the first increment that is not integral or would pass the exact range of the
    // long parts (see the class Javadoc): most counters never need it.
    private volatile DoubleAdder doubles;

    Child(Counter owner, String[] labelValues, int labelHash) {
      super(labelValues, labelHash);
      this.owner = owner;
    }

    public void inc() {
      add(1L);
      sampleExemplar(1);
      if (!isLive()) { // only with expireAfterIdle
        notLive(1L);
      }
    }

    public void inc(long amount) {
      if (amount < 0) {
        throw negative(amount);
      }
      add(amount);
      sampleExemplar(amount);
      if (!isLive()) {
        notLive(amount);
      }
    }

    /**
     * The expiry's slow path ({@link IdleExpiry}): relinks this series, or repeats the update on
     * the one that replaced it. Out of line, so that the hot method stays small for the JIT.
     */
    private void notLive(long amount) {
      Child live = afterIdle();
      if (live != null) {
        live.inc(amount);
      }
    }

    private void add(long amount) {
      CappedStripes striped = contended;
      if (striped == null) {
        long current = (long) WHOLE.getVolatile(this);
        if (amount > CappedStripes.CAP - current) { // cannot overflow: 0 <= current <= CAP
          doubles().add(amount);
          return;
        }
        if (WHOLE.compareAndSet(this, current, current + amount)) {
          return;
        }
        striped = contended();
      }
      if (!striped.tryAdd(amount)) {
        doubles().add(amount);
      }
    }

    private CappedStripes contended() {
      CappedStripes striped = contended;
      if (striped == null) {
        synchronized (this) {
          striped = contended;
          if (striped == null) {
            striped = new CappedStripes();
            contended = striped;
          }
        }
      }
      return striped;
    }

    public void inc(double amount) {
      addAmount(amount);
      sampleExemplar(amount);
      if (!isLive()) {
        notLive(amount);
      }
    }

    /** As {@link #notLive(long)}, for a double increment. */
    private void notLive(double amount) {
      Child live = afterIdle();
      if (live != null) {
        live.inc(amount);
      }
    }

    /** As {@link Counter#incWithExemplar}, for this series. */
    public void incWithExemplar(double amount, Labels exemplarLabels) {
      Exemplar e = ExemplarSampler.manual(owner, exemplarLabels, amount);
      addAmount(amount);
      ExemplarSampler sampler = owner.exemplarSampler;
      if (sampler != null) {
        sampler.slots(EXEMPLARS, this, 1).store(0, e);
      }
      if (!isLive()) {
        Child live = afterIdle();
        if (live != null) {
          live.incWithExemplar(amount, exemplarLabels);
        }
      }
    }

    @Override
    LabelledMetric<?> metric() {
      return owner;
    }

    /** Offers an increment for an automatic exemplar: the hot path's only exemplar work. */
    private void sampleExemplar(double amount) {
      ExemplarSlots e = exemplars;
      if (e != null) {
        e.sample(0, amount);
      } else if (owner.exemplarSampler != null) {
        sampleFirstExemplar(owner.exemplarSampler, amount);
      }
    }

    private void sampleFirstExemplar(ExemplarSampler sampler, double amount) {
      Exemplar first = sampler.firstAutomatic(amount);
      if (first != null) {
        sampler.slots(EXEMPLARS, this, 1).offer(0, first);
      }
    }

    private void addAmount(double amount) {
      if (!(amount >= 0)) {
        throw negative(amount);
      }
      long asLong = (long) amount;
      if (asLong == amount && asLong < (1L << 53)) {
        add(asLong);
      } else {
        doubles().add(amount);
      }
    }

    /**
     * The current value. Each part only grows and the long parts cannot overflow together (each is
     * capped), so a later reading is never smaller than an earlier one: rounding to double is
     * monotonic.
     */
    public double get() {
      long integral = (long) WHOLE.getVolatile(this);
      CappedStripes striped = contended;
      if (striped != null) {
        integral += striped.sum();
      }
      DoubleAdder d = doubles;
      return d == null ? integral : integral + d.sum();
    }

    /** Runs {@code task}, counting 1 if it throws; the exception is rethrown. */
    public void countExceptions(Runnable task) {
      try {
        task.run();
      } catch (RuntimeException e) { // like the Python client: exceptions, not JVM errors
        inc();
        throw e;
      }
    }

    /** Runs {@code task}, counting 1 if it throws an exception of {@code type}; rethrows. */
    public <T> T countExceptions(Class<? extends Throwable> type, Callable<T> task) throws Exception {
      try {
        return task.call();
      } catch (Exception e) {
        if (type.isInstance(e)) {
          inc();
        }
        throw e;
      }
    }

    private DoubleAdder doubles() {
      DoubleAdder d = doubles;
      if (d == null) {
        synchronized (this) {
          d = doubles;
          if (d == null) {
            d = new DoubleAdder();
            doubles = d;
          }
        }
      }
      return d;
    }

    private IllegalArgumentException negative(Object amount) {
      return new IllegalArgumentException(owner + owner.describeLabels(this)
          + ": counters can only go up, but inc(" + amount + ") was called; use a gauge for values that go down");
    }
  }

  /** Builds a {@link Counter}. */
  public static final class Builder extends ExemplarBuilder<Builder, Counter> {

    private Builder() {}

    @Override
    public Counter build() {
      return new Counter(this);
    }

    @Override
    String typeName() {
      return "counter";
    }

    @Override
    String stripSuffix() {
      return "_total";
    }
  }
}
