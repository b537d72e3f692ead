package io.promsdk.core.metrics;

import static io.promsdk.core.metrics.CkmsQuantilesTest.ERRORS;
import static io.promsdk.core.metrics.CkmsQuantilesTest.QUANTILES;
import static io.promsdk.core.metrics.CkmsQuantilesTest.assertWithinRankError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.metrics.CkmsQuantilesTest.Distribution;
import io.promsdk.testsupport.Draw;
import io.promsdk.testsupport.Seeded;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlidingWindowQuantilesTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong clock = new AtomicLong(123 * SECOND);

  private SlidingWindowQuantiles window(double[] quantiles, double[] errors) {
    return new SlidingWindowQuantiles(quantiles, errors, 10 * 60 * SECOND, 5, clock::get);
  }

  private static double[] snapshot(SlidingWindowQuantiles window) {
    double[] out = new double[window.quantiles().length];
    window.snapshot(out);
    return out;
  }

  @Test
  void smallCountsGiveWhatClientJavaReports() {
    SlidingWindowQuantiles window =
        window(new double[] {0.5, 0.9, 0.99}, new double[] {0.05, 0.01, 0.001});
    for (double v : new double[] {0.5, 1.5, 1.7, 2.5, 3.5, 4.5, 5.5, 2.2, 0.9, 3.3}) {
      window.observe(v);
    }
    assertThat(snapshot(window)).containsExactly(2.2, 4.5, 5.5);
  }

  @Test
  void emptyWindowAndNaNObservationsGiveNaN() {
    SlidingWindowQuantiles window = window(QUANTILES, ERRORS);
    assertThat(snapshot(window)).containsOnly(Double.NaN);
    for (int i = 0; i < 1000; i++) {
      window.observe(Double.NaN);
    }
    assertThat(snapshot(window)).containsOnly(Double.NaN);
    assertThat(window.count()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Distribution.class)
  void aMillionObservationsStayWithinRankError(Distribution distribution) {
    double[] values = distribution.generate(1_000_000, distribution.ordinal());
    SlidingWindowQuantiles window = window(QUANTILES, ERRORS);
    double[] exact = values.clone();
    Arrays.sort(exact);
    for (int i = 0; i < values.length; i++) {
      window.observe(values[i]);
      if (i == 99_999) { // a scrape part-way through, leaving a partly drained batch
        double[] first = Arrays.copyOf(values, i + 1);
        Arrays.sort(first);
        double[] estimates = snapshot(window);
        for (int q = 0; q < QUANTILES.length; q++) {
          assertWithinRankError(first, QUANTILES[q], ERRORS[q], estimates[q]);
        }
      }
    }
    double[] estimates = snapshot(window);
    for (int q = 0; q < QUANTILES.length; q++) {
      assertWithinRankError(exact, QUANTILES[q], ERRORS[q], estimates[q]);
    }
    assertThat(window.count()).isEqualTo(values.length);
  }

  @Test
  void exactTargetsReturnOrderStatisticsOfAwkwardValues() {
    // With ε = 0 every observation is kept, so this checks the radix sort on signs, zeros,
    // infinities and subnormals.
    double[] specials = {-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE,
        -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-310, -1e-310};
    double[] values = new double[5000];
    double[] gauss = Distribution.GAUSSIAN.generate(values.length, 11);
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 7 == 0 ? specials[(i / 7) % specials.length] : gauss[i];
    }
    double[] quantiles = {0, 0.001, 0.1, 0.25, 0.5, 0.75, 0.999, 1};
    SlidingWindowQuantiles window = window(quantiles, new double[quantiles.length]);
    for (double v : values) {
      window.observe(v);
    }
    double[] exact = values.clone();
    Arrays.sort(exact);
    double[] estimates = snapshot(window);
    for (int q = 0; q < quantiles.length; q++) {
      int rank = Math.max(1, (int) Math.ceil(quantiles[q] * exact.length));
      assertThat(estimates[q]).as("q=%s", quantiles[q]).isEqualTo(exact[rank - 1]);
    }
  }

  @Test
  void observationsAgeOutAfterMaxAge() {
    // 10 minutes in 5 buckets: the window slides every 2 minutes. Counts are multiples of the
    // stamp group, so no observation shares a time stamp with one made at a different time.
    SlidingWindowQuantiles window = window(new double[] {0.5}, new double[] {0.01});
    for (int i = 0; i < 160; i++) {
      window.observe(1.0);
    }
    assertThat(snapshot(window)).containsExactly(1.0);
    clock.addAndGet(5 * 60 * SECOND);
    for (int i = 0; i < 320; i++) {
      window.observe(2.0);
    }
    assertThat(snapshot(window)).containsExactly(2.0);
    assertThat(window.count()).isEqualTo(480);

    clock.addAndGet(5 * 60 * SECOND - 1); // the 1.0s are one nanosecond short of max age
    assertThat(window.count()).isEqualTo(480);
    clock.addAndGet(1);
    assertThat(window.count()).isEqualTo(320);
    assertThat(snapshot(window)).containsExactly(2.0);

    // Answers cover the last 8 to 10 minutes, depending on the phase: just before the rotation at
    // 14 minutes they reach back to 4 minutes, just after it only to 6.
    clock.addAndGet(4 * 60 * SECOND - 1);
    assertThat(window.count()).isEqualTo(320);
    clock.addAndGet(1);
    assertThat(window.count()).isZero();
    assertThat(snapshot(window)).containsOnly(Double.NaN);
  }

  @ParameterizedTest
  @ValueSource(longs = {15, 45, 400})
  void followsTheBucketSemanticsUpToOneStampGroupPerRotation(long scrapeEverySeconds) {
    // Reference model: the answer covers observations made at or after the reset of the oldest
    // bucket, i.e. the boundary (ageBuckets - 1) rotations before the latest one.
    long start = clock.get();
    long rotation = 2 * 60 * SECOND;
    SlidingWindowQuantiles window = window(new double[] {0.5}, new double[] {0.01});
    List<Long> times = new ArrayList<>();
    long nextScrape = start;
    for (long t = start; t < start + 40 * 60 * SECOND; t += 7 * SECOND) {
      clock.set(t);
      for (int i = 0; i < 3; i++) {
        window.observe(t);
        times.add(t);
      }
      if (t >= nextScrape) {
        nextScrape += scrapeEverySeconds * SECOND;
        long rotations = (t - start) / rotation;
        long windowStart = rotations < 5 ? start : start + (rotations - 4) * rotation;
        long expected = times.stream().filter(x -> x >= windowStart).count();
        long actual = window.count();
        // Never counts anything older than the window; misses at most the observations of the one
        // stamp group straddling the window's start.
        assertThat(actual).as("t=%ss", (t - start) / SECOND)
            .isBetween(expected - (QuantileBuffer.STAMP_INTERVAL - 1), expected);
      }
    }
  }

  @Test
  void undrainedObservationsOlderThanMaxAgeAreDropped() {
    SlidingWindowQuantiles window = window(new double[] {0.5}, new double[] {0.01});
    for (int i = 0; i < 10; i++) {
      window.observe(1.0);
    }
    clock.addAndGet(10 * 60 * SECOND); // nobody scraped meanwhile
    assertThat(snapshot(window)).containsOnly(Double.NaN);
    window.observe(3.0);
    assertThat(snapshot(window)).containsExactly(3.0);
  }

  @Test
  void aBurstAfterAnIdleSpellIsNotDroppedByOverdueRotations() {
    SlidingWindowQuantiles window = window(new double[] {0.5}, new double[] {0.01});
    window.observe(1.0);
    assertThat(snapshot(window)).containsExactly(1.0);
    clock.addAndGet(60 * 60 * SECOND);
    // Several full batches, drained by observers before any scrape applies the overdue rotations.
    for (int i = 0; i < 5 * SlidingWindowQuantiles.DEFAULT_BATCH_SIZE; i++) {
      window.observe(2.0);
    }
    assertThat(window.count()).isEqualTo(5L * SlidingWindowQuantiles.DEFAULT_BATCH_SIZE);
    assertThat(snapshot(window)).containsExactly(2.0);
  }

  @Test
  void aSingleAgeBucketIsATumblingWindow() {
    SlidingWindowQuantiles window =
        new SlidingWindowQuantiles(new double[] {0.5}, new double[] {0.01}, 60 * SECOND, 1, clock::get);
    window.observe(1.0);
    clock.addAndGet(59 * SECOND);
    assertThat(window.count()).isEqualTo(1);
    clock.addAndGet(SECOND);
    assertThat(window.count()).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {16, SlidingWindowQuantiles.DEFAULT_BATCH_SIZE}) // 16: observers overrun the ring
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void concurrentObserversAndScrapesLoseNothing(int batchSize) throws Exception {
    int threads = 4;
    int perThread = 250_000;
    SlidingWindowQuantiles window = new SlidingWindowQuantiles(
        QUANTILES, ERRORS, 10 * 60 * SECOND, 5, clock::get, batchSize);
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      writers.add(new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < perThread; i++) {
            window.observe(offset + (double) threads * i); // every value in [0, 1e6) exactly once
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }));
    }
    AtomicLong scrapes = new AtomicLong();
    Thread scraper = new Thread(() -> {
      double[] out = new double[QUANTILES.length];
      try {
        start.await();
        while (writing.get()) {
          window.snapshot(out);
          scrapes.incrementAndGet();
          if (!Double.isNaN(out[0])) {
            // These targets' rank ranges are disjoint, so estimates must ascend.
            for (int q = 1; q < out.length; q++) {
              assertThat(out[q]).isGreaterThanOrEqualTo(out[q - 1]);
            }
            assertThat(out[out.length - 1]).isBetween(0.0, threads * (double) perThread);
          }
        }
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
      }
    });
    runUntilWritersEnd(writers, scraper, start, writing);
    assertThat(failure.get()).isNull();
    assertThat(scrapes.get()).isPositive();

    int n = threads * perThread;
    assertThat(window.count()).isEqualTo(n);
    double[] exact = new double[n];
    Arrays.setAll(exact, i -> i);
    double[] estimates = snapshot(window);
    for (int q = 0; q < QUANTILES.length; q++) {
      assertWithinRankError(exact, QUANTILES[q], ERRORS[q], estimates[q]);
    }
  }

  /**
   * Rings replaced while observers claim in them and a scraper drains: every round starts a fresh
   * window whose ring grows from batches of 1 to 256 (four replacements) under three observers and
   * a scraper. Every observation is counted exactly once, whichever ring it was claimed in, and the
   * estimates keep their rank error. (The test above grows a ring only twice per run, in its first
   * milliseconds; its batch size 16 never grows.)
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void ringsReplacedUnderObserversAndScrapesLoseAndRepeatNothing() throws Exception {
    int threads = 3;
    int perThread = 20_000;
    int n = threads * perThread;
    double[] exact = new double[n];
    Arrays.setAll(exact, i -> i);
    for (int round = 0; round < 40; round++) {
      SlidingWindowQuantiles window = new SlidingWindowQuantiles(
          QUANTILES, ERRORS, 10 * 60 * SECOND, 5, clock::get, 1, 256);
      CountDownLatch start = new CountDownLatch(1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicBoolean writing = new AtomicBoolean(true);
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        writers.add(new Thread(() -> {
          try {
            start.await();
            for (int i = 0; i < perThread; i++) {
              window.observe(offset + (double) threads * i); // every value in [0, n) exactly once
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }));
      }
      Thread scraper = new Thread(() -> {
        double[] out = new double[QUANTILES.length];
        try {
          start.await();
          while (writing.get()) {
            window.snapshot(out);
            assertThat(window.count()).isBetween(0L, (long) n);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      runUntilWritersEnd(writers, scraper, start, writing);
      assertThat(failure.get()).as("round %d", round).isNull();
      assertThat(window.count()).as("round %d", round).isEqualTo(n);
      double[] estimates = snapshot(window);
      for (int q = 0; q < QUANTILES.length; q++) {
        assertWithinRankError(exact, QUANTILES[q], ERRORS[q], estimates[q]);
      }
    }
  }

  /** Series of one summary share a shape (quantiles and targets) and nothing else. */
  @Test
  void windowsSharingAShapeKeepTheirOwnObservations() {
    SlidingWindowQuantiles.Shape shape =
        new SlidingWindowQuantiles.Shape(new double[] {0.9, 0.5}, new double[] {0.01, 0.05});
    SlidingWindowQuantiles a = new SlidingWindowQuantiles(shape, 10 * 60 * SECOND, 5, clock::get);
    SlidingWindowQuantiles b = new SlidingWindowQuantiles(shape, 10 * 60 * SECOND, 5, clock::get);
    double[] exact = new double[200];
    for (int i = 1; i <= 100; i++) {
      a.observe(i);
      exact[i - 1] = i;
    }
    snapshot(a);
    b.observe(7);
    assertThat(snapshot(b)).containsExactly(7.0, 7.0);
    for (int i = 101; i <= 200; i++) {
      a.observe(i);
      exact[i - 1] = i;
    }
    assertThat(a.quantiles()).containsExactly(0.5, 0.9);
    assertThat(a.count()).isEqualTo(200);
    assertThat(b.count()).isEqualTo(1);
    double[] estimates = snapshot(a);
    assertWithinRankError(exact, 0.5, 0.05, estimates[0]);
    assertWithinRankError(exact, 0.9, 0.01, estimates[1]);
    assertThat(snapshot(b)).containsExactly(7.0, 7.0);
  }

  @Test
  void observeAllocatesNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    SlidingWindowQuantiles window = new SlidingWindowQuantiles(
        QUANTILES, ERRORS, 10 * 60 * SECOND, 5, System::nanoTime);
    double[] values = Distribution.EXPONENTIAL.generate(1 << 16, 1);
    int ops = 2_000_000;
    for (int i = 0; i < ops; i++) { // warm-up: JIT compilation and array growth
      window.observe(values[i & (values.length - 1)]);
    }
    long before = threads.getThreadAllocatedBytes(self);
    for (int i = 0; i < ops; i++) {
      window.observe(values[i & (values.length - 1)]);
    }
    long allocated = threads.getThreadAllocatedBytes(self) - before;
    // Measured: 0 bytes. One object per drained batch would already be ~0.03 bytes per observe.
    assertThat((double) allocated / ops).as("bytes per observe").isLessThan(0.01);
  }

  /**
   * As above with a window that slides all the time (a rotation every 120,000 observations): once
   * every age bucket has its own estimator and its arrays have grown, resets and rotations
   * allocate nothing either. The test above never slides its 10-minute window.
   */
  @Test
  void observeAllocatesNothingWhileTheWindowSlides() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    SlidingWindowQuantiles window = new SlidingWindowQuantiles(
        QUANTILES, ERRORS, 10 * 60 * SECOND, 5, clock::get);
    double[] values = Distribution.EXPONENTIAL.generate(1 << 16, 1);
    long millisecond = SECOND / 1000;
    int ops = 2_000_000; // 2,000 s of clock: over 16 rotations each, warm-up and measurement
    for (int i = 0; i < ops; i++) { // warm-up: JIT, array growth, every bucket reset at least once
      window.observe(values[i & (values.length - 1)]);
      clock.addAndGet(millisecond);
    }
    long before = threads.getThreadAllocatedBytes(self);
    for (int i = 0; i < ops; i++) {
      window.observe(values[i & (values.length - 1)]);
      clock.addAndGet(millisecond);
    }
    long allocated = threads.getThreadAllocatedBytes(self) - before;
    assertThat((double) allocated / ops).as("bytes per observe").isLessThan(0.01);
    assertThat(window.count()).as("the window holds 8 to 10 minutes of observations")
        .isBetween(480_000L, 600_000L);
  }

  @Test
  void quantilesAreReportedInAscendingOrder() {
    SlidingWindowQuantiles window =
        window(new double[] {0.99, 0.5, 0.9}, new double[] {0.001, 0.05, 0.01});
    assertThat(window.quantiles()).containsExactly(0.5, 0.9, 0.99);
    double[] exact = new double[100];
    for (int i = 1; i <= 100; i++) {
      window.observe(i);
      exact[i - 1] = i;
    }
    // A new window drains every 16 observations, so the median is one of 45..55, not always 50.
    double[] estimates = snapshot(window);
    assertWithinRankError(exact, 0.5, 0.05, estimates[0]);
    assertThat(estimates[1]).isEqualTo(90.0);
    assertThat(estimates[2]).isEqualTo(99.0);
  }

  @Test
  void rejectsInvalidArguments() {
    double[] q = {0.5};
    double[] e = {0.05};
    assertThatThrownBy(() -> new SlidingWindowQuantiles(new double[] {1.5}, e, SECOND, 5, clock::get))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("within [0, 1]");
    assertThatThrownBy(() -> new SlidingWindowQuantiles(q, new double[] {-1}, SECOND, 5, clock::get))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("error of quantile");
    assertThatThrownBy(() -> new SlidingWindowQuantiles(new double[0], new double[0], SECOND, 5,
        clock::get)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    assertThatThrownBy(() -> new SlidingWindowQuantiles(q, e, 0, 5, clock::get))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max age must be positive");
    assertThatThrownBy(() -> new SlidingWindowQuantiles(q, e, SECOND, 0, clock::get))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("age buckets");
    assertThatThrownBy(() -> new SlidingWindowQuantiles(q, e, 4, 5, clock::get))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("per age bucket");
    assertThatThrownBy(() -> new SlidingWindowQuantiles(q, e, SECOND, 5, clock::get, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
    assertThatThrownBy(() -> window(q, e).snapshot(new double[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room for 1");
  }

  @Test
  void anyBatchSizeKeepsTheRankGuarantee() {
    Seeded.check(200, random -> {
      double[] values = observations(random);
      int batchShift = Draw.between(random, 0, 10);
      int ageBuckets = Draw.between(random, 1, 4);
      anyBatchSizeKeepsTheRankGuarantee(values, batchShift, ageBuckets);
    });
  }

  private static void anyBatchSizeKeepsTheRankGuarantee(double[] values, int batchShift, int ageBuckets) {
    SlidingWindowQuantiles window = new SlidingWindowQuantiles(
        QUANTILES, ERRORS, 60 * SECOND, ageBuckets, () -> 0L, 1 << batchShift);
    for (double v : values) {
      window.observe(v);
    }
    double[] exact = values.clone();
    Arrays.sort(exact);
    double[] estimates = new double[QUANTILES.length];
    window.snapshot(estimates);
    for (int q = 0; q < QUANTILES.length; q++) {
      assertWithinRankError(exact, QUANTILES[q], ERRORS[q], estimates[q]);
    }
  }

  /**
   * The lazy paths of a window: its ring grows from small batches to large ones while observed
   * (sealing and draining the old ring), scrapes drain partial batches, and age buckets that were
   * never reset are one estimator until a rotation splits them. For random distributions at small
   * (up to 3,000) and large (20,000 to 150,000) counts, with scrapes at random points and the clock
   * moving k rotation periods at a random stamp-group boundary, the estimates stay within their
   * rank error of the exact quantiles of what the window must hold: everything while a bucket that
   * was never reset answers (k &lt; ageBuckets), else what came after the move.
   */
  @Test
  void growingRingsAndSharedBucketsKeepTheRankGuarantee() {
    Seeded.check(60, random -> {
      Distribution distribution = Draw.oneOf(random, Distribution.values());
      int n = Draw.chance(random, 0.5) ? Draw.between(random, 1, 3_000) : Draw.between(random, 20_000, 150_000);
      double[] values = distribution.generate(n, random.nextLong());
      int ageBuckets = Draw.between(random, 1, 5);
      int initialShift = Draw.between(random, 0, 4);
      int maxShift = Draw.between(random, initialShift, 9);
      int moveAt = QuantileBuffer.STAMP_INTERVAL * Draw.between(random, 0, n / QuantileBuffer.STAMP_INTERVAL);
      int periods = Draw.between(random, 0, ageBuckets + 1);
      int scrapes = Draw.between(random, 0, 5);
      String input = distribution + " n=" + n + " ageBuckets=" + ageBuckets + " batches=" + (1 << initialShift)
          + ".." + (1 << maxShift) + " clock moves " + periods + " periods at " + moveAt;

      long maxAge = 600 * SECOND;
      long period = maxAge / ageBuckets;
      AtomicLong now = new AtomicLong(0);
      SlidingWindowQuantiles window = new SlidingWindowQuantiles(
          QUANTILES, ERRORS, maxAge, ageBuckets, now::get, 1 << initialShift, 1 << maxShift);
      double[] estimates = new double[QUANTILES.length];
      for (int i = 0; i <= n; i++) {
        if (i == moveAt) { // at n: after the last observation, before the final reading
          now.addAndGet(periods * period + (periods > 0 ? period / 2 : 0));
        }
        if (i == n) {
          break;
        }
        window.observe(values[i]);
        if (scrapes > 0 && random.nextInt(n) < scrapes) {
          window.snapshot(estimates); // drains a partial batch
        }
      }
      int from = periods < ageBuckets ? 0 : moveAt;
      double[] expected = Arrays.copyOfRange(values, from, n);
      Arrays.sort(expected);
      assertThat(window.count()).as(input).isEqualTo(expected.length);
      window.snapshot(estimates);
      for (int q = 0; q < QUANTILES.length; q++) {
        if (expected.length == 0) {
          assertThat(estimates[q]).as(input).isNaN();
        } else {
          assertWithinRankError(expected, QUANTILES[q], ERRORS[q], estimates[q]);
        }
      }
    });
  }

  /**
   * 1 to 5000 values: 3 in 5 decimals in ±1e9, 1 in 5 integers in [-2, 2], 1 in 5 -0.0 or an
   * infinity.
   */
  private static double[] observations(Random random) {
    return Draw.doubles(random, 1, 5000, r -> switch (r.nextInt(5)) {
      case 0, 1, 2 -> Draw.between(r, -1e9, 1e9, 2);
      case 3 -> Draw.between(r, -2, 2);
      default -> Draw.oneOf(r, -0.0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    });
  }

  /** Starts the writers and the scraper together, waits for the writers, then stops the scraper. */
  private static void runUntilWritersEnd(List<Thread> writers, Thread scraper, CountDownLatch start,
      AtomicBoolean writing) throws InterruptedException {
    writers.forEach(Thread::start);
    scraper.start();
    start.countDown();
    for (Thread w : writers) {
      w.join();
    }
    writing.set(false);
    scraper.join();
  }
}
