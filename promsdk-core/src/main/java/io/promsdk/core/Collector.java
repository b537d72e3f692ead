package io.promsdk.core;

import io.promsdk.core.model.MetricSnapshot;
import java.util.Collection;
import java.util.Set;

/**
 * Produces metric families on every scrape. All metrics are collectors; implement it directly to
 * expose values that live elsewhere (a cache's statistics, another library's counters), including
 * families of unknown type.
 *
 * <pre>{@code
 * registry.register(() -> List.of(new GaugeSnapshot(
 *     new MetricMetadata("queue_depth", "Items waiting"),
 *     List.of(new GaugeDataPoint(queue.size(), Labels.EMPTY)))));
 * }</pre>
 */
@FunctionalInterface
public interface Collector {

  /** The current families. Called on every scrape, possibly from several threads at once. */
  Collection<? extends MetricSnapshot<?>> collect();

  /**
   * Every sample name this collector can expose (e.g. {@code x}, {@code x_total}, {@code x_created}
   * for a counter x), so that the registry can refuse a second collector exposing the same names.
   * The default, an empty set, opts out of that check.
   */
  default Set<String> exposedNames() {
    return Set.of();
  }
}
