package io.promsdk.instrumentation.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.promsdk.core.CollectorRegistry;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Ours and client_java 1.10's {@code JvmMetrics}, each in a registry of its own in this JVM (run
 * with {@code -XX:NativeMemoryTracking=summary}, see the pom), scraped as text: the same family
 * names, types and label names. Values differ by nature (two reads at different times) and are
 * not compared.
 */
class SideBySideWithClientJavaTest {

  /**
   * Families only client_java has, and why.
   *
   * <p>{@code jvm_memory_pool_allocated_bytes_total{pool}}: client_java counts allocated bytes per
   * pool from GC notifications, with a listener that keeps state between scrapes; this module
   * reads beans at scrape time only (no listener, no background work), so it has no such family.
   * client_java exposes it only after its listener saw a collection, so it may be absent here too.
   */
  private static final Map<String, String> ONLY_CLIENT_JAVA = Map.of(
      "jvm_memory_pool_allocated_bytes_total", "counter[pool]");

  @Test
  void sameFamiliesTypesAndLabelNamesAsClientJava() {
    CollectorRegistry ours = new CollectorRegistry();
    JvmMetrics.builder().register(ours);
    PrometheusRegistry theirs = new PrometheusRegistry();
    io.prometheus.metrics.instrumentation.jvm.JvmMetrics.builder().register(theirs);

    Map<String, String> ourShape = Scrapes.shape(Scrapes.text(ours));
    Map<String, String> theirShape = new TreeMap<>(Scrapes.shape(Scrapes.text(theirs)));
    ONLY_CLIENT_JAVA.forEach((name, shape) -> {
      assertThat(theirShape.getOrDefault(name, shape)).as(name).isEqualTo(shape);
      theirShape.remove(name);
    });

    assertThat(ourShape).isEqualTo(theirShape);
    // NMT is on in this JVM: the comparison covers its families, not just their absence on both.
    assertThat(ourShape).containsEntry("jvm_native_memory_committed_bytes", "gauge[pool]")
        .containsEntry("jvm_runtime_info", "gauge[runtime, vendor, version]")
        .containsEntry("process_resident_memory_bytes", "gauge[]");
  }
}
