package io.promsdk.core.metrics;

import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricType;

/**
 * A counter whose value is read from a function at scrape time, for totals kept elsewhere (a
 * thread pool's completed tasks, a cache's hits). The function must never return less than before.
 *
 * <pre>{@code
 * CounterWithCallback.builder().name("pool_completed_tasks_total").help("Tasks completed")
 *     .valueFrom(pool::getCompletedTaskCount).register(registry);
 * }</pre>
 */
public final class CounterWithCallback extends CallbackMetric<CounterDataPoint> {

  private CounterWithCallback(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  CounterDataPoint dataPoint(double value, Labels labels) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException(
          this + " " + labels + ": the callback reported " + value + ", but counters cannot be negative or NaN");
    }
    return new CounterDataPoint(value, labels);
  }

  @Override
  public CounterSnapshot snapshot() {
    return new CounterSnapshot(metadata, readDataPoints());
  }

  @Override
  public MetricType type() {
    return MetricType.COUNTER;
  }

  /** Builds a {@link CounterWithCallback}; a {@code _total} suffix in the name is accepted. */
  public static final class Builder extends CallbackBuilder<Builder, CounterWithCallback> {
    private Builder() {}

    @Override
    public CounterWithCallback build() {
      return new CounterWithCallback(this);
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
