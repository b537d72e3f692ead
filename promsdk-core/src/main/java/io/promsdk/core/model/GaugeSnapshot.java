package io.promsdk.core.model;

import java.io.IOException;
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

  @Override
  public void forEachDataPoint(DataPointVisitor visitor) throws IOException {
    List<GaugeDataPoint> points = dataPoints();
    for (int i = 0; i < points.size(); i++) {
      visitor.gauge(points.get(i));
    }
  }

  /** One gauge series. */
  public static final class GaugeDataPoint extends DataPointSnapshot implements GaugeDataPointView {
    private final double value;

    public GaugeDataPoint(double value, Labels labels, long scrapeTimestampMillis) {
      super(labels, 0, scrapeTimestampMillis);
      this.value = value;
    }

    public GaugeDataPoint(double value, Labels labels) {
      this(value, labels, 0);
    }

    @Override
    public double value() {
      return value;
    }
  }
}
