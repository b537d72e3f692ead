package io.promsdk.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Encoding and compressing a batch again (a retry, the 415 fallback, the next batch of the same
 * size) allocates nothing per sample: the protobuf scratch, the snappy table and the request
 * buffer are reused. Measured with the JVM's per-thread allocation counter, not with time.
 */
class EncodeAllocationTest {

  @Test
  void aSteadyStateEncodeAllocatesAlmostNothing() {
    CollectorRegistry registry = new CollectorRegistry();
    Counter c = Counter.builder().name("hits_total").help("Hits.").labelNames("path").register(registry);
    for (int i = 0; i < 5000; i++) {
      c.labelValues("/items/" + i).inc(i);
    }
    List<WriteBatch> batches = new RegistryBatchReader(registry, Map.of("job", "j")).read(1L, 1, 5000);
    RequestBuffer out = new RequestBuffer(16);
    for (RemoteWriteProtocol protocol : RemoteWriteProtocol.values()) {
      for (int warmUp = 0; warmUp < 20; warmUp++) {
        batches.get(0).encodeTo(protocol, out);
      }
      long bytes = allocatedBy(() -> batches.get(0).encodeTo(protocol, out));
      System.out.printf("%s: %d bytes allocated encoding %d samples into %d bytes%n",
          protocol, bytes, batches.get(0).sampleCount(), out.length());
      assertThat(bytes).as(protocol + ": bytes allocated by one encode of 5,000 samples").isLessThan(1024);
    }
  }

  private static long allocatedBy(Runnable r) {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    r.run();
    return threads.getThreadAllocatedBytes(id) - before;
  }
}
