package io.promsdk.core;

import io.promsdk.core.model.MetricSnapshot;
import java.util.Collection;
import java.util.Set;

/**
 * Produces metric families on every scrape. All metrics are collectors; implement it directly to
 * expose values that live elsewhere (a cache's statistics, another library's counters), including
 * families of unknown type. The registry collects every collector alike, through {@link
 * #collect(FamilySink)}: the default puts what {@link #collect()} returns into the sink, and
 * promsdk's metrics put themselves, to be read when written.
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
   * Puts the current families into {@code sink}: by default every non-null family of {@link
   * #collect()}, as {@linkplain FamilySink#collected collected} values the registry checks.
   * Called on every scrape, possibly from several threads at once, each with a sink of its own.
   */
  default void collect(FamilySink sink) {
    Collection<? extends MetricSnapshot<?>> families = collect();
    if (families != null) {
      for (MetricSnapshot<?> family : families) {
        if (family != null) {
          sink.collected(family);
        }
      }
    }
  }

  /**
   * Every sample name this collector can expose (e.g. {@code x}, {@code x_total}, {@code x_created}
   * for a counter x), so that the registry can refuse a second collector exposing the same names.
   * The default, an empty set, opts out of that check.
   */
  default Set<String> exposedNames() {
    return Set.of();
  }

  /**
   * Called by {@code registry} once this collector is registered with it, so that a collector can
   * take the registry's settings (promsdk's labelled metrics take its {@linkplain
   * CollectorRegistry#setDefaultCardinalityLimit default cardinality limit}). Does nothing by
   * default.
   */
  default void registeredWith(CollectorRegistry registry) {}
}
