package io.promsdk.core;

import io.promsdk.core.metrics.CallbackMetric;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Metric;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.MetricType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The set of collectors that one scrape or push exposes.
 *
 * <pre>{@code
 * CollectorRegistry registry = new CollectorRegistry();
 * Counter counter = Counter.builder().name("api_called_total").help("API calls").register(registry);
 * MetricSnapshots snapshots = registry.collect();
 * }</pre>
 *
 * <p>Registration refuses a collector whose exposed names overlap with one already registered (for
 * example a gauge {@code x_total} next to a counter {@code x}), leaving the registry unchanged.
 * Scrapes never block registration for longer than a list copy.
 *
 * <p>A collector that fails (throws, or returns families that cannot be written: repeated labels,
 * a null data point) fails {@link #collect()}. Writers that stream the registry (the exposition
 * formats, by default) instead leave that collector out of their output, whole, and serve the
 * rest: see {@link FamilyConsumer#leavesOutFailedCollectors()}. Each collector left out is counted
 * in {@code promsdk_collector_failures_total{collector="..."}}, a family that appears once the
 * first failure has happened, and logged at {@code WARNING} at most once a minute per collector.
 * A collector's label there is its {@code toString()}: override it to name yours.
 */
public final class CollectorRegistry {
  private static final CollectorRegistry DEFAULT = new CollectorRegistry();

  private final List<Collector> collectors = new CopyOnWriteArrayList<>();
  private final Map<String, Collector> ownerByName = new HashMap<>();
  private final CollectorFailures failures = new CollectorFailures();

  /** The process-wide registry, for code that does not pass a registry around. */
  public static CollectorRegistry defaultRegistry() {
    return DEFAULT;
  }

  /**
   * Adds a collector.
   *
   * @throws IllegalArgumentException if it is already registered or exposes a name that another
   *     registered collector exposes
   */
  public void register(Collector collector) {
    Objects.requireNonNull(collector, "collector");
    synchronized (ownerByName) {
      if (collectors.contains(collector)) {
        throw new IllegalArgumentException(describe(collector) + " is already registered");
      }
      for (String name : collector.exposedNames()) {
        Collector owner = ownerByName.get(name);
        if (owner != null) {
          throw new IllegalArgumentException("cannot register " + describe(collector)
              + ": the name '" + name + "' is already exposed by " + describe(owner));
        }
      }
      for (String name : collector.exposedNames()) {
        ownerByName.put(name, collector);
      }
      collectors.add(collector);
    }
  }

  /** Removes a collector; does nothing if it is not registered. */
  public void unregister(Collector collector) {
    synchronized (ownerByName) {
      if (collectors.remove(collector)) {
        ownerByName.values().removeIf(c -> c == collector);
      }
    }
  }

  /** Removes every collector. */
  public void clear() {
    synchronized (ownerByName) {
      collectors.clear();
      ownerByName.clear();
    }
  }

  /** The families of every registered collector, in registration order. */
  public MetricSnapshots collect() {
    return collect(name -> true);
  }

  /**
   * The families whose name {@code nameFilter} accepts.
   *
   * @throws CollectionException if a collector throws; the message names the collector
   */
  public MetricSnapshots collect(Predicate<String> nameFilter) {
    List<MetricSnapshot<?>> result = new ArrayList<>();
    collect(new FamilyConsumer() {
      @Override
      public boolean wants(String name, MetricType type) {
        return nameFilter.test(name);
      }

      @Override
      public void metric(Metric metric) {
        result.add(metric.snapshot());
      }

      @Override
      public void snapshot(MetricSnapshot<?> family) {
        result.add(family);
      }
    });
    return new MetricSnapshots(result);
  }

  /**
   * Hands every family the consumer wants to it, in registration order, without snapshotting
   * promsdk's recorded metrics: they are passed as they are, to be read series by series with
   * {@link Metric#visitSeries} (what the exposition formats do when writing a whole registry).
   * Every other collector, callback metrics included, is collected now, so that its failure comes
   * before anything is written.
   *
   * <pre>{@code
   * registry.collect(new FamilyConsumer() {
   *   public boolean wants(String name, MetricType type) { return name.startsWith("http_"); }
   *   public void metric(Metric metric) { live.add(metric); }
   *   public void snapshot(MetricSnapshot<?> family) { collected.add(family); }
   * });
   * }</pre>
   *
   * @throws CollectionException if a collector throws; the message names the collector
   */
  public void collect(FamilyConsumer consumer) {
    for (Collector collector : collectors) {
      if (collector instanceof Metric metric && !(metric instanceof CallbackMetric)) {
        if (consumer.wants(metric.name(), metric.type())) {
          consumer.metric(metric);
        }
        continue;
      }
      Collection<? extends MetricSnapshot<?>> families;
      try {
        families = checked(collector, consumer);
      } catch (RuntimeException e) {
        if (!consumer.leavesOutFailedCollectors()) {
          throw e instanceof CollectionException c ? c
              : new CollectionException("collector " + describe(collector) + " failed: " + e, e);
        }
        failures.record(collector, e);
        continue;
      }
      if (families == null) {
        continue;
      }
      for (MetricSnapshot<?> family : families) {
        if (family != null && consumer.wants(family.name(), family.type())) {
          consumer.snapshot(family, collector);
        }
      }
    }
    Counter failed = failures.metricIfAny();
    if (failed != null && consumer.wants(failed.name(), failed.type()) && !isTaken(failed)) {
      consumer.metric(failed);
    }
  }

  /**
   * Collects {@code collector} and checks every family the consumer wants before any is handed
   * over, so that a collector is either written whole or left out whole, never in part.
   */
  private static Collection<? extends MetricSnapshot<?>> checked(Collector collector, FamilyConsumer consumer) {
    Collection<? extends MetricSnapshot<?>> families = collector.collect();
    if (families != null && !(collector instanceof Metric)) { // the metrics' own series are unique by construction
      for (MetricSnapshot<?> family : families) {
        if (family != null && consumer.wants(family.name(), family.type())) {
          try {
            family.checkUniqueLabels();
          } catch (IllegalArgumentException e) {
            throw new CollectionException("collector " + describe(collector) + ": " + e.getMessage(), e);
          }
        }
      }
    }
    return families;
  }

  /**
   * Counts {@code collector} as failed and logs it (at most once a minute per collector), for a
   * writer that leaves it out of its output for a reason found after collection, such as a family
   * name that collides with an earlier collector's.
   */
  public void reportLeftOut(Collector collector, RuntimeException failure) {
    Objects.requireNonNull(collector, "collector");
    Objects.requireNonNull(failure, "failure");
    if (collector != failures.metricIfAny()) {
      failures.record(collector, failure);
    }
  }

  /**
   * The failure counter, whether or not it is in this scrape yet: a writer that reported a
   * collector left out after collection adds it with this, so the first failure is counted in the
   * same output. Null while nothing has failed, or when a registered collector owns its name.
   */
  public Metric collectorFailuresMetric() {
    Counter failed = failures.metricIfAny();
    return failed == null || isTaken(failed) ? null : failed;
  }

  /** Whether a registered collector declares one of the self-metric's names, which it then yields. */
  private boolean isTaken(Counter selfMetric) {
    synchronized (ownerByName) {
      for (String name : selfMetric.exposedNames()) {
        if (ownerByName.containsKey(name)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Receives the families of {@link #collect(FamilyConsumer)}. */
  public interface FamilyConsumer {
    /** Whether the family of this name and type is wanted; others are skipped unchecked. */
    boolean wants(String name, MetricType type);

    /** A recorded metric of promsdk, not yet read. */
    void metric(Metric metric);

    /** Any other family, collected. */
    void snapshot(MetricSnapshot<?> family);

    /**
     * A family collected from {@code from}; all of {@code from}'s wanted families were checked
     * before the first was handed over. By default {@link #snapshot(MetricSnapshot)}; a writer
     * that may still leave a collector out (its names collide with an earlier collector's)
     * remembers where each family came from.
     */
    default void snapshot(MetricSnapshot<?> family, Collector from) {
      snapshot(family);
    }

    /**
     * Whether a collector that fails is left out (counted and logged by the registry) instead of
     * failing the whole collection with a {@link CollectionException}. Default false: all or
     * nothing, as {@link #collect()} is. The exposition formats answer true unless asked to be
     * strict.
     */
    default boolean leavesOutFailedCollectors() {
      return false;
    }
  }

  private static String describe(Collector collector) {
    return CollectorFailures.describe(collector);
  }

  /** A collector failed during a scrape. */
  public static final class CollectionException extends RuntimeException {
    CollectionException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
