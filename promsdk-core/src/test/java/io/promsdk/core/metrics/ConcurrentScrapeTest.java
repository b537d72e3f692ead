package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.model.ClassicBuckets;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.SummarySnapshot.SummaryDataPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Writers race scrapes; every scrape must be internally consistent. Each reading must have count ==
 * +Inf bucket and a sum that belongs to exactly the counted observations.
 */
class ConcurrentScrapeTest {
  private static final int WRITERS = 3;
  private static final int PER_WRITER = 300_000;

  @Test
  void histogramScrapesAreConsistentWhileWritersRace() throws Exception {
    // Values spread over every bucket, each exactly representable, so a consistent reading has
    // sum == 0.25*n0 + 0.75*n1 + 1.5*n2 + 3*n3 exactly, where nK is the count in bucket K.
    double[] values = {0.25, 0.75, 1.5, 3};
    Histogram h = Histogram.builder().name("race").labelNames("k").buckets(0.5, 1, 2).build();
    Histogram.Child child = h.labelValues("a");
    AtomicLong scrapes = new AtomicLong();
    long[] lastCount = {0};
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    ThreadLocal<int[]> position = ThreadLocal.withInitial(() -> new int[] {next.getAndIncrement()});
    race(() -> {
      int[] pos = position.get();
      child.observe(values[pos[0]++ & 3]);
    }, () -> {
      HistogramDataPoint p = h.snapshot().dataPoints().get(0);
      ClassicBuckets b = p.buckets();
      assertThat(p.count()).isEqualTo(b.cumulativeCount(b.size() - 1));
      double expectedSum = 0;
      long previous = 0;
      for (int i = 0; i < b.size(); i++) {
        expectedSum += values[i] * (b.cumulativeCount(i) - previous);
        previous = b.cumulativeCount(i);
      }
      assertThat(p.sum()).isEqualTo(expectedSum);
      assertThat(p.count()).isGreaterThanOrEqualTo(lastCount[0]); // never goes back
      lastCount[0] = p.count();
      scrapes.incrementAndGet();
    });
    HistogramDataPoint last = h.snapshot().dataPoints().get(0);
    assertThat(last.count()).isEqualTo((long) WRITERS * PER_WRITER);
    for (int i = 0; i < 4; i++) {
      long inBucket = last.buckets().cumulativeCount(i) - (i == 0 ? 0 : last.buckets().cumulativeCount(i - 1));
      assertThat(inBucket).isEqualTo((long) WRITERS * PER_WRITER / 4);
    }
    assertThat(scrapes.get()).isGreaterThan(10);
  }

  @Test
  void summaryScrapesAreConsistentWhileWritersRace() throws Exception {
    Summary s = Summary.builder().name("race").quantile(0.5, 0.05).quantile(0.99, 0.001).build();
    AtomicLong scrapes = new AtomicLong();
    race(() -> s.observe(1.0), () -> {
      SummaryDataPoint p = s.snapshot().dataPoints().get(0);
      assertThat(p.sum()).isEqualTo((double) p.count());
      if (p.count() > 0) {
        assertThat(p.quantiles().value(0)).isEqualTo(1.0);
        assertThat(p.quantiles().value(1)).isEqualTo(1.0);
      }
      scrapes.incrementAndGet();
    });
    SummaryDataPoint last = s.snapshot().dataPoints().get(0);
    assertThat(last.count()).isEqualTo((long) WRITERS * PER_WRITER);
    assertThat(last.sum()).isEqualTo((double) WRITERS * PER_WRITER);
    assertThat(scrapes.get()).isGreaterThan(10);
  }

  private static void race(Runnable write, Runnable scrape) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
    try {
      CountDownLatch start = new CountDownLatch(1);
      AtomicBoolean writing = new AtomicBoolean(true);
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < WRITERS; t++) {
        writers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < PER_WRITER; i++) {
            write.run();
          }
          return null;
        }));
      }
      Future<?> scraper = pool.submit(() -> {
        start.await();
        while (writing.get()) {
          scrape.run();
        }
        scrape.run();
        return null;
      });
      start.countDown();
      for (Future<?> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
      writing.set(false);
      scraper.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }
}
