package io.promsdk.core.internal;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The registry operations that promsdk's exposition formats need and users do not: streaming a
 * registry's families without snapshotting them, and reporting a collector that a format leaves
 * out after collection. They are package-private in {@link CollectorRegistry}; this class reaches
 * them through an implementation that the registry installs here when its class is initialized
 * (the "shared secrets" pattern of the JDK's {@code jdk.internal.access}), so that no public
 * method of the registry exists only for another module's sake.
 *
 * <pre>{@code
 * RegistryAccess.collect(registry, consumer);   // in promsdk-exposition's Scrape
 * }</pre>
 *
 * <p>Not API: packages named {@code internal} may change in any release.
 *
 * <p>Invariants: {@link #install} succeeds once, with an object of a class nested in {@link
 * CollectorRegistry}, during that class's initialization, before the registry creates its first
 * instance; so every call, which checks first that it has a registry instance (whose class is
 * initialized by then), finds the operations installed, and no other code can replace them.
 */
public final class RegistryAccess {
  /** What {@link CollectorRegistry} implements for this class. */
  public interface Operations {
    /** See {@link RegistryAccess#collect}. */
    void collect(CollectorRegistry registry, FamilyConsumer consumer);

    /** See {@link RegistryAccess#reportLeftOut}. */
    void reportLeftOut(CollectorRegistry registry, Collector collector, RuntimeException failure);

    /** See {@link RegistryAccess#collectorFailures}. */
    Collector collectorFailures(CollectorRegistry registry);

    /** See {@link RegistryAccess#countCardinalityLimit}. */
    void countCardinalityLimit(CollectorRegistry registry, Collector metric, String name,
        LongSupplier refusedLabelSets);
  }

  private static volatile Operations operations;

  private RegistryAccess() {}

  /**
   * Called once, by {@link CollectorRegistry}'s static initializer.
   *
   * @throws IllegalStateException if called again, or with an object that is not the registry's
   */
  public static synchronized void install(Operations registryOperations) {
    Objects.requireNonNull(registryOperations, "registryOperations");
    if (registryOperations.getClass().getNestHost() != CollectorRegistry.class) {
      throw new IllegalStateException("only CollectorRegistry installs its operations");
    }
    if (operations != null) {
      throw new IllegalStateException("the registry's operations are installed already");
    }
    operations = registryOperations;
  }

  /**
   * Hands every family the consumer wants to it, in registration order, without snapshotting
   * promsdk's recorded metrics: they are passed as the live {@link
   * io.promsdk.core.model.FamilyView}s they are, to be read series by series. Every other
   * collector, callback metrics included, is collected now, so that its failure comes before
   * anything is written.
   *
   * @throws CollectorRegistry.CollectionException if a collector throws and the consumer does
   *     not leave failed collectors out; the message names the collector
   */
  public static void collect(CollectorRegistry registry, FamilyConsumer consumer) {
    Objects.requireNonNull(registry, "registry");
    operations.collect(registry, consumer);
  }

  /**
   * Counts {@code collector} as failed and logs it (at most once a minute per collector), for a
   * writer that leaves it out of its output for a reason found after collection, such as a family
   * name that collides with an earlier collector's.
   */
  public static void reportLeftOut(CollectorRegistry registry, Collector collector, RuntimeException failure) {
    Objects.requireNonNull(registry, "registry");
    operations.reportLeftOut(registry, collector, failure);
  }

  /**
   * The collector of the failure counter {@code promsdk_collector_failures_total}, whether or not
   * it is in this scrape yet: a writer that reported a collector left out after collection
   * collects it, so the first failure is counted in the same output. Null while nothing has
   * failed, or when a registered collector owns its name.
   */
  public static Collector collectorFailures(CollectorRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    return operations.collectorFailures(registry);
  }

  /**
   * Exposes {@code refusedLabelSets} as {@code promsdk_cardinality_limit_exceeded_total{metric=
   * "name"}} in {@code registry} while {@code metric} is registered there: how a labelled metric,
   * on registration, hands the registry the count its cardinality limit keeps.
   */
  public static void countCardinalityLimit(CollectorRegistry registry, Collector metric, String name,
      LongSupplier refusedLabelSets) {
    Objects.requireNonNull(registry, "registry");
    operations.countCardinalityLimit(registry, metric, name, refusedLabelSets);
  }
}
