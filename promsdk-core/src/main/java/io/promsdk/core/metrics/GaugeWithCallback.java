package io.promsdk.core.metrics;

import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricType;

/**
 * A gauge whose value is read from a function at scrape time.
 *
 * <pre>{@code
 * GaugeWithCallback.builder().name("queue_depth").help("Items waiting")
 *     .valueFrom(queue::size).register(registry);
 * GaugeWithCallback.builder().name("pool_active").labelNames("pool")
 *     .callback(cb -> pools.forEach((name, p) -> cb.call(p.active(), name)))
 *     .register(registry);
 * }</pre>
 */
public final class GaugeWithCallback extends CallbackMetric<GaugeDataPoint> {

  private GaugeWithCallback(Builder builder) {
    super(builder);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  GaugeDataPoint dataPoint(double value, Labels labels) {
    return new GaugeDataPoint(value, labels);
  }

  @Override
  public GaugeSnapshot snapshot() {
    return new GaugeSnapshot(metadata, readDataPoints());
  }

  @Override
  public MetricType type() {
    return MetricType.GAUGE;
  }

  /** Builds a {@link GaugeWithCallback}. */
  public static final class Builder extends CallbackBuilder<Builder, GaugeWithCallback> {
    private Builder() {}

    @Override
    public GaugeWithCallback build() {
      return new GaugeWithCallback(this);
    }

    @Override
    String typeName() {
      return "gauge";
    }
  }
}
