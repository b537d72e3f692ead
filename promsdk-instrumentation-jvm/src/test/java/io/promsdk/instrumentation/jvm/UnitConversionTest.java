package io.promsdk.instrumentation.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.SummarySnapshot;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JMX and /proc units (milliseconds, kB) come out as Prometheus base units (seconds, bytes). */
class UnitConversionTest {

  @Test
  void gcMillisecondsBecomeSeconds() {
    GarbageCollectorMXBean bean = (GarbageCollectorMXBean) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {GarbageCollectorMXBean.class},
        (proxy, method, args) -> switch (method.getName()) {
          case "getName" -> "G1 Young Generation";
          case "getCollectionCount" -> 3L;
          case "getCollectionTime" -> 1500L;
          default -> throw new UnsupportedOperationException(method.getName());
        });

    SummarySnapshot gc = (SummarySnapshot) new GarbageCollectorCollector(List.of(bean)).collect()
        .stream().toList().get(0);

    assertThat(gc.dataPoints().get(0).count()).isEqualTo(3);
    assertThat(gc.dataPoints().get(0).sum()).isEqualTo(1.5);
  }

  @Test
  void procStatusKilobytesBecomeBytes(@TempDir Path dir) throws IOException {
    Path status = dir.resolve("status");
    Files.writeString(status, "VmSize:\t 77 kB\nVmRSS:\t 66 kB\n");

    List<? extends MetricSnapshot<?>> families = new ProcessCollector(ProcessReadings.NONE, 1_500L, status)
        .collect().stream().toList();

    assertThat(families).extracting(MetricSnapshot::name).containsExactly(
        "process_start_time_seconds", "process_virtual_memory_bytes", "process_resident_memory_bytes");
    assertThat(((GaugeSnapshot) families.get(0)).dataPoints().get(0).value()).isEqualTo(1.5);
    assertThat(((GaugeSnapshot) families.get(1)).dataPoints().get(0).value()).isEqualTo(77 * 1024.0);
    assertThat(((GaugeSnapshot) families.get(2)).dataPoints().get(0).value()).isEqualTo(66 * 1024.0);
  }
}
