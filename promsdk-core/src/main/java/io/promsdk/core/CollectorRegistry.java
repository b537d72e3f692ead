package io.promsdk.core;

import io.promsdk.core.metrics.CallbackMetric;
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
 */
public final class CollectorRegistry {
  private static final CollectorRegistry DEFAULT = new CollectorRegistry();

  private final List<Collector> collectors = new CopyOnWriteArrayList<>();
  private final Map<String, Collector> ownerByName = new HashMap<>();

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
        families = collector.collect();
      } catch (RuntimeException e) {
        throw new CollectionException("collector " + describe(collector) + " failed: " + e, e);
      }
      if (families == null) {
        continue;
      }
      boolean trusted = collector instanceof Metric;
      for (MetricSnapshot<?> family : families) {
        if (family != null && consumer.wants(family.name(), family.type())) {
          if (!trusted) { // the metrics' own series are unique by construction
            try {
              family.checkUniqueLabels();
            } catch (IllegalArgumentException e) {
              throw new CollectionException("collector " + describe(collector) + ": " + e.getMessage(), e);
            }
          }
          consumer.snapshot(family);
        }
      }
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
  }

  private static String describe(Collector collector) {
    String s = collector.toString();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** A collector failed during a scrape. */
  public static final class CollectionException extends RuntimeException {
    CollectionException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
