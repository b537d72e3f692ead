package io.promsdk.exposition;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.FamilySink;
import io.promsdk.core.internal.FamilyConsumer;
import io.promsdk.core.internal.RegistryAccess;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import java.util.Arrays;
import java.util.function.BiPredicate;

/**
 * One write in progress, whatever the format: the families to write, in order, each a {@link
 * FamilyView} (a collected snapshot, or one of promsdk's metrics still to be read) with the
 * collector it came from. A format collects a registry into it ({@link #collect}), which leaves
 * out the collectors that fail or whose families cannot be written next to the others, then
 * writes each family by visiting its data points; so every format shares the registry's rules,
 * and a scrape of promsdk's metrics creates no object per series.
 *
 * <pre>{@code
 * Scrape scrape = Scrape.acquire(filter, options);
 * try {
 *   scrape.collect(registry, nameCheck);
 *   for (int i = 0; i < scrape.size(); i++) {
 *     write(scrape.family(i)); // header, then family.forEachDataPoint(visitor)
 *   }
 * } finally {
 *   scrape.release();
 * }
 * }</pre>
 *
 * <p>Pooled: one write owns a scrape between {@link #acquire} and {@link #release}, and the arrays
 * grow to the largest registry seen, then stay. Not thread-safe. The pool's invariants: those of
 * {@link SmallPool} (a pooled scrape is owned by no write), and a pooled scrape references no
 * family or collector.
 */
final class Scrape implements FamilyConsumer {
  /** Accepts every family. */
  static final BiPredicate<String, MetricType> ALL = (name, type) -> true;
  private static final SmallPool<Scrape> POOL = new SmallPool<>(4);

  private FamilyView[] families = new FamilyView[16];
  private Collector[] owners = new Collector[16]; // the collector each family came from
  private String[] names = new String[16];
  private MetricType[] types = new MetricType[16];
  private int size;
  private BiPredicate<String, MetricType> filter = ALL;
  private ExpositionOptions options = ExpositionOptions.defaults();

  /** A scrape of the families {@code filter} accepts, from the pool when one is free. */
  static Scrape acquire(BiPredicate<String, MetricType> filter, ExpositionOptions options) {
    Scrape s = POOL.take();
    return (s == null ? new Scrape() : s).reset(filter, options);
  }

  /** Forgets every family (so the pool keeps no metric or snapshot alive) and returns to the pool. */
  void release() {
    clear();
    POOL.give(this);
  }

  /** Starts over with the families {@code filter} accepts, to be written with {@code options}. */
  Scrape reset(BiPredicate<String, MetricType> filter, ExpositionOptions options) {
    clear();
    this.filter = filter;
    this.options = options;
    return this;
  }

  ExpositionOptions options() {
    return options;
  }

  private void clear() {
    Arrays.fill(families, 0, size, null);
    Arrays.fill(owners, 0, size, null);
    size = 0;
    filter = ALL;
    options = ExpositionOptions.defaults();
  }

  int size() {
    return size;
  }

  FamilyView family(int i) {
    return families[i];
  }

  String name(int i) {
    return names[i];
  }

  MetricType type(int i) {
    return types[i];
  }

  /** The collector family {@code i} came from; null for a family written from snapshots. */
  Collector owner(int i) {
    return owners[i];
  }

  // ---------------------------------------------------------------- collecting

  /**
   * Collects the wanted families of {@code registry}. Unless the options are strict, then leaves
   * out, whole, each collector with a family that cannot be written next to the families before
   * it in this format ({@code nameCheck}: a name collision, an unusable state set name), and
   * reports it to the registry. The later of two colliding families is the one refused, so the
   * collector registered later goes, never both, whatever the order of the scrapes. The
   * registry's failure counter joins the families if this made the first failure.
   */
  void collect(CollectorRegistry registry, FamilyNameCheck nameCheck) {
    RegistryAccess.collect(registry, this);
    if (!leavesOutFailedCollectors()) {
      return;
    }
    boolean failuresRefused = false; // the failure counter itself collided: it stays out
    for (FamilyNameCheck.Unwritable u; (u = nameCheck.firstUnwritable(this)) != null; ) {
      Collector owner = owner(u.family());
      removeFamiliesOf(owner);
      Collector failures = RegistryAccess.collectorFailures(registry);
      if (owner == failures) {
        failuresRefused = true;
        continue;
      }
      RegistryAccess.reportLeftOut(registry, owner, new IllegalArgumentException(u.problem()));
      failures = RegistryAccess.collectorFailures(registry);
      if (failures != null && !failuresRefused && !hasFamiliesOf(failures)) {
        addFamiliesOf(failures);
      }
    }
  }

  @Override
  public boolean wants(String name, MetricType type) {
    return filter.test(name, type);
  }

  @Override
  public boolean leavesOutFailedCollectors() {
    return !options.strictCollectors();
  }

  @Override
  public void family(FamilyView family, Collector from) {
    add(family, family.name(), family.type(), from);
  }

  /** A family written from snapshots, which no collector owns. */
  void add(MetricSnapshot<?> family) {
    add(family, family.name(), family.type(), null);
  }

  private void add(FamilyView family, String name, MetricType type, Collector owner) {
    if (size == families.length) {
      families = Arrays.copyOf(families, size * 2);
      owners = Arrays.copyOf(owners, size * 2);
      names = Arrays.copyOf(names, size * 2);
      types = Arrays.copyOf(types, size * 2);
    }
    families[size] = family;
    owners[size] = owner;
    names[size] = name;
    types[size] = type;
    size++;
  }

  /** Whether a family of {@code owner} is among the families. */
  boolean hasFamiliesOf(Collector owner) {
    for (int i = 0; i < size; i++) {
      if (owners[i] == owner) {
        return true;
      }
    }
    return false;
  }

  /**
   * Collects {@code collector} now and adds the families this scrape wants, unchecked: for the
   * registry's failure counter, which joins a scrape that has just left a collector out.
   */
  void addFamiliesOf(Collector collector) {
    collector.collect(new FamilySink() {
      @Override
      public void collected(MetricSnapshot<?> family) {
        family(family);
      }

      @Override
      public void family(FamilyView family) {
        if (family != null && wants(family.name(), family.type())) {
          Scrape.this.family(family, collector);
        }
      }
    });
  }

  /** Drops every family of {@code owner}, keeping the order of the others. */
  void removeFamiliesOf(Collector owner) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (owners[i] != owner) {
        families[kept] = families[i];
        owners[kept] = owners[i];
        names[kept] = names[i];
        types[kept] = types[i];
        kept++;
      }
    }
    Arrays.fill(families, kept, size, null);
    Arrays.fill(owners, kept, size, null);
    size = kept;
  }
}
