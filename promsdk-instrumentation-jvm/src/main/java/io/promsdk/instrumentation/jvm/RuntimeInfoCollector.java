package io.promsdk.instrumentation.jvm;

import io.promsdk.core.FamilySink;
import io.promsdk.core.model.InfoSnapshot;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import java.util.List;
import java.util.Properties;

/**
 * {@link JvmMetrics.Group#RUNTIME_INFO}: {@code jvm_runtime_info{runtime,vendor,version}}, from
 * the system properties at construction: they do not change while the JVM runs, so the family
 * is one immutable snapshot, passed as it is on every scrape.
 */
final class RuntimeInfoCollector extends JvmCollector {
  private static final MetricMetadata RUNTIME = metadata("jvm_runtime", "JVM runtime info");

  private final InfoSnapshot info;

  RuntimeInfoCollector(Properties system) {
    super(JvmMetrics.Group.RUNTIME_INFO, infos(RUNTIME));
    this.info = new InfoSnapshot(RUNTIME, List.of(new InfoSnapshot.InfoDataPoint(Labels.of(
        "runtime", system.getProperty("java.runtime.name", "unknown"),
        "vendor", system.getProperty("java.vm.vendor", "unknown"),
        "version", system.getProperty("java.runtime.version", "unknown")))));
  }

  @Override
  public void collect(FamilySink sink) {
    sink.family(info);
  }
}
