package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writers and scrapes racing on one native histogram: every scrape's native buckets, zero bucket,
 * {@code +Inf} classic bucket and count agree, while writers move windows and coarsen the series;
 * and at the end nothing was lost or counted twice. Bounded: writers observe until the scrapes are
 * done (at most 5 million values each), the scrapes stop after 20,000 or 20 seconds.
 */
class NativeHistogramConcurrencyTest {
  private static final int WRITERS = 4;
  private static final int MIN_PER_WRITER = 100_000;
  private static final int MAX_PER_WRITER = 5_000_000;
  private static final int SCRAPES = 20_000;

  /** Writer w's i-th value: spread over 12 orders of magnitude and both signs, so windows move. */
  private static double value(int w, int i) {
    int k = (i * 7919 + w * 104729) % 10_007;
    double magnitude = Math.pow(10, (k % 1200) / 100.0 - 6);
    return switch (k % 11) {
      case 0 -> 0.0;
      case 1 -> -magnitude;
      case 2 -> Double.POSITIVE_INFINITY;
      default -> magnitude;
    };
  }

  /**
   * Classic + native keeps per-bucket classic counts in every stripe; native-only keeps none and
   * its {@code +Inf} count is added up from the native buckets by the reader.
   */
  @ParameterizedTest(name = "nativeOnly={0}")
  @ValueSource(booleans = {false, true})
  void everyScrapeAgreesWithItselfAndTheEndAgreesWithTheReference(boolean nativeOnly) throws Exception {
    Histogram.Builder builder = Histogram.builder().name("h").nativeMaxNumberOfBuckets(40);
    Histogram h = (nativeOnly ? builder.nativeOnly() : builder.buckets(1e-3, 1, 1e3)).build();
    AtomicBoolean failed = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch start = new CountDownLatch(1);
    int[] done = new int[WRITERS];
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      Thread t = new Thread(() -> {
        try {
          start.await();
          int i = 0;
          // Until the scrapes are done, or a cap that keeps the test bounded on a slow machine.
          while (i < MAX_PER_WRITER && (i < MIN_PER_WRITER || !stop.get())) {
            h.observe(value(writer, i++));
          }
          done[writer] = i;
        } catch (Throwable e) {
          failed.set(true);
          throw new RuntimeException(e);
        }
      });
      t.start();
      writers.add(t);
    }
    start.countDown();
    int scrapes = 0;
    long lastCount = 0;
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (scrapes < SCRAPES && System.nanoTime() < deadline && writers.stream().anyMatch(Thread::isAlive)) {
      NativeReadout read = NativeReadout.read(h);
      scrapes++;
      String what = "scrape " + scrapes + ": " + read;
      assertThat(read.nativeTotal()).as(what).isEqualTo(read.count());
      assertThat(read.infClassicCount()).as(what).isEqualTo(read.count());
      assertThat(read.count()).as(what).isGreaterThanOrEqualTo(lastCount);
      if (read.schema() > -4) {
        assertThat(read.positive().size() + read.negative().size()).as(what).isLessThanOrEqualTo(40);
      }
      lastCount = read.count();
    }
    stop.set(true);
    for (Thread t : writers) {
      t.join(60_000);
    }
    assertThat(failed).isFalse();
    int total = 0;
    for (int n : done) {
      total += n;
    }
    double[] all = new double[total];
    int k = 0;
    for (int w = 0; w < WRITERS; w++) {
      for (int i = 0; i < done[w]; i++) {
        all[k++] = value(w, i);
      }
    }
    NativeReadout end = NativeReadout.read(h);
    assertThat(end.count()).isEqualTo(all.length);
    assertThat(end.nativeTotal()).isEqualTo(all.length);
    assertThat(end.zeroCount()).isEqualTo(NativeReference.zeroCount(all, end.zeroThreshold()));
    assertThat(end.positive()).isEqualTo(NativeReference.buckets(all, end.schema(), end.zeroThreshold(), true));
    assertThat(end.negative()).isEqualTo(NativeReference.buckets(all, end.schema(), end.zeroThreshold(), false));
    assertThat(scrapes).as("scrapes that raced with the writers").isGreaterThan(10);
  }

  @Test
  void shortLivedThreadsLoseNothing() throws Exception {
    Histogram h = Histogram.builder().name("h").nativeOnly().build();
    for (int round = 0; round < 50; round++) {
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread thread = new Thread(() -> {
          for (int i = 0; i < 1000; i++) {
            h.observe(0.001 * (1 + i % 100));
          }
        });
        thread.start();
        threads.add(thread);
      }
      for (Thread t : threads) {
        t.join(60_000);
      }
      NativeReadout read = NativeReadout.read(h); // frees the home stripe of a thread that ended
      assertThat(read.count()).isEqualTo(4000L * (round + 1));
      assertThat(read.nativeTotal()).isEqualTo(read.count());
      NativeHistogramCounts counts = h.noLabels().nativeCounts;
      assertThat(counts.homeFree()).as("home stripe freed after round %d", round).isTrue();
      // The others reuse free extra stripes: never more than the three writers beside the home one.
      assertThat(counts.extraStripes()).as("extra stripes after round %d", round).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void theUnionOfStripesIsKeptWithinTheLimitByTheScrape() throws Exception {
    // Two threads write two stripes: the home one (first thread, kept alive) and an extra one.
    // Each holds 30 buckets at schema 5, within the limit of 40; together they hold 60.
    Histogram h = Histogram.builder().name("h").nativeOnly().nativeMaxNumberOfBuckets(40).build();
    double[] low = new double[30];
    double[] high = new double[30];
    for (int i = 0; i < 30; i++) {
      low[i] = Math.pow(2, (i + 0.5) / 32); // buckets 1..30 at schema 5
      high[i] = 4 * low[i]; // buckets 65..94
    }
    CountDownLatch homeWritten = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread home = new Thread(() -> {
      for (double v : low) {
        h.observe(v);
      }
      homeWritten.countDown();
      try {
        release.await(); // alive, so that the next thread cannot take the home stripe
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    home.start();
    homeWritten.await();
    Thread other = new Thread(() -> {
      for (double v : high) {
        h.observe(v);
      }
    });
    other.start();
    other.join(60_000);
    assertThat(h.noLabels().nativeCounts.extraStripes()).isEqualTo(1);
    double[] all = new double[60];
    System.arraycopy(low, 0, all, 0, 30);
    System.arraycopy(high, 0, all, 30, 30);
    NativeReadout read = NativeReadout.read(h);
    assertThat(read.schema()).isEqualTo(4);
    assertThat(read.positive()).hasSize(30)
        .isEqualTo(NativeReference.buckets(all, 4, read.zeroThreshold(), true));
    // The coarser layout is now the series' own: the next observation brings its stripe along.
    h.observe(1.5);
    assertThat(h.noLabels().nativeCounts.layout().schema).isEqualTo(4);
    release.countDown();
    home.join(60_000);
  }
}
