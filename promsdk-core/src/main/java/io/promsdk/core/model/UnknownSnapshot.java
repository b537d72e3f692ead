package io.promsdk.core.model;

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

  /** One series of unknown type. */
  public static final class UnknownDataPoint extends DataPointSnapshot {
    private final double value;

    public UnknownDataPoint(double value, Labels labels, long scrapeTimestampMillis) {
      super(labels, 0, scrapeTimestampMillis);
      this.value = value;
    }

    public UnknownDataPoint(double value, Labels labels) {
      this(value, labels, 0);
    }

    public double value() {
      return value;
    }
  }
}
