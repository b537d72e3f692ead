package io.promsdk.core.model;

import java.io.IOException;
import java.util.List;

/** A family of unknown type ({@code untyped} in the Prometheus text format), for custom collectors. */
public final class UnknownSnapshot extends MetricSnapshot<UnknownSnapshot.UnknownDataPoint> {

  public UnknownSnapshot(MetricMetadata metadata, List<UnknownDataPoint> dataPoints) {
    super(metadata, dataPoints);
  }

  @Override
  public MetricType type() {
    return MetricType.UNKNOWN;
  }

  @Override
  public void forEachDataPoint(DataPointVisitor visitor) throws IOException {
    List<UnknownDataPoint> points = dataPoints();
    for (int i = 0; i < points.size(); i++) {
      visitor.unknown(points.get(i));
    }
  }

  /** One series of unknown type. */
  public static final class UnknownDataPoint extends DataPointSnapshot implements UnknownDataPointView {
    private final double value;

    public UnknownDataPoint(double value, Labels labels, long scrapeTimestampMillis) {
      super(labels, 0, scrapeTimestampMillis);
      this.value = value;
    }

    public UnknownDataPoint(double value, Labels labels) {
      this(value, labels, 0);
    }

    @Override
    public double value() {
      return value;
    }
  }
}
