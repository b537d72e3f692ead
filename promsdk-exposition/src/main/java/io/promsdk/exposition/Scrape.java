package io.promsdk.exposition;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.FamilySink;
import io.promsdk.core.model.CounterDataPointView;
import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.GaugeDataPointView;
import io.promsdk.core.model.HistogramDataPointView;
import io.promsdk.core.model.InfoDataPointView;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.SampleSuffixes;
import io.promsdk.core.model.StateSetDataPointView;
import io.promsdk.core.model.SummaryDataPointView;
import io.promsdk.core.model.UnknownDataPointView;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.BiPredicate;

/**
 * One scrape in progress: the families to write, in order, each a {@link FamilyView} (a collected
 * snapshot, or one of promsdk's metrics still to be read), and the visitor that hands every data
 * point of either kind, through the view of its type, to the format. So both write paths share
 * every line the formats write, and a scrape of promsdk's metrics creates no object per series.
 *
 * <p>Pooled with its {@link TextBuffer}: one scrape owns both, and the arrays grow to the largest
 * registry seen, then stay.
 */
final class Scrape implements CollectorRegistry.FamilyConsumer, DataPointVisitor {
  /** Accepts every family. */
  static final BiPredicate<String, MetricType> ALL = (name, type) -> true;

  private FamilyView[] families = new FamilyView[16];
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

  /** Writes family {@code i}: its metadata lines, then every data point. */
  void write(int i, TextFormat format, TextBuffer out) throws IOException {
    this.format = format;
    this.out = out;
    this.name = names[i];
    this.type = types[i];
    FamilyView family = families[i];
    format.header(out, family.metadata(), type);
    family.forEachDataPoint(this);
  }

  @Override
  public void dataPoint(DataPointView point) {
    throw new IllegalStateException(name + ": a data point without its type: " + point);
  }

  @Override
  public void counter(CounterDataPointView p) throws IOException {
    format.counter(out, name, p);
  }

  @Override
  public void gauge(GaugeDataPointView p) throws IOException {
    format.sample(out, name, "", p, p.value());
  }

  @Override
  public void unknown(UnknownDataPointView p) throws IOException {
    format.sample(out, name, "", p, p.value());
  }

  @Override
  public void info(InfoDataPointView p) throws IOException {
    format.sample(out, name, SampleSuffixes.INFO, p, 1L);
  }

  @Override
  public void stateSet(StateSetDataPointView p) throws IOException {
    format.states(out, name, p);
  }

  @Override
  public void histogram(HistogramDataPointView p) throws IOException {
    format.histogram(out, name, type == MetricType.GAUGE_HISTOGRAM, p);
  }

  @Override
  public void summary(SummaryDataPointView p) throws IOException {
    format.summary(out, name, p);
  }
}
