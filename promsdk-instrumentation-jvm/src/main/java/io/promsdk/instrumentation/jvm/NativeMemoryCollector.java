package io.promsdk.instrumentation.jvm;

import io.promsdk.core.FamilySink;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.Unit;
import java.util.function.Supplier;

/**
 * {@link JvmMetrics.Group#NATIVE_MEMORY}: {@code jvm_native_memory_{reserved,committed}_bytes{pool}}
 * from Native Memory Tracking's summary, which exists only when the JVM was started with {@code
 * -XX:NativeMemoryTracking=summary} (or {@code detail}). NMT cannot be switched on later, so the
 * first scrape that finds it off (or finds no diagnostic command bean) turns this collector into
 * one that exposes nothing and asks no more.
 *
 * <p>Invariant of {@link #enabled}: it only ever goes from true to false, written by whichever
 * scrape first sees NMT off; a concurrent scrape that still reads true asks once more and gets the
 * same answer, so no lock is needed.
 */
final class NativeMemoryCollector extends JvmCollector {
  private static final MetricMetadata RESERVED = metadata("jvm_native_memory_reserved_bytes", "Reserved bytes of a given JVM. Reserved memory represents the total amount of memory the JVM can potentially use.", Unit.BYTES);
  private static final MetricMetadata COMMITTED = metadata("jvm_native_memory_committed_bytes", "Committed bytes of a given JVM. Committed memory represents the amount of memory the JVM is using right now.", Unit.BYTES);

  /** Returns NMT's summary text, or null when there is none (NMT off, no diagnostic commands). */
  private final Supplier<String> summary;
  private volatile boolean enabled = true;

  NativeMemoryCollector(Supplier<String> summary) {
    super(JvmMetrics.Group.NATIVE_MEMORY, gauges(RESERVED, COMMITTED));
    this.summary = summary;
  }

  @Override
  public void collect(FamilySink sink) {
    if (!enabled) {
      return;
    }
    NmtSummary parsed = NmtSummary.parse(summary.get());
    if (parsed == null) {
      enabled = false;
      return;
    }
    Labels[] pools = new Labels[parsed.size()];
    for (int i = 0; i < pools.length; i++) {
      pools[i] = Labels.of("pool", parsed.category(i));
    }
    sink.family(ReadFamily.gauge(RESERVED, pools, parsed.reservedBytes()));
    sink.family(ReadFamily.gauge(COMMITTED, pools, parsed.committedBytes()));
  }
}
