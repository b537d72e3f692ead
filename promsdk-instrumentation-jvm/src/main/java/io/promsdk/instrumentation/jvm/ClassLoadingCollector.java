package io.promsdk.instrumentation.jvm;

import io.promsdk.core.FamilySink;
import io.promsdk.core.model.MetricMetadata;
import java.lang.management.ClassLoadingMXBean;

/** {@link JvmMetrics.Group#CLASS_LOADING}: classes loaded now, loaded and unloaded since the start. */
final class ClassLoadingCollector extends JvmCollector {
  private static final MetricMetadata CURRENTLY_LOADED = metadata("jvm_classes_currently_loaded", "The number of classes that are currently loaded in the JVM");
  private static final MetricMetadata LOADED = metadata("jvm_classes_loaded", "The total number of classes that have been loaded since the JVM has started execution");
  private static final MetricMetadata UNLOADED = metadata("jvm_classes_unloaded", "The total number of classes that have been unloaded since the JVM has started execution");

  private final ClassLoadingMXBean classes;

  ClassLoadingCollector(ClassLoadingMXBean classes) {
    super(JvmMetrics.Group.CLASS_LOADING, gauges(CURRENTLY_LOADED), counters(LOADED, UNLOADED));
    this.classes = classes;
  }

  @Override
  public void collect(FamilySink sink) {
    sink.family(ReadFamily.gauge(CURRENTLY_LOADED, classes.getLoadedClassCount()));
    sink.family(ReadFamily.counter(LOADED, classes.getTotalLoadedClassCount()));
    sink.family(ReadFamily.counter(UNLOADED, classes.getUnloadedClassCount()));
  }
}
