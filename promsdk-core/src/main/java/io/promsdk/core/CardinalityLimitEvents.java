package io.promsdk.core;

import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.Labels;
import java.io.IOException;
import java.util.List;
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
final class CardinalityLimitEvents extends SelfCounterFamily {
  static final String METRIC_NAME = "promsdk_cardinality_limit_exceeded";
  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  CardinalityLimitEvents() {
    super(METRIC_NAME, "New label sets that a metric refused because it held its cardinality limit"
        + " of label sets (recorded in its overflow series or dropped), by metric.");
  }

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

  @Override
  public void forEachDataPoint(DataPointVisitor visitor) throws IOException {
    for (Entry e : entries) {
      if (e.refused.getAsLong() > 0) {
        visitor.counter(e);
      }
    }
  }

  /** The refusals of one metric: a counter series, read as its own data view. */
  private static final class Entry extends SelfCounterFamily.Series {
    final Collector owner;
    final LongSupplier refused;

    Entry(Collector owner, Labels labels, LongSupplier refused) {
      super(labels);
      this.owner = owner;
      this.refused = refused;
    }

    @Override
    public double value() {
      return refused.getAsLong();
    }
  }
}
