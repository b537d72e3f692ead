package io.promsdk.exposition;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Metric;
import io.promsdk.core.metrics.Series;
import io.promsdk.core.model.DataPointSnapshot;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.MetricType;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * One scrape in progress: the families to write, in order, each a collected snapshot or one of
 * promsdk's metrics still to be read, and the {@link Series} view every data point of either kind
 * passes through on its way to the format. So both write paths share every line the formats
 * write, and a scrape of promsdk's metrics creates no object per series.
 *
 * <p>Pooled with its {@link TextBuffer} (or {@link ProtobufEncoder}): one scrape owns both, and
 * the arrays grow to the largest registry seen, then stay.
 */
final class Scrape implements CollectorRegistry.FamilyConsumer, FamilySink {
  /** Accepts every family. */
  static final BiPredicate<String, MetricType> ALL = (name, type) -> true;

  private final Series series = new Series();
  private Object[] families = new Object[16]; // Metric or MetricSnapshot
  private Collector[] owners = new Collector[16]; // the collector each family came from
  private String[] names = new String[16];
  private MetricType[] types = new MetricType[16];
  private int size;
  private BiPredicate<String, MetricType> filter = ALL;
  private ExpositionOptions options = ExpositionOptions.defaults();

  // The family being written, for visit().
  private TextFormat format;
  private TextBuffer out;
  private String name;
  private MetricType type;

  /** Starts over with the families {@code filter} accepts, to be written with {@code options}. */
  Scrape reset(BiPredicate<String, MetricType> filter, ExpositionOptions options) {
    clear();
    this.filter = filter;
    this.options = options;
    return this;
  }

  /**
   * Starts over with every family of {@code snapshots}, to be written with {@code options}.
   *
   * @throws IllegalArgumentException if two families collide as {@code nameCheck} sees them
   */
  Scrape of(MetricSnapshots snapshots, ExpositionOptions options, FamilyNameCheck nameCheck) {
    Objects.requireNonNull(snapshots, "snapshots");
    reset(ALL, Objects.requireNonNull(options, "options"));
    for (int i = 0; i < snapshots.size(); i++) {
      snapshot(snapshots.get(i));
    }
    nameCheck.check(this);
    return this;
  }

  /**
   * Starts over with the families of {@code registry} that {@code familyFilter} accepts, to be
   * written with {@code options}: collected, and, unless the options are strict, with every
   * collector that failed or whose families {@code nameCheck} refuses left out.
   *
   * @throws CollectorRegistry.CollectionException only with strict collectors, if one fails
   * @throws IllegalArgumentException only with strict collectors, if two families collide
   */
  Scrape of(CollectorRegistry registry, BiPredicate<String, MetricType> familyFilter,
      ExpositionOptions options, FamilyNameCheck nameCheck) {
    Objects.requireNonNull(registry, "registry");
    reset(Objects.requireNonNull(familyFilter, "familyFilter"),
        Objects.requireNonNull(options, "options"));
    registry.collect(this);
    if (leavesOutFailedCollectors()) {
      nameCheck.leaveOutUnwritable(this, registry);
    }
    nameCheck.check(this);
    return this;
  }

  /** Whether this scrape writes {@code _created} samples (OpenMetrics). */
  boolean createdTimestamps() {
    return options.createdTimestamps();
  }

  /** Forgets every family, so that the pool keeps no metric or snapshot alive. */
  void clear() {
    Arrays.fill(families, 0, size, null);
    Arrays.fill(owners, 0, size, null);
    size = 0;
    filter = ALL;
    options = ExpositionOptions.defaults();
    format = null;
    out = null;
  }

  int size() {
    return size;
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

  /** Whether {@code family} (a metric or snapshot, by identity) is among the families. */
  boolean contains(Object family) {
    for (int i = 0; i < size; i++) {
      if (families[i] == family) {
        return true;
      }
    }
    return false;
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

  @Override
  public boolean wants(String name, MetricType type) {
    return filter.test(name, type);
  }

  @Override
  public boolean leavesOutFailedCollectors() {
    return !options.strictCollectors();
  }

  @Override
  public void metric(Metric metric) {
    add(metric, metric.name(), metric.type(), metric);
  }

  @Override
  public void snapshot(MetricSnapshot<?> family) {
    add(family, family.name(), family.type(), null);
  }

  @Override
  public void snapshot(MetricSnapshot<?> family, Collector from) {
    add(family, family.name(), family.type(), from);
  }

  private void add(Object family, String name, MetricType type, Collector owner) {
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

  /** Writes family {@code i}: its metadata lines, then every series. */
  void write(int i, TextFormat format, TextBuffer out) throws IOException {
    this.format = format;
    this.out = out;
    write(i, this);
  }

  /** Feeds family {@code i} to {@code sink}: metadata, every series, end. */
  void write(int i, FamilySink sink) throws IOException {
    this.name = names[i];
    this.type = types[i];
    if (families[i] instanceof Metric metric) {
      sink.family(metric.metadata(), type);
      metric.visitSeries(series, sink);
    } else {
      MetricSnapshot<?> family = (MetricSnapshot<?>) families[i];
      sink.family(family.metadata(), type);
      List<? extends DataPointSnapshot> points = family.dataPoints();
      for (int p = 0; p < points.size(); p++) {
        sink.visit(series.load(points.get(p)));
      }
    }
    sink.endFamily();
  }

  // The text formats' sink: the scrape itself, writing to the format and buffer given to write().

  @Override
  public void family(MetricMetadata metadata, MetricType type) throws IOException {
    format.header(out, metadata, type);
  }

  @Override
  public void visit(Series s) throws IOException {
    format.series(out, name, type, s);
  }
}
