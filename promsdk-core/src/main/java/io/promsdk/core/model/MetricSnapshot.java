package io.promsdk.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable view of one metric family at one point in time: its metadata and data points. As a
 * {@link FamilyView} it hands each data point to the visitor method of its type.
 *
 * @param <D> the data point type
 */
public abstract class MetricSnapshot<D extends DataPointSnapshot> implements FamilyView {
  private final MetricMetadata metadata;
  private final List<D> dataPoints;

  protected MetricSnapshot(MetricMetadata metadata, List<D> dataPoints) {
    this.metadata = Objects.requireNonNull(metadata, "metadata");
    this.dataPoints = Collections.unmodifiableList(new ArrayList<>(dataPoints));
  }

  /**
   * Checks that no two data points have the same labels, and that none is null. Not done on
   * construction, because the metrics' own snapshots are unique by construction and a scrape
   * should not pay for a set per family; the registry runs it on what custom collectors return.
   *
   * @throws IllegalArgumentException naming the metric and the repeated labels or null data point
   */
  public void checkUniqueLabels() {
    Set<Labels> seen = new HashSet<>();
    for (D d : dataPoints) {
      if (d == null) {
        throw new IllegalArgumentException("metric '" + metadata.name() + "' has a null data point");
      }
      if (!seen.add(d.labels())) {
        throw new IllegalArgumentException(
            "metric '" + metadata.name() + "' has two data points with labels " + d.labels());
      }
    }
  }

  @Override
  public MetricMetadata metadata() {
    return metadata;
  }

  @Override
  public String name() {
    return metadata.name();
  }

  public List<D> dataPoints() {
    return dataPoints;
  }

  @Override
  public abstract MetricType type();

  /** This snapshot: it is immutable already. */
  @Override
  public MetricSnapshot<?> snapshot() {
    return this;
  }

  /**
   * The current data points of {@code family} copied into an immutable snapshot of its type:
   * how promsdk's metrics derive {@code snapshot()} from the live view formats read.
   *
   * <pre>{@code
   * CounterSnapshot copy = (CounterSnapshot) MetricSnapshot.copyOf(counter);
   * }</pre>
   */
  public static MetricSnapshot<?> copyOf(FamilyView family) {
    return SnapshotCopier.copy(family);
  }

  @Override
  public String toString() {
    return type() + " " + metadata + " " + dataPoints.size() + " data points";
  }
}
