package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The hot path allocates nothing: updates and the label lookup of an existing child. Measured with
 * the JVM's per-thread allocation counter after warm-up (so the JIT has removed what it can).
 */
class HotPathAllocationTest {
  private static final int OPS = 200_000;

  @Test
  void updatesAndLookupsAllocateNothing() {
    Counter plain = Counter.builder().name("plain_total").build();
    Counter one = Counter.builder().name("one_total").labelNames("a").build();
    Counter two = Counter.builder().name("two_total").labelNames("a", "b").build();
    Counter four = Counter.builder().name("four_total").labelNames("a", "b", "c", "d").build();
    Gauge gauge = Gauge.builder().name("g").labelNames("a").build();
    Histogram histogram = Histogram.builder().name("h").labelNames("a").build();
    Summary summary = Summary.builder().name("s").quantile(0.5, 0.05).quantile(0.99, 0.001).build();
    String[] values = {"x", "y", "z"};
    String[] quad = {"1", "2", "3", "4"};
    Runnable work = () -> {
      for (int i = 0; i < OPS; i++) {
        String v = values[i % 3];
        plain.inc();
        plain.inc(2.5);
        one.labelValues(v).inc();
        two.labelValues(v, "b").inc(3L);
        four.labelValues(quad).inc();
        gauge.labelValues(v).set(i);
        gauge.labelValues(v).inc(1);
        histogram.labelValues(v).observe(i * 0.001);
        summary.observe(i);
      }
    };
    // 9 calls per op; a single allocated object per call would be > 16 B/op * 1.8M calls.
    assertThat(AllocatedBytes.perCall(work, 15, 9L * OPS)).as("bytes per hot-path call").isLessThan(0.05);
  }
}
