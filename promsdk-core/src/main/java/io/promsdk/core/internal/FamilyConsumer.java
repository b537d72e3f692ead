package io.promsdk.core.internal;

import io.promsdk.core.Collector;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.MetricType;

/**
 * Receives the families of a registry's collection through {@link
 * RegistryAccess#collect(io.promsdk.core.CollectorRegistry, FamilyConsumer)}: what promsdk's
 * exposition formats stream from. Not API: packages named {@code internal} may change in any
 * release.
 */
public interface FamilyConsumer {
  /** Whether the family of this name and type is wanted; others are skipped unchecked. */
  boolean wants(String name, MetricType type);

  /**
   * A family collected from {@code from}: a snapshot, or one of promsdk's metrics, live, not yet
   * read. All of {@code from}'s wanted families were checked before the first was handed over;
   * a writer that may still leave a collector out (its names collide with an earlier
   * collector's) remembers where each family came from.
   */
  void family(FamilyView family, Collector from);

  /**
   * Whether a collector that fails is left out (counted and logged by the registry) instead of
   * failing the whole collection with a {@link
   * io.promsdk.core.CollectorRegistry.CollectionException}. Default false: all or nothing, as
   * {@link io.promsdk.core.CollectorRegistry#collect()} is. The exposition formats answer true
   * unless asked to be strict.
   */
  default boolean leavesOutFailedCollectors() {
    return false;
  }
}
