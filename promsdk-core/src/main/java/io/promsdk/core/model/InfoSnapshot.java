package io.promsdk.core.model;

import java.io.IOException;
import java.util.List;

/**
 * An info family: constant key/value facts about the target, exposed as {@code <name>_info} with
 * value 1. The metadata name has no {@code _info} suffix.
 */
public final class InfoSnapshot extends MetricSnapshot<InfoSnapshot.InfoDataPoint> {

  public InfoSnapshot(MetricMetadata metadata, List<InfoDataPoint> dataPoints) {
    super(metadata, dataPoints);
    if (metadata.name().endsWith("_info")) {
      throw new IllegalArgumentException("info '" + metadata.name()
          + "': give the family name without the _info suffix, which the formats add");
    }
    if (metadata.unit() != null) {
      throw new IllegalArgumentException("info metric '" + metadata.name() + "' must not have a unit");
    }
  }

  @Override
  public MetricType type() {
    return MetricType.INFO;
  }

  @Override
  public void forEachDataPoint(DataPointVisitor visitor) throws IOException {
    List<InfoDataPoint> points = dataPoints();
    for (int i = 0; i < points.size(); i++) {
      visitor.info(points.get(i));
    }
  }

  /** One set of info labels. */
  public static final class InfoDataPoint extends DataPointSnapshot implements InfoDataPointView {
    public InfoDataPoint(Labels labels) {
      super(labels, 0, 0);
    }
  }
}
