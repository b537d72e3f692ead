package io.promsdk.core;

import io.promsdk.core.model.CounterDataPointView;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.SampleSuffixes;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The label sets that the registered metrics refused because of their cardinality limit: a counter
 * by metric, {@value #METRIC_NAME}{@code _total{metric="..."}}, with a series for each metric that
 * has refused one (a metric that never reached its limit adds nothing to the output).
 *
 * <p>How the counts get here without the registry knowing a metric type: a labelled metric, when
 * registered, hands its own count to the registry ({@code RegistryAccess.countCardinalityLimit}),
 * which keeps it here until the metric is unregistered. The metric counts; this family reads.
 *
 * <p>Thread-safe: entries are a copy-on-write list (registration is rare), each count a reader of
 * the metric's own adder.
 */
final class CardinalityLimitEvents implements LiveFamilyCollector {
  static final String METRIC_NAME = "promsdk_cardinality_limit_exceeded";
  private static final MetricMetadata METADATA = new MetricMetadata(METRIC_NAME,
      "New label sets that a metric refused because it held its cardinality limit of label sets"
          + " (recorded in its overflow series or dropped), by metric.");
  private static final Set<String> EXPOSED_NAMES = computeExposedNames();

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  /** Exposes {@code refused} as the count of {@code owner}, named {@code metric}, from now on. */
  void add(Collector owner, String metric, LongSupplier refused) {
    remove(owner);
    entries.add(new Entry(owner, Labels.of("metric", metric), refused));
  }

  void remove(Collector owner) {
    entries.removeIf(e -> e.owner == owner);
  }

  void clear() {
    entries.clear();
  }

  /** This counter once a metric has refused a label set; null before. */
  Collector ifAny() {
    for (Entry e : entries) {
      if (e.refused.getAsLong() > 0) {
        return this;
      }
    }
    return null;
  }

  private static Set<String> computeExposedNames() {
    Set<String> names = new LinkedHashSet<>();
    names.add(METRIC_NAME);
    for (String suffix : SampleSuffixes.of(MetricType.COUNTER)) {
      names.add(METRIC_NAME + suffix);
    }
    return Set.copyOf(names);
  }

  @Override
  public Set<String> exposedNames() {
    return EXPOSED_NAMES;
  }

  @Override
  public MetricMetadata metadata() {
    return METADATA;
  }

  @Override
  public MetricType type() {
    return MetricType.COUNTER;
  }

  @Override
  public void forEachDataPoint(DataPointVisitor visitor) throws IOException {
    for (Entry e : entries) {
      if (e.refused.getAsLong() > 0) {
        visitor.counter(e);
      }
    }
  }

  @Override
  public MetricSnapshot<?> snapshot() {
    return MetricSnapshot.copyOf(this);
  }

  @Override
  public String toString() {
    return "counter '" + METRIC_NAME + "'";
  }

  /** The refusals of one metric: a counter series, read as its own data view. */
  private static final class Entry implements CounterDataPointView {
    final Collector owner;
    final Labels labels;
    final LongSupplier refused;
    final long createdMillis = System.currentTimeMillis();

    Entry(Collector owner, Labels labels, LongSupplier refused) {
      this.owner = owner;
      this.labels = labels;
      this.refused = refused;
    }

    @Override
    public double value() {
      return refused.getAsLong();
    }

    @Override
    public Labels labels() {
      return labels;
    }

    @Override
    public long createdTimestampMillis() {
      return createdMillis;
    }

    @Override
    public long scrapeTimestampMillis() {
      return 0;
    }
  }
}
