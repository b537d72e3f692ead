package io.promsdk.core.model;

import java.util.List;

/** A counter family: monotonically increasing values, exposed with the {@code _total} suffix. */
public final class CounterSnapshot extends MetricSnapshot<CounterSnapshot.CounterDataPoint> {

  public CounterSnapshot(MetricMetadata metadata, List<CounterDataPoint> dataPoints) {
    super(metadata, dataPoints);
    if (metadata.name().endsWith("_total")) {
      throw new IllegalArgumentException("counter '" + metadata.name()
          + "': give the family name without the _total suffix, which the formats add");
    }
  }

  @Override
  public MetricType type() {
    return MetricType.COUNTER;
  }

  /** One counter series. */
  public static final class CounterDataPoint extends DataPointSnapshot {
    private final double value;

    public CounterDataPoint(double value, Labels labels, long createdTimestampMillis, long scrapeTimestampMillis) {
      super(labels, createdTimestampMillis, scrapeTimestampMillis);
      if (!(value >= 0)) {
        throw new IllegalArgumentException("a counter value must not be negative or NaN: " + value);
      }
      this.value = value;
    }

    public CounterDataPoint(double value, Labels labels) {
      this(value, labels, 0, 0);
    }

    public double value() {
      return value;
    }
  }
}
