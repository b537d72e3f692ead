package io.promsdk.instrumentation.jvm;

import io.promsdk.core.FamilySink;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.Unit;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * {@link JvmMetrics.Group#MEMORY}: heap and non-heap areas ({@code jvm_memory_*_bytes{area}}),
 * objects pending finalization, and every memory pool ({@code jvm_memory_pool_*_bytes{pool}}, and
 * {@code jvm_memory_pool_collection_*_bytes{pool}} for the pools that report their usage after the
 * last collection). The JVM's pools are fixed at startup, so their label sets are made once.
 */
final class MemoryCollector extends JvmCollector {
  private static final Labels[] AREAS = {Labels.of("area", "heap"), Labels.of("area", "nonheap")};

  private static final MetricMetadata USED = metadata("jvm_memory_used_bytes", "Used bytes of a given JVM memory area.", Unit.BYTES);
  private static final MetricMetadata COMMITTED = metadata("jvm_memory_committed_bytes", "Committed (bytes) of a given JVM memory area.", Unit.BYTES);
  private static final MetricMetadata MAX = metadata("jvm_memory_max_bytes", "Max (bytes) of a given JVM memory area.", Unit.BYTES);
  private static final MetricMetadata INIT = metadata("jvm_memory_init_bytes", "Initial bytes of a given JVM memory area.", Unit.BYTES);
  private static final MetricMetadata PENDING_FINALIZATION = metadata("jvm_memory_objects_pending_finalization", "The number of objects waiting in the finalizer queue.");
  private static final MetricMetadata POOL_USED = metadata("jvm_memory_pool_used_bytes", "Used bytes of a given JVM memory pool.", Unit.BYTES);
  private static final MetricMetadata POOL_COMMITTED = metadata("jvm_memory_pool_committed_bytes", "Committed bytes of a given JVM memory pool.", Unit.BYTES);
  private static final MetricMetadata POOL_MAX = metadata("jvm_memory_pool_max_bytes", "Max bytes of a given JVM memory pool.", Unit.BYTES);
  private static final MetricMetadata POOL_INIT = metadata("jvm_memory_pool_init_bytes", "Initial bytes of a given JVM memory pool.", Unit.BYTES);
  private static final MetricMetadata COLLECTION_USED = metadata("jvm_memory_pool_collection_used_bytes", "Used bytes after last collection of a given JVM memory pool.", Unit.BYTES);
  private static final MetricMetadata COLLECTION_COMMITTED = metadata("jvm_memory_pool_collection_committed_bytes", "Committed after last collection bytes of a given JVM memory pool.", Unit.BYTES);
  private static final MetricMetadata COLLECTION_MAX = metadata("jvm_memory_pool_collection_max_bytes", "Max bytes after last collection of a given JVM memory pool.", Unit.BYTES);
  private static final MetricMetadata COLLECTION_INIT = metadata("jvm_memory_pool_collection_init_bytes", "Initial after last collection bytes of a given JVM memory pool.", Unit.BYTES);

  private final MemoryMXBean memory;
  private final MemoryPoolMXBean[] pools;
  private final Labels[] poolLabels;
  private final MemoryPoolMXBean[] collectedPools; // the pools with a usage after collection
  private final Labels[] collectedPoolLabels;

  MemoryCollector(MemoryMXBean memory, List<MemoryPoolMXBean> pools) {
    super(JvmMetrics.Group.MEMORY, gauges(USED, COMMITTED, MAX, INIT, PENDING_FINALIZATION, POOL_USED,
        POOL_COMMITTED, POOL_MAX, POOL_INIT, COLLECTION_USED, COLLECTION_COMMITTED, COLLECTION_MAX, COLLECTION_INIT));
    this.memory = memory;
    this.pools = pools.toArray(new MemoryPoolMXBean[0]);
    this.poolLabels = labelSets("pool", pools, MemoryPoolMXBean::getName);
    List<MemoryPoolMXBean> collected = new ArrayList<>();
    for (MemoryPoolMXBean pool : pools) {
      if (pool.getCollectionUsage() != null) {
        collected.add(pool);
      }
    }
    this.collectedPools = collected.toArray(new MemoryPoolMXBean[0]);
    this.collectedPoolLabels = labelSets("pool", collected, MemoryPoolMXBean::getName);
  }

  @Override
  public void collect(FamilySink sink) {
    MemoryUsage heap = memory.getHeapMemoryUsage();
    MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
    sink.family(ReadFamily.gauge(USED, AREAS, new double[] {heap.getUsed(), nonHeap.getUsed()}));
    sink.family(ReadFamily.gauge(COMMITTED, AREAS, new double[] {heap.getCommitted(), nonHeap.getCommitted()}));
    sink.family(ReadFamily.gauge(MAX, AREAS, new double[] {heap.getMax(), nonHeap.getMax()}));
    sink.family(ReadFamily.gauge(INIT, AREAS, new double[] {heap.getInit(), nonHeap.getInit()}));
    sink.family(ReadFamily.gauge(PENDING_FINALIZATION, memory.getObjectPendingFinalizationCount()));

    MemoryUsage[] usages = read(pools, MemoryPoolMXBean::getUsage);
    sink.family(ReadFamily.gauge(POOL_USED, poolLabels, values(usages, MemoryUsage::getUsed)));
    sink.family(ReadFamily.gauge(POOL_COMMITTED, poolLabels, values(usages, MemoryUsage::getCommitted)));
    sink.family(ReadFamily.gauge(POOL_MAX, poolLabels, values(usages, MemoryUsage::getMax)));
    sink.family(ReadFamily.gauge(POOL_INIT, poolLabels, values(usages, MemoryUsage::getInit)));

    if (collectedPools.length > 0) {
      MemoryUsage[] after = read(collectedPools, MemoryPoolMXBean::getCollectionUsage);
      sink.family(ReadFamily.gauge(COLLECTION_USED, collectedPoolLabels, values(after, MemoryUsage::getUsed)));
      sink.family(ReadFamily.gauge(COLLECTION_COMMITTED, collectedPoolLabels, values(after, MemoryUsage::getCommitted)));
      sink.family(ReadFamily.gauge(COLLECTION_MAX, collectedPoolLabels, values(after, MemoryUsage::getMax)));
      sink.family(ReadFamily.gauge(COLLECTION_INIT, collectedPoolLabels, values(after, MemoryUsage::getInit)));
    }
  }

  /** Each pool's usage read once, so that its four families show the same reading. */
  private static MemoryUsage[] read(MemoryPoolMXBean[] pools, Function<MemoryPoolMXBean, MemoryUsage> usage) {
    MemoryUsage[] usages = new MemoryUsage[pools.length];
    for (int i = 0; i < pools.length; i++) {
      usages[i] = usage.apply(pools[i]);
    }
    return usages;
  }

  private static double[] values(MemoryUsage[] usages, ToLongFunction<MemoryUsage> field) {
    double[] values = new double[usages.length];
    for (int i = 0; i < usages.length; i++) {
      // null: the pool is no longer valid (the JVM removed it); NaN rather than a made-up zero.
      values[i] = usages[i] == null ? Double.NaN : field.applyAsLong(usages[i]);
    }
    return values;
  }
}
