package io.promsdk.core.model;

import java.util.List;

/** A gauge family: values that go up and down. */
public final class GaugeSnapshot extends MetricSnapshot<GaugeSnapshot.GaugeDataPoint> {

  public GaugeSnapshot(MetricMetadata metadata, List<GaugeDataPoint> dataPoints) {
    super(metadata, dataPoints);
  }

  @Override
  public MetricType type() {
    return MetricType.GAUGE;
  }

  /** One gauge series. */
  public static final class GaugeDataPoint extends DataPointSnapshot {
    private final double value;

    public GaugeDataPoint(double value, Labels labels, long scrapeTimestampMillis) {
      super(labels, 0, scrapeTimestampMillis);
      this.value = value;
    }

    public GaugeDataPoint(double value, Labels labels) {
      this(value, labels, 0);
    }

    public double value() {
      return value;
    }
  }
}
