package io.promsdk.core.metrics;

import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A value that goes up and down: temperature, queue length, requests in progress.
 *
 * <pre>{@code
 * Gauge gauge = Gauge.builder().name("cpu_usage").help("simulate the cpu usage metric").register(registry);
 * gauge.set(Math.random());
 * try (var inProgress = gauge.trackInProgress()) { work(); }
 * }</pre>
 */
public final class Gauge extends LabelledMetric<Gauge.Child> implements DurationObserver {

  private Gauge(Builder builder) {
    super(builder);
    initNoLabelsChild();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Only for gauges without labels, like every unlabelled shortcut below. */
  public void set(double value) {
    noLabels().set(value);
  }

  public void inc() {
    noLabels().inc(1);
  }

  public void inc(double amount) {
    noLabels().inc(amount);
  }

  public void dec() {
    noLabels().inc(-1);
  }

  public void dec(double amount) {
    noLabels().inc(-amount);
  }

  /** Sets the gauge to the current time in seconds since the epoch. */
  public void setToCurrentTime() {
    noLabels().setToCurrentTime();
  }

  public double get() {
    return noLabels().get();
  }

  /** Increments now and decrements when the returned handle is closed. */
  public InProgress trackInProgress() {
    return noLabels().trackInProgress();
  }

  /** Counts {@code task} as in progress while it runs. */
  public void trackInProgress(Runnable task) {
    noLabels().trackInProgress(task);
  }

  /** Sets the gauge to a duration in seconds (for the {@link DurationObserver} timers). */
  @Override
  public void observeDuration(double seconds) {
    noLabels().set(seconds);
  }

  @Override
  Child newChild(String[] labelValues, int labelHash) {
    return new Child(this, labelValues, labelHash);
  }

  @Override
  void read(Child child, LiveDataPoint into) {
    startSeries(into, child, 0).value(child.get());
  }

  /** The current series, copied from the same view the formats read. */
  @Override
  public GaugeSnapshot snapshot() {
    return (GaugeSnapshot) MetricSnapshot.copyOf(this);
  }

  @Override
  public MetricType type() {
    return MetricType.GAUGE;
  }

  /** Closes an in-progress count opened by {@code trackInProgress()}. */
  public interface InProgress extends AutoCloseable {
    @Override
    void close();
  }

  /** One gauge series. Cache it to skip the label lookup. */
  public static final class Child extends LabelledChild implements DurationObserver {
    private static final VarHandle BITS;

    static {
      try {
        BITS = MethodHandles.lookup().findVarHandle(Child.class, "bits", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    @SuppressWarnings("unused") // accessed through BITS
    private volatile long bits;
    private final Gauge owner;

    Child(Gauge owner, String[] labelValues, int labelHash) {
      super(labelValues, labelHash);
      this.owner = owner;
    }

    public void set(double value) {
      BITS.setRelease(this, Double.doubleToRawLongBits(value));
      if (!isLive()) { // only with expireAfterIdle
        notLiveAfterObserve(value); // observeDuration is set
      }
    }

    /**
     * The expiry's slow path ({@link IdleExpiry}): relinks this series, or repeats the update on
     * the one that replaced it. Out of line, so that the hot method stays small for the JIT.
     */
    private void notLiveAfterInc(double amount) {
      Child live = afterIdle();
      if (live != null) {
        live.inc(amount);
      }
    }

    @Override
    LabelledMetric<?> metric() {
      return owner;
    }

    public void inc() {
      inc(1);
    }

    public void inc(double amount) {
      long current = (long) BITS.getVolatile(this);
      while (true) {
        long next = Double.doubleToRawLongBits(Double.longBitsToDouble(current) + amount);
        long witness = (long) BITS.compareAndExchange(this, current, next);
        if (witness == current) {
          break;
        }
        current = witness;
      }
      if (!isLive()) {
        notLiveAfterInc(amount);
      }
    }

    public void dec() {
      inc(-1);
    }

    public void dec(double amount) {
      inc(-amount);
    }

    public void setToCurrentTime() {
      set(System.currentTimeMillis() / 1000.0);
    }

    public double get() {
      return Double.longBitsToDouble((long) BITS.getAcquire(this));
    }

    @Override
    public void observeDuration(double seconds) {
      set(seconds);
    }

    /** Increments now and decrements when the returned handle is closed (once). */
    public InProgress trackInProgress() {
      inc(1);
      return new InProgress() {
        private boolean closed;

        @Override
        public void close() {
          if (!closed) {
            closed = true;
            inc(-1);
          }
        }
      };
    }

    /** Counts {@code task} as in progress while it runs. */
    public void trackInProgress(Runnable task) {
      inc(1);
      try {
        task.run();
      } finally {
        inc(-1);
      }
    }
  }

  /** Builds a {@link Gauge}. */
  public static final class Builder extends LabelledMetric.Builder<Builder, Gauge> {
    private Builder() {}

    @Override
    public Gauge build() {
      return new Gauge(this);
    }

    @Override
    String typeName() {
      return "gauge";
    }
  }
}
