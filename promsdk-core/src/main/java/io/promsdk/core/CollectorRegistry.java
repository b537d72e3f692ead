package io.promsdk.core;

import io.promsdk.core.config.PromsdkConfig;

import io.promsdk.core.internal.FamilyConsumer;
import io.promsdk.core.internal.RegistryAccess;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.MetricType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
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
 * <p>Every collector is collected alike, into a {@link FamilySink} of the registry's (see {@link
 * Collector#collect(FamilySink)}): promsdk's metrics put themselves there, to be read when
 * written; other collectors put snapshots, which the registry checks. The registry knows no
 * metric type, and depends on none of them.
 *
 * <p>A collector that fails (throws, or returns families that cannot be written: repeated labels,
 * a null data point) fails {@link #collect()}. Writers that stream the registry (the exposition
 * formats, unless {@code ExpositionOptions.strictCollectors} is set) instead leave that collector
 * out of their output, whole, and serve the rest. Each collector left out is counted in {@code
 * promsdk_collector_failures_total{collector="..."}}, a family that appears once the first
 * failure has happened, and logged at {@code WARNING} at most once a minute per collector.
 * A collector's label there is its {@code toString()}: override it to name yours.
 *
 * <p>What the formats need beyond this public API (streaming the families without snapshots,
 * reporting a collector they leave out) is package-private here and reached through {@code
 * io.promsdk.core.internal.RegistryAccess}: packages named {@code internal} are not API and may
 * change in any release.
 */
public final class CollectorRegistry {
  static {
    // First, before DEFAULT: RegistryAccess relies on being installed before any instance exists.
    RegistryAccess.install(new RegistryAccess.Operations() {
      @Override
      public void collect(CollectorRegistry registry, FamilyConsumer consumer) {
        registry.collect(consumer);
      }

      @Override
      public void reportLeftOut(CollectorRegistry registry, Collector collector, RuntimeException failure) {
        registry.reportLeftOut(collector, failure);
      }

      @Override
      public Collector collectorFailures(CollectorRegistry registry) {
        return registry.collectorFailures();
      }

      @Override
      public void countCardinalityLimit(CollectorRegistry registry, Collector metric, String name,
          LongSupplier refusedLabelSets) {
        registry.limitEvents.add(metric, name, refusedLabelSets);
      }
    });
  }

  private static final CollectorRegistry DEFAULT = new CollectorRegistry();

  private final List<Collector> collectors = new CopyOnWriteArrayList<>();
  private final Map<String, Collector> ownerByName = new HashMap<>();
  private final CollectorFailures failures = new CollectorFailures();
  private final CardinalityLimitEvents limitEvents = new CardinalityLimitEvents();
  // 0 until set in code: then the runtime configuration's promsdk.cardinalityLimit decides.
  private volatile int defaultCardinalityLimit;

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
      // Under the lock: an unregister(..) racing this one must find what registeredWith adds (a
      // labelled metric's count of refused label sets), or that entry would outlive the metric.
      collector.registeredWith(this);
      for (String name : collector.exposedNames()) {
        ownerByName.put(name, collector);
      }
      collectors.add(collector);
    }
  }

  /**
   * The most label sets that each labelled metric registered from now on keeps, unless its builder
   * set its own {@code cardinalityLimit}; {@code Integer.MAX_VALUE} for no limit. Until this is
   * called, the runtime configuration's {@code promsdk.cardinalityLimit} (see {@link
   * io.promsdk.core.config.PromsdkConfig}) is the default, and without it there is no limit.
   * Past it, a metric records new label sets in its overflow series (or drops them, as its builder
   * says), counts them in {@code promsdk_cardinality_limit_exceeded_total{metric="..."}} and logs
   * the first one.
   *
   * <pre>{@code
   * CollectorRegistry registry = new CollectorRegistry();
   * registry.setDefaultCardinalityLimit(2000);      // OpenTelemetry's default
   * Counter.builder().name("hits_total").labelNames("path").register(registry); // limited to 2000
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code maxLabelSets} is below 1
   */
  public void setDefaultCardinalityLimit(int maxLabelSets) {
    if (maxLabelSets < 1) {
      throw new IllegalArgumentException("defaultCardinalityLimit(" + maxLabelSets
          + ") must be at least 1 label set per metric (Integer.MAX_VALUE for no limit)");
    }
    defaultCardinalityLimit = maxLabelSets;
  }

  /**
   * See {@link #setDefaultCardinalityLimit}; when none was set, {@code promsdk.cardinalityLimit} of
   * the runtime configuration, else {@code Integer.MAX_VALUE}.
   *
   * @throws io.promsdk.core.config.PromsdkConfigException if the configuration is malformed
   */
  public int defaultCardinalityLimit() {
    int set = defaultCardinalityLimit;
    return set != 0 ? set : PromsdkConfig.get().cardinalityLimit().orElse(Integer.MAX_VALUE);
  }

  /** Removes a collector; does nothing if it is not registered. */
  public void unregister(Collector collector) {
    synchronized (ownerByName) {
      if (collectors.remove(collector)) {
        ownerByName.values().removeIf(c -> c == collector);
        limitEvents.remove(collector);
      }
    }
  }

  /** Removes every collector. */
  public void clear() {
    synchronized (ownerByName) {
      collectors.clear();
      ownerByName.clear();
      limitEvents.clear();
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
      public void family(FamilyView family, Collector from) {
        result.add(family.snapshot());
      }
    });
    return new MetricSnapshots(result);
  }

  /**
   * Hands every family the consumer wants to it, in registration order, without snapshotting
   * promsdk's recorded metrics: they are passed as the live {@link FamilyView}s they are, to be
   * read series by series with {@link FamilyView#forEachDataPoint} (what the exposition formats do
   * when writing a whole registry). Every other collector, callback metrics included, is collected
   * now, so that its failure comes before anything is written.
   *
   * Reached from other modules through {@link RegistryAccess#collect}.
   *
   * @throws CollectionException if a collector throws; the message names the collector
   */
  void collect(FamilyConsumer consumer) {
    CheckingSink sink = new CheckingSink(consumer);
    for (Collector collector : collectors) {
      collectOne(collector, sink);
    }
    Collector refused = limitEvents.ifAny();
    if (refused != null && !isTaken(refused)) {
      collectOne(refused, sink);
    }
    Collector failed = failures.ifAny();
    if (failed != null && !isTaken(failed)) {
      collectOne(failed, sink);
    }
  }

  /**
   * Collects {@code collector} into {@code sink}, checks every family the consumer wants before
   * any is handed over (so a collector is written whole or left out whole, never in part), then
   * hands them over; or leaves it out, counted, if the consumer asks for that.
   */
  private void collectOne(Collector collector, CheckingSink sink) {
    FamilyConsumer consumer = sink.consumer;
    try {
      sink.start(collector);
      collector.collect(sink);
      sink.check();
    } catch (RuntimeException e) {
      sink.clear();
      if (!consumer.leavesOutFailedCollectors()) {
        throw e instanceof CollectionException c ? c
            : new CollectionException("collector " + describe(collector) + " failed: " + e, e);
      }
      failures.record(collector, e);
      return;
    }
    sink.handOver();
  }

  /**
   * Counts {@code collector} as failed and logs it (at most once a minute per collector), for a
   * writer that leaves it out of its output for a reason found after collection, such as a family
   * name that collides with an earlier collector's.
   */
  void reportLeftOut(Collector collector, RuntimeException failure) {
    Objects.requireNonNull(collector, "collector");
    Objects.requireNonNull(failure, "failure");
    if (collector != failures) {
      failures.record(collector, failure);
    }
  }

  /**
   * The collector of the failure counter {@code promsdk_collector_failures_total}, whether or not
   * it is in this scrape yet: a writer that reported a collector left out after collection
   * collects it, so the first failure is counted in the same output. Null while nothing has
   * failed, or when a registered collector owns its name.
   */
  Collector collectorFailures() {
    Collector failed = failures.ifAny();
    return failed == null || isTaken(failed) ? null : failed;
  }

  /** Whether a registered collector declares one of the self-metric's names, which it then yields. */
  private boolean isTaken(Collector selfMetric) {
    synchronized (ownerByName) {
      for (String name : selfMetric.exposedNames()) {
        if (ownerByName.containsKey(name)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * The sink every collector of one collection puts its families into, one collector at a time:
   * it keeps the families the consumer wants, checks the collected ones, and hands them over once
   * the collector is done. Reused across the collectors of one collection, so that collecting a
   * registry of promsdk's metrics allocates this object and nothing per family.
   */
  private static final class CheckingSink implements FamilySink {
    final FamilyConsumer consumer;
    private Collector collector;
    private FamilyView[] families = new FamilyView[4];
    private MetricSnapshot<?>[] collected = new MetricSnapshot<?>[4]; // the same family, if it needs a check
    private int size;

    CheckingSink(FamilyConsumer consumer) {
      this.consumer = consumer;
    }

    void start(Collector collector) {
      this.collector = collector;
      clear();
    }

    @Override
    public void collected(MetricSnapshot<?> family) {
      add(family, family);
    }

    @Override
    public void family(FamilyView family) {
      add(family, null);
    }

    private void add(FamilyView family, MetricSnapshot<?> toCheck) {
      if (family == null || !consumer.wants(family.name(), family.type())) {
        return;
      }
      if (size == families.length) {
        families = Arrays.copyOf(families, size * 2);
        collected = Arrays.copyOf(collected, size * 2);
      }
      families[size] = family;
      collected[size] = toCheck;
      size++;
    }

    /** Refuses the collector if a collected family has a null data point or repeated labels. */
    void check() {
      for (int i = 0; i < size; i++) {
        if (collected[i] != null) {
          try {
            collected[i].checkUniqueLabels();
          } catch (IllegalArgumentException e) {
            throw new CollectionException("collector " + describe(collector) + ": " + e.getMessage(), e);
          }
        }
      }
    }

    void handOver() {
      for (int i = 0; i < size; i++) {
        consumer.family(families[i], collector);
      }
      clear();
    }

    void clear() {
      Arrays.fill(families, 0, size, null);
      Arrays.fill(collected, 0, size, null);
      size = 0;
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
