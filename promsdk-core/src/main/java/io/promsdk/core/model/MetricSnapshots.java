package io.promsdk.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * An immutable list of metric families, as one scrape sees them, in registration order.
 *
 * <pre>{@code
 * MetricSnapshots snapshots = registry.collect();
 * for (MetricSnapshot<?> family : snapshots) { ... }
 * }</pre>
 */
public final class MetricSnapshots implements Iterable<MetricSnapshot<?>> {
  public static final MetricSnapshots EMPTY = new MetricSnapshots(List.of());

  private final List<MetricSnapshot<?>> snapshots;

  public MetricSnapshots(List<? extends MetricSnapshot<?>> snapshots) {
    this.snapshots = Collections.unmodifiableList(new ArrayList<>(snapshots));
  }

  public static MetricSnapshots of(MetricSnapshot<?>... snapshots) {
    return new MetricSnapshots(List.of(snapshots));
  }

  public int size() {
    return snapshots.size();
  }

  public MetricSnapshot<?> get(int i) {
    return snapshots.get(i);
  }

  public List<MetricSnapshot<?>> asList() {
    return snapshots;
  }

  /** The families whose name the predicate accepts. */
  public MetricSnapshots filter(Predicate<String> nameFilter) {
    List<MetricSnapshot<?>> kept = new ArrayList<>();
    for (MetricSnapshot<?> s : snapshots) {
      if (nameFilter.test(s.name())) {
        kept.add(s);
      }
    }
    return new MetricSnapshots(kept);
  }

  @Override
  public Iterator<MetricSnapshot<?>> iterator() {
    return snapshots.iterator();
  }
}
