package io.promsdk.core.metrics;

import io.promsdk.core.FamilySink;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Base of metrics whose values are read from user code at scrape time rather than recorded.
 *
 * @param <P> the data point type produced for each reported value
 */
public abstract class CallbackMetric<P> extends Metric {
  private final String[] labelNames;
  private final Consumer<Callback> callback;

  CallbackMetric(CallbackBuilder<?, ?> builder) {
    super(builder);
    this.labelNames = builder.labelNames.clone();
    this.callback = Objects.requireNonNull(builder.callback,
        () -> builder.typeName() + " '" + builder.name + "': a callback is required (callback(..) or valueFrom(..))");
  }

  /** Receives the values a callback reports on each scrape. */
  public interface Callback {
    /** Reports {@code value} for the series with these label values (in {@code labelNames} order). */
    void call(double value, String... labelValues);
  }

  abstract P dataPoint(double value, Labels labels);

  /**
   * Runs the callback now, so that its failure comes before anything is written, and puts what it
   * reported into the sink.
   */
  @Override
  public final void collect(FamilySink sink) {
    sink.family(snapshot());
  }

  /** Runs the callback now and visits what it reported. */
  @Override
  public final void forEachDataPoint(DataPointVisitor visitor) throws IOException {
    snapshot().forEachDataPoint(visitor);
  }

  /** Runs the callback and returns one data point per reported series. */
  final List<P> readDataPoints() {
    List<P> points = new ArrayList<>();
    callback.accept((value, values) -> {
      if (values.length != labelNames.length) {
        throw new IllegalArgumentException(this + " has label names " + Arrays.toString(labelNames)
            + " but its callback reported " + values.length + " values " + Arrays.toString(values));
      }
      Labels labels;
      try {
        labels = Labels.of(labelNames, values);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(this + ": its callback reported bad label values: " + e.getMessage(), e);
      }
      points.add(dataPoint(value, constLabels.and(labels)));
    });
    return points;
  }

  /**
   * Settings of callback metrics.
   *
   * @param <B> the concrete builder
   * @param <M> the metric it builds
   */
  public abstract static class CallbackBuilder<B extends CallbackBuilder<B, M>, M extends Metric>
      extends Metric.Builder<B, M> {
    Consumer<Callback> callback;

    CallbackBuilder() {}

    /** Code that reports the current values, one {@code call} per series; runs on every scrape. */
    public B callback(Consumer<Callback> callback) {
      this.callback = callback;
      return self();
    }

    /** For a metric without labels: the function that returns the current value. */
    public B valueFrom(DoubleSupplier supplier) {
      Objects.requireNonNull(supplier, "supplier");
      return callback(cb -> cb.call(supplier.getAsDouble()));
    }
  }
}
