package io.promsdk.core.model;

import java.io.IOException;
import java.util.List;

/**
 * A state set family: a fixed set of named states, each on or off. Each state is exposed as one
 * sample with a label named after the metric, whose value is the state's name.
 */
public final class StateSetSnapshot extends MetricSnapshot<StateSetSnapshot.StateSetDataPoint> {

  public StateSetSnapshot(MetricMetadata metadata, List<StateSetDataPoint> dataPoints) {
    super(metadata, dataPoints);
    if (!Names.isValidLabelName(metadata.name())) {
      throw new IllegalArgumentException("state set '" + metadata.name()
          + "': its name is also a label name, so it must match [a-zA-Z_][a-zA-Z0-9_]*");
    }
    if (metadata.unit() != null) {
      throw new IllegalArgumentException("state set '" + metadata.name() + "' must not have a unit");
    }
    for (StateSetDataPoint d : dataPoints) {
      if (d.labels().contains(metadata.name())) {
        throw new IllegalArgumentException(
            "state set '" + metadata.name() + "' must not have a label named like the metric");
      }
    }
  }

  @Override
  public MetricType type() {
    return MetricType.STATESET;
  }

  @Override
  public void forEachDataPoint(DataPointVisitor visitor) throws IOException {
    List<StateSetDataPoint> points = dataPoints();
    for (int i = 0; i < points.size(); i++) {
      visitor.stateSet(points.get(i));
    }
  }

  /** The states of one labelled state set. */
  public static final class StateSetDataPoint extends DataPointSnapshot implements StateSetDataPointView {
    private final String[] names;
    private final boolean[] enabled;

    public StateSetDataPoint(String[] names, boolean[] enabled, Labels labels, long scrapeTimestampMillis) {
      super(labels, 0, scrapeTimestampMillis);
      if (names.length == 0 || names.length != enabled.length) {
        throw new IllegalArgumentException(
            "a state set needs at least one state and one flag per state");
      }
      for (int i = 0; i < names.length; i++) {
        for (int j = 0; j < i; j++) {
          if (names[j].equals(names[i])) {
            throw new IllegalArgumentException("state '" + names[i] + "' is given twice");
          }
        }
      }
      this.names = names.clone();
      this.enabled = enabled.clone();
    }

    public StateSetDataPoint(String[] names, boolean[] enabled, Labels labels) {
      this(names, enabled, labels, 0);
    }

    public int size() {
      return names.length;
    }

    public String name(int i) {
      return names[i];
    }

    public boolean isEnabled(int i) {
      return enabled[i];
    }

    @Override
    public int stateCount() {
      return names.length;
    }

    @Override
    public String stateName(int i) {
      return names[i];
    }

    @Override
    public boolean isStateEnabled(int i) {
      return enabled[i];
    }
  }
}
