package io.promsdk.instrumentation.jvm;

import io.promsdk.core.FamilySink;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.Unit;
import java.lang.management.GarbageCollectorMXBean;
import java.util.List;

/**
 * {@link JvmMetrics.Group#GARBAGE_COLLECTOR}: {@code jvm_gc_collection_seconds{gc}}, a summary
 * without quantiles (collections as the count, their accumulated time as the sum), as client_java
 * exposes it.
 */
final class GarbageCollectorCollector extends JvmCollector {
  private static final MetricMetadata COLLECTION_SECONDS = metadata("jvm_gc_collection_seconds", "Time spent in a given JVM garbage collector in seconds.", Unit.SECONDS);

  private final GarbageCollectorMXBean[] collectors;
  private final Labels[] labels;

  GarbageCollectorCollector(List<GarbageCollectorMXBean> collectors) {
    super(JvmMetrics.Group.GARBAGE_COLLECTOR, summaries(COLLECTION_SECONDS));
    this.collectors = collectors.toArray(new GarbageCollectorMXBean[0]);
    this.labels = labelSets("gc", collectors, GarbageCollectorMXBean::getName);
  }

  @Override
  public void collect(FamilySink sink) {
    long[] counts = new long[collectors.length];
    double[] seconds = new double[collectors.length];
    for (int i = 0; i < collectors.length; i++) {
      // -1 means "undefined" for this collector; a summary's count and sum cannot be negative.
      counts[i] = Math.max(0, collectors[i].getCollectionCount());
      seconds[i] = Math.max(0, collectors[i].getCollectionTime()) / 1000.0;
    }
    sink.family(ReadFamily.summary(COLLECTION_SECONDS, labels, counts, seconds));
  }
}
