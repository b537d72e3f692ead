package io.promsdk.instrumentation.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.MetricSnapshot;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NativeMemoryTest {
  // The start of what JDK 17's `jcmd <pid> VM.native_memory summary` prints.
  static final String SUMMARY = """
      Native Memory Tracking:

      (Omitting categories weighting less than 1KB)

      Total: reserved=1464798KB, committed=97878KB
      -                 Java Heap (reserved=262144KB, committed=16384KB)
                                  (mmap: reserved=262144KB, committed=16384KB)

      -                     Class (reserved=1048745KB, committed=4585KB)
                                  (classes #5930)
      -    Native Memory Tracking (reserved=217KB, committed=217KB)
                                  (tracking overhead=217KB)
      """;

  @Test
  void parsesTheTotalAndEveryCategoryInBytes() {
    NmtSummary summary = NmtSummary.parse(SUMMARY);

    assertThat(summary.size()).isEqualTo(4);
    assertThat(List.of(summary.category(0), summary.category(1), summary.category(2), summary.category(3)))
        .containsExactly("Total", "Java Heap", "Class", "Native Memory Tracking");
    assertThat(summary.reservedBytes()).containsExactly(1464798 * 1024.0, 262144 * 1024.0, 1048745 * 1024.0, 217 * 1024.0);
    assertThat(summary.committedBytes()).containsExactly(97878 * 1024.0, 16384 * 1024.0, 4585 * 1024.0, 217 * 1024.0);
  }

  @Test
  void nmtOffExposesNothingAndIsAskedOnlyOnce() {
    AtomicInteger asked = new AtomicInteger();
    NativeMemoryCollector collector = new NativeMemoryCollector(() -> {
      asked.incrementAndGet();
      return "Native memory tracking is not enabled\n";
    });

    assertThat(collector.collect()).isEmpty();
    assertThat(collector.collect()).isEmpty();
    assertThat(asked).hasValue(1);
    assertThat(NmtSummary.parse(null)).isNull();
  }

  @Test
  void nmtOnIsAskedOnEveryScrape() {
    AtomicInteger asked = new AtomicInteger();
    NativeMemoryCollector collector = new NativeMemoryCollector(() -> {
      asked.incrementAndGet();
      return SUMMARY;
    });

    List<String> names = collector.collect().stream().map(MetricSnapshot::name).toList();
    collector.collect();
    assertThat(names).containsExactly("jvm_native_memory_reserved_bytes", "jvm_native_memory_committed_bytes");
    assertThat(asked).hasValue(2);
    GaugeSnapshot committed = (GaugeSnapshot) collector.collect().stream().toList().get(1);
    assertThat(committed.dataPoints().get(1).labels().get("pool")).isEqualTo("Java Heap");
    assertThat(committed.dataPoints().get(1).value()).isEqualTo(16384 * 1024.0);
  }

  @Test
  void thisTestJvmRunsWithNmtSummary() {
    // The pom's argLine: if it is lost, the side-by-side test would compare no NMT families.
    assertThat(NmtSummary.parse(NmtSummary.readFromThisJvm())).isNotNull();
  }
}
