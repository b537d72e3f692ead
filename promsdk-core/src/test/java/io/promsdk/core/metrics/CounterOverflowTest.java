package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.promsdk.testsupport.Seeded;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A counter never goes down: past the exact range of its long parts it goes on as a double. */
class CounterOverflowTest {
  private static final double TWO_TO_63 = 0x1p63;

  private static Counter counter() {
    return Counter.builder().name("big_total").build();
  }

  @Test
  void maxValueMinusOnePlusOneIsTwoToThe63() {
    Counter c = counter();
    c.inc(Long.MAX_VALUE - 1);
    c.inc(1);
    assertThat(c.get()).isEqualTo(TWO_TO_63); // the double nearest to Long.MAX_VALUE
  }

  @Test
  void maxValuePlusOneGoesOnAsADouble() {
    Counter c = counter();
    c.inc(Long.MAX_VALUE);
    c.inc(1);
    assertThat(c.get()).isEqualTo(TWO_TO_63);
    c.inc(Long.MAX_VALUE);
    assertThat(c.get()).isEqualTo(0x1p64);
  }

  @Test
  void twoToThe62TwiceAndFourTimes() {
    Counter c = counter();
    c.inc(1L << 62);
    c.inc(1L << 62);
    assertThat(c.get()).isEqualTo(TWO_TO_63);
    c.inc(1L << 62);
    c.inc(1L << 62);
    assertThat(c.get()).isEqualTo(0x1p64);
  }

  @Test
  void exactRangeEndsAtTheCapWithoutLosingIncrements() {
    Counter c = counter();
    c.inc(CappedStripes.CAP - 3);
    for (int i = 0; i < 8; i++) {
      c.inc(); // the first three fit the long part, the rest go on as doubles
    }
    assertThat(c.get()).isEqualTo((double) (CappedStripes.CAP + 5));
    c.inc(1.5);
    assertThat(c.get()).isEqualTo((double) (CappedStripes.CAP + 5) + 1.5);
  }

  @Test
  void doubleAndLongIncrementsMixedAcrossTheBoundary() {
    Counter c = counter();
    c.inc(0x1p62); // integral but past 2^53: a double increment
    c.inc(Long.MAX_VALUE / 2 + 1); // 2^62 as a long
    assertThat(c.get()).isEqualTo(TWO_TO_63);
    c.inc(0.25);
    c.inc(1e19);
    assertThat(c.get()).isEqualTo(TWO_TO_63 + 1e19);
  }

  /**
   * Random mixes of small, huge, boundary and fractional increments, long and double: each
   * reading is at least the one before and within rounding of the exact sum.
   */
  @Test
  void randomIncrementsNeverGoDownAndAddUp() {
    Seeded.check(20, random -> {
      Counter c = counter();
      BigDecimal exact = BigDecimal.ZERO;
      double previous = 0;
      for (int step = 0; step < 500; step++) {
        String what;
        switch (random.nextInt(6)) {
          case 0 -> {
            long amount = random.nextInt(1000);
            c.inc(amount);
            exact = exact.add(BigDecimal.valueOf(amount));
            what = "inc(" + amount + "L)";
          }
          case 1 -> {
            long amount = random.nextLong() & Long.MAX_VALUE; // anywhere in [0, 2^63)
            c.inc(amount);
            exact = exact.add(BigDecimal.valueOf(amount));
            what = "inc(" + amount + "L)";
          }
          case 2 -> {
            long amount = Long.MAX_VALUE - random.nextInt(3);
            c.inc(amount);
            exact = exact.add(BigDecimal.valueOf(amount));
            what = "inc(" + amount + "L)";
          }
          case 3 -> {
            long amount = CappedStripes.CAP - 2 + random.nextInt(5);
            c.inc(amount);
            exact = exact.add(BigDecimal.valueOf(amount));
            what = "inc(" + amount + "L)";
          }
          case 4 -> {
            double amount = random.nextDouble() * Math.scalb(1.0, random.nextInt(70));
            c.inc(amount);
            exact = exact.add(new BigDecimal(amount));
            what = "inc(" + amount + ")";
          }
          default -> {
            c.inc();
            exact = exact.add(BigDecimal.ONE);
            what = "inc()";
          }
        }
        double now = c.get();
        String context = "step " + step + ", after " + what;
        assertThat(now).as(context).isGreaterThanOrEqualTo(previous);
        // Each double addition rounds by at most half an ulp of the total; 500 steps stay far inside.
        assertThat(now).as(context).isCloseTo(exact.doubleValue(), within(exact.doubleValue() * 1e-12));
        previous = now;
      }
    });
  }

  @Test
  void concurrentIncrementsNearLongMaxValueNeverGoDown() throws Exception {
    Counter c = counter();
    c.inc(Long.MAX_VALUE - 1000);
    int threads = 4;
    int perThread = 20_000;
    assertNeverDecreasesWhile(c, threads, () -> {
      for (int i = 0; i < perThread; i++) {
        c.inc();
      }
    });
    BigDecimal exact = BigDecimal.valueOf(Long.MAX_VALUE - 1000).add(BigDecimal.valueOf((long) threads * perThread));
    assertThat(c.get()).isEqualTo(exact.doubleValue());
  }

  @Test
  void concurrentIncrementsAcrossTheCapLoseNothing() throws Exception {
    Counter c = counter();
    long start = CappedStripes.CAP - 50_000;
    c.inc(start);
    int threads = 4;
    int perThread = 50_000;
    assertNeverDecreasesWhile(c, threads, () -> {
      for (int i = 0; i < perThread; i++) {
        c.inc(i % 2 == 0 ? 1L : 3L); // mostly contended: whole, stripes and doubles all take some
      }
    });
    long expected = start + (long) threads * perThread * 2;
    // Around 2^56 a double is 16 apart from the next: the exact total, rounded once or twice.
    assertThat(c.get()).isCloseTo((double) expected, within(32.0));
  }

  /** Runs {@code work} on {@code threads} threads while one thread checks every reading grows. */
  private static void assertNeverDecreasesWhile(Counter c, int threads, Runnable work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      AtomicBoolean done = new AtomicBoolean();
      CountDownLatch go = new CountDownLatch(1);
      Future<List<String>> reader = pool.submit(() -> {
        List<String> problems = new ArrayList<>();
        double previous = c.get();
        go.await();
        while (!done.get() && problems.size() < 5) {
          double now = c.get();
          if (now < previous || now < 0) {
            problems.add(previous + " then " + now);
          }
          previous = now;
        }
        return problems;
      });
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        writers.add(pool.submit(() -> {
          go.await();
          work.run();
          return null;
        }));
      }
      go.countDown();
      for (Future<?> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
      done.set(true);
      assertThat(reader.get(60, TimeUnit.SECONDS)).as("readings that went down").isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void stripesRefuseWhatWouldPassTheCap() throws Exception {
    CappedStripes stripes = new CappedStripes();
    assertThat(stripes.tryAdd(CappedStripes.CAP - 1)).isTrue();
    assertThat(stripes.tryAdd(1)).isTrue();
    assertThat(stripes.tryAdd(1)).isFalse(); // this thread's cell is full
    assertThat(stripes.sum()).isEqualTo(CappedStripes.CAP);
    // Threads of their own fill their cells too; the sum stays a positive long.
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> accepted = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        accepted.add(pool.submit(() -> {
          long sum = 0;
          for (int i = 0; i < 64; i++) {
            if (stripes.tryAdd(CappedStripes.CAP / 16)) {
              sum += CappedStripes.CAP / 16;
            }
          }
          return sum;
        }));
      }
      long total = CappedStripes.CAP;
      for (Future<Long> f : accepted) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(stripes.sum()).isEqualTo(total).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }
}
