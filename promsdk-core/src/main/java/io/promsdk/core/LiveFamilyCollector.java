package io.promsdk.core;

import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.MetricSnapshot;
import java.util.Collection;
import java.util.List;

/**
 * A collector that is itself the one family it exposes, live: it puts itself into the sink, to
 * be read series by series when the family is written, and {@link #collect()} snapshots it. What
 * promsdk's metrics are; implement it for a family of your own that can be read without a
 * snapshot (its data points must have distinct labels: the registry does not check them).
 *
 * <pre>{@code
 * final class QueueDepths implements LiveFamilyCollector {
 *   public MetricMetadata metadata() { return METADATA; }
 *   public MetricType type() { return MetricType.GAUGE; }
 *   public void forEachDataPoint(DataPointVisitor v) throws IOException { for (Queue q : queues) v.gauge(q); }
 *   public MetricSnapshot<?> snapshot() { return MetricSnapshot.copyOf(this); }
 * }
 * }</pre>
 */
public interface LiveFamilyCollector extends Collector, FamilyView {

  /** The family as a snapshot, in a list of one. */
  @Override
  default Collection<? extends MetricSnapshot<?>> collect() {
    return List.of(snapshot());
  }

  /** Puts this family into the sink as it is, to be read when written. */
  @Override
  default void collect(FamilySink sink) {
    sink.family(this);
  }
}
