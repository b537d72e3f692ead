package io.promsdk.instrumentation.jvm;

import io.promsdk.core.FamilySink;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.Unit;
import java.lang.management.BufferPoolMXBean;
import java.util.List;

/** {@link JvmMetrics.Group#BUFFER_POOLS}: the direct and mapped buffer pools ({@code jvm_buffer_pool_*{pool}}). */
final class BufferPoolCollector extends JvmCollector {
  private static final MetricMetadata USED_BYTES = metadata("jvm_buffer_pool_used_bytes", "Used bytes of a given JVM buffer pool.", Unit.BYTES);
  private static final MetricMetadata CAPACITY_BYTES = metadata("jvm_buffer_pool_capacity_bytes", "Bytes capacity of a given JVM buffer pool.", Unit.BYTES);
  private static final MetricMetadata USED_BUFFERS = metadata("jvm_buffer_pool_used_buffers", "Used buffers of a given JVM buffer pool.");

  private final BufferPoolMXBean[] pools;
  private final Labels[] labels;

  BufferPoolCollector(List<BufferPoolMXBean> pools) {
    super(JvmMetrics.Group.BUFFER_POOLS, gauges(USED_BYTES, CAPACITY_BYTES, USED_BUFFERS));
    this.pools = pools.toArray(new BufferPoolMXBean[0]);
    this.labels = labelSets("pool", pools, BufferPoolMXBean::getName);
  }

  @Override
  public void collect(FamilySink sink) {
    double[] used = new double[pools.length];
    double[] capacity = new double[pools.length];
    double[] buffers = new double[pools.length];
    for (int i = 0; i < pools.length; i++) {
      used[i] = pools[i].getMemoryUsed();
      capacity[i] = pools[i].getTotalCapacity();
      buffers[i] = pools[i].getCount();
    }
    sink.family(ReadFamily.gauge(USED_BYTES, labels, used));
    sink.family(ReadFamily.gauge(CAPACITY_BYTES, labels, capacity));
    sink.family(ReadFamily.gauge(USED_BUFFERS, labels, buffers));
  }
}
