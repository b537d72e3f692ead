package io.promsdk.instrumentation.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.SummarySnapshot;
import io.promsdk.instrumentation.jvm.JvmMetrics.Group;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JvmMetricsTest {

  @Test
  void onlyRegistersTheChosenGroups() {
    CollectorRegistry registry = new CollectorRegistry();
    JvmMetrics.builder().only(Group.CLASS_LOADING, Group.RUNTIME_INFO).register(registry);

    assertThat(Scrapes.shape(Scrapes.text(registry)).keySet()).containsExactlyInAnyOrder(
        "jvm_classes_currently_loaded", "jvm_classes_loaded_total", "jvm_classes_unloaded_total",
        "jvm_runtime_info");
  }

  @Test
  void withoutLeavesTheGroupsOut() {
    CollectorRegistry registry = new CollectorRegistry();
    JvmMetrics.builder().without(Group.THREADS, Group.PROCESS).register(registry);

    Map<String, String> shape = Scrapes.shape(Scrapes.text(registry));
    assertThat(shape).containsKey("jvm_memory_used_bytes").containsKey("jvm_gc_collection_seconds");
    assertThat(shape.keySet()).noneMatch(name -> name.startsWith("jvm_threads_") || name.startsWith("process_"));
  }

  @Test
  void registeringTwiceIntoOneRegistryIsANoOp() {
    CollectorRegistry registry = new CollectorRegistry();
    JvmMetrics.builder().only(Group.MEMORY).register(registry);
    JvmMetrics.builder().register(registry); // MEMORY again, and every other group for the first time

    String text = Scrapes.text(registry);
    assertThat(text).containsOnlyOnce("# TYPE jvm_memory_used_bytes gauge")
        .contains("# TYPE jvm_threads_current gauge");
    // A second registry is a registry of its own: it gets every group.
    CollectorRegistry other = new CollectorRegistry();
    JvmMetrics.builder().register(other);
    assertThat(Scrapes.text(other)).contains("# TYPE jvm_memory_used_bytes gauge");
  }

  @Test
  void aNameAnotherCollectorExposesFailsNamingIt() {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.builder().name("jvm_threads_current").help("mine").register(registry);

    assertThatThrownBy(() -> JvmMetrics.builder().only(Group.THREADS).register(registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jvm_threads_current");
  }

  @Test
  void exposedNamesCoverEverySampleNameOfTheFamilies() {
    assertThat(JvmMetrics.collector(Group.THREADS).exposedNames())
        .contains("jvm_threads_started", "jvm_threads_started_total", "jvm_threads_state");
    assertThat(JvmMetrics.collector(Group.GARBAGE_COLLECTOR).exposedNames())
        .contains("jvm_gc_collection_seconds", "jvm_gc_collection_seconds_count", "jvm_gc_collection_seconds_sum");
    assertThat(JvmMetrics.collector(Group.RUNTIME_INFO).exposedNames()).contains("jvm_runtime", "jvm_runtime_info");
  }

  @Test
  void valuesAreThoseOfThisJvm() {
    CollectorRegistry registry = new CollectorRegistry();
    JvmMetrics.builder().only(Group.MEMORY, Group.THREADS, Group.GARBAGE_COLLECTOR).register(registry);
    System.gc(); // at least one collection to count

    Map<String, MetricSnapshot<?>> families = new java.util.HashMap<>();
    registry.collect().forEach(f -> families.put(f.name(), f));

    GaugeSnapshot threads = (GaugeSnapshot) families.get("jvm_threads_current");
    assertThat(threads.dataPoints().get(0).value()).isGreaterThanOrEqualTo(1);
    GaugeSnapshot states = (GaugeSnapshot) families.get("jvm_threads_state");
    double runnable = states.dataPoints().stream()
        .filter(p -> p.labels().get("state").equals("RUNNABLE")).findFirst().orElseThrow().value();
    assertThat(runnable).as("this thread is runnable").isGreaterThanOrEqualTo(1);
    assertThat(states.dataPoints()).hasSize(Thread.State.values().length + 1);

    GaugeSnapshot used = (GaugeSnapshot) families.get("jvm_memory_used_bytes");
    double heapUsed = used.dataPoints().stream()
        .filter(p -> p.labels().get("area").equals("heap")).findFirst().orElseThrow().value();
    assertThat(heapUsed).isPositive();
    GaugeSnapshot max = (GaugeSnapshot) families.get("jvm_memory_max_bytes");
    double heapMax = max.dataPoints().stream()
        .filter(p -> p.labels().get("area").equals("heap")).findFirst().orElseThrow().value();
    assertThat(heapMax).isEqualTo(Runtime.getRuntime().maxMemory());

    SummarySnapshot gc = (SummarySnapshot) families.get("jvm_gc_collection_seconds");
    assertThat(gc.dataPoints()).extracting(p -> p.count()).anyMatch(count -> count >= 1);
  }

  @Test
  void processFamiliesReadThisProcess() {
    CollectorRegistry registry = new CollectorRegistry();
    JvmMetrics.builder().only(Group.PROCESS).register(registry);

    Map<String, Double> values = new java.util.HashMap<>();
    for (MetricSnapshot<?> family : registry.collect()) {
      family.dataPoints().forEach(p -> values.put(family.name(),
          p instanceof GaugeSnapshot.GaugeDataPoint g ? g.value()
              : ((io.promsdk.core.model.CounterSnapshot.CounterDataPoint) p).value()));
    }
    double startSeconds = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;
    assertThat(values.get("process_start_time_seconds")).isEqualTo(startSeconds);
    assertThat(values.get("process_cpu_seconds")).isPositive();
    assertThat(values.get("process_open_fds")).isPositive().isLessThanOrEqualTo(values.get("process_max_fds"));
    assertThat(values.get("process_resident_memory_bytes")).isPositive()
        .isLessThan(values.get("process_virtual_memory_bytes"));
  }

  @Test
  void collectReturnsTheSameFamiliesAsSnapshots() {
    var collector = JvmMetrics.collector(Group.BUFFER_POOLS);
    List<String> names = collector.collect().stream().map(MetricSnapshot::name).toList();
    assertThat(names).containsExactly("jvm_buffer_pool_used_bytes", "jvm_buffer_pool_capacity_bytes",
        "jvm_buffer_pool_used_buffers");
    assertThat(collector.exposedNames()).containsAll(names);
  }
}
