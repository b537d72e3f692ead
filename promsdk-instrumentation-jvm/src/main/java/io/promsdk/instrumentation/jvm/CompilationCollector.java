package io.promsdk.instrumentation.jvm;

import io.promsdk.core.FamilySink;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.Unit;
import java.lang.management.CompilationMXBean;

/**
 * {@link JvmMetrics.Group#COMPILATION}: {@code jvm_compilation_time_seconds_total}. Built only
 * when the JVM has a JIT compiler that monitors its time (see {@link JvmMetrics}).
 */
final class CompilationCollector extends JvmCollector {
  private static final MetricMetadata TIME = metadata("jvm_compilation_time_seconds", "The total time in seconds taken for HotSpot class compilation", Unit.SECONDS);

  private final CompilationMXBean compilation;

  CompilationCollector(CompilationMXBean compilation) {
    super(JvmMetrics.Group.COMPILATION, counters(TIME));
    this.compilation = compilation;
  }

  static boolean supported(CompilationMXBean compilation) {
    return compilation != null && compilation.isCompilationTimeMonitoringSupported();
  }

  @Override
  public void collect(FamilySink sink) {
    sink.family(ReadFamily.counter(TIME, compilation.getTotalCompilationTime() / 1000.0));
  }
}
