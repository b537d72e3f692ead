package io.promsdk.core.model;

import java.io.IOException;
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

  @Override
  public void forEachDataPoint(DataPointVisitor visitor) throws IOException {
    List<CounterDataPoint> points = dataPoints();
    for (int i = 0; i < points.size(); i++) {
      visitor.counter(points.get(i));
    }
  }

  /** One counter series. */
  public static final class CounterDataPoint extends DataPointSnapshot implements CounterDataPointView {
    private final double value;
    private final Exemplar exemplar;

    public CounterDataPoint(double value, Labels labels, long createdTimestampMillis, long scrapeTimestampMillis) {
      this(value, labels, createdTimestampMillis, scrapeTimestampMillis, null);
    }

    /** A series with an exemplar ({@code exemplar}: null for none). */
    public CounterDataPoint(double value, Labels labels, long createdTimestampMillis, long scrapeTimestampMillis,
        Exemplar exemplar) {
      super(labels, createdTimestampMillis, scrapeTimestampMillis);
      this.exemplar = exemplar;
      if (!(value >= 0)) {
        throw new IllegalArgumentException("a counter value must not be negative or NaN: " + value);
      }
      this.value = value;
    }

    public CounterDataPoint(double value, Labels labels) {
      this(value, labels, 0, 0);
    }

    @Override
    public double value() {
      return value;
    }

    @Override
    public Exemplar exemplar() {
      return exemplar;
    }
  }
}
