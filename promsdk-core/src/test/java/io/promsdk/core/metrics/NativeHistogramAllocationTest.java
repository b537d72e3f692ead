package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Native observations allocate nothing once the windows cover the values (the JVM's per-thread
 * allocation counter after warm-up), from the home owner and from another thread, and a scrape of
 * a native series allocates nothing once its scratch space has grown.
 */
class NativeHistogramAllocationTest {
  private static final int OPS = 200_000;
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void observationsAllocateNothing() throws Exception {
    Histogram nativeOnly = Histogram.builder().name("n").nativeOnly().build();
    Histogram both = Histogram.builder().name("b").labelNames("a").build();
    Runnable work = () -> {
      for (int i = 0; i < OPS; i++) {
        double v = 0.0001 * (1 + i % 50_000); // 0.1 ms .. 5 s
        nativeOnly.observe(v);
        both.labelValues("x").observe(-v);
      }
    };
    for (int warm = 0; warm < 15; warm++) {
      work.run();
    }
    assertThat(allocatedPerCall(work)).as("home owner").isLessThan(0.05);
    // Another thread writes to extra stripes, claimed per update.
    double[] other = new double[1];
    Thread t = new Thread(() -> {
      for (int warm = 0; warm < 15; warm++) {
        work.run();
      }
      other[0] = allocatedPerCall(work);
    });
    t.start();
    t.join();
    assertThat(other[0]).as("other thread").isLessThan(0.05);
  }

  @Test
  void scrapesOfANativeSeriesAllocateNothingOnceWarm() {
    Histogram h = Histogram.builder().name("h").build();
    for (int i = 0; i < 10_000; i++) {
      h.observe(0.0001 * (1 + i));
    }
    for (int warm = 0; warm < 2000; warm++) {
      NativeReadoutCounter.count(h);
    }
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1000; i++) {
      NativeReadoutCounter.count(h);
    }
    long perScrape = (THREADS.getCurrentThreadAllocatedBytes() - before) / 1000;
    assertThat(perScrape).as("bytes per scrape of a native series").isLessThan(64);
  }

  private static double allocatedPerCall(Runnable work) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    work.run();
    return (double) (THREADS.getCurrentThreadAllocatedBytes() - before) / (2.0 * OPS);
  }

  /** A visitor that reads every native bucket without keeping anything. */
  private static final class NativeReadoutCounter implements io.promsdk.core.model.DataPointVisitor {
    private static final NativeReadoutCounter INSTANCE = new NativeReadoutCounter();
    long total;

    static void count(Histogram h) {
      try {
        h.forEachDataPoint(INSTANCE);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void dataPoint(io.promsdk.core.model.DataPointView point) {}

    @Override
    public void histogram(io.promsdk.core.model.HistogramDataPointView p) {
      for (int i = 0; i < p.nativePositiveBucketCount(); i++) {
        total += p.nativePositiveBucketValue(i) + p.nativePositiveBucketIndex(i);
      }
    }
  }
}
