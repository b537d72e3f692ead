package io.promsdk.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Bucket counts, count and sum of a histogram or summary child, updated without locks and read
 * consistently: a reading never shows a count that disagrees with the buckets or the sum.
 *
 * <p>Two cells take turns being "hot". Writers register in a single counter whose top bit names the
 * hot cell, then update that cell and mark their observation complete. A reader flips the top bit,
 * which diverts new writers to the other cell, waits only for the few writers still in flight on
 * the now cold cell, reads it, and folds it into the hot cell. Writers never wait; readers wait only
 * for writers already inside an update. (The same idea as client_golang's histogram, written afresh.)
 */
final class HotColdCounts {
  private static final VarHandle COUNT_AND_HOT;
  private static final VarHandle SUM_BITS;
  private static final VarHandle COMPLETED;
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      COUNT_AND_HOT = lookup.findVarHandle(HotColdCounts.class, "countAndHot", long.class);
      SUM_BITS = lookup.findVarHandle(Cell.class, "sumBits", long.class);
      COMPLETED = lookup.findVarHandle(Cell.class, "completed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static final class Cell {
    final long[] buckets;
    volatile long sumBits;
    volatile long completed;

    Cell(int buckets) {
      this.buckets = new long[buckets];
    }
  }

  /** Top bit: index of the hot cell. Lower 63 bits: observations started, ever. */
  @SuppressWarnings("unused") // accessed through COUNT_AND_HOT
  private volatile long countAndHot;

  private final Cell[] cells;

  HotColdCounts(int buckets) {
    cells = new Cell[] {new Cell(buckets), new Cell(buckets)};
  }

  /** Records one observation of {@code value} in bucket {@code bucket} (ignored when negative). */
  void observe(int bucket, double value) {
    long n = (long) COUNT_AND_HOT.getAndAdd(this, 1L);
    Cell hot = cells[(int) (n >>> 63)];
    if (bucket >= 0) {
      LONGS.getAndAdd(hot.buckets, bucket, 1L);
    }
    addSum(hot, value);
    COMPLETED.getAndAdd(hot, 1L);
  }

  private static void addSum(Cell cell, double value) {
    long current = (long) SUM_BITS.getVolatile(cell);
    while (true) {
      long next = Double.doubleToRawLongBits(Double.longBitsToDouble(current) + value);
      long witness = (long) SUM_BITS.compareAndExchange(cell, current, next);
      if (witness == current) {
        return;
      }
      current = witness;
    }
  }

  /**
   * Copies a consistent state: the per-bucket (not cumulative) counts into {@code bucketsOut} and
   * returns the sum; the count is {@link Reading#count}.
   */
  synchronized Reading read(long[] bucketsOut) {
    long n = (long) COUNT_AND_HOT.getAndAdd(this, Long.MIN_VALUE); // flip the hot bit
    long count = n & Long.MAX_VALUE;
    Cell cold = cells[(int) (n >>> 63)];
    Cell hot = cells[(int) (~n >>> 63)];
    for (int spins = 0; (long) COMPLETED.getVolatile(cold) != count; spins++) {
      // A writer registered before the flip is finishing its update; if it was descheduled in
      // between, give it the CPU instead of burning a core until the scheduler notices.
      if (spins < 1000) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    double sum = Double.longBitsToDouble((long) SUM_BITS.getVolatile(cold));
    for (int i = 0; i < cold.buckets.length; i++) {
      long c = (long) LONGS.getVolatile(cold.buckets, i);
      bucketsOut[i] = c;
      // Fold the cold cell into the hot one so the next reading, after the next flip, sees it all.
      LONGS.getAndAdd(hot.buckets, i, c);
      LONGS.setVolatile(cold.buckets, i, 0L);
    }
    addSum(hot, sum);
    SUM_BITS.setVolatile(cold, 0L);
    COMPLETED.getAndAdd(hot, count);
    COMPLETED.setVolatile(cold, 0L);
    return new Reading(count, sum);
  }

  /** Count and sum of one consistent reading. */
  record Reading(long count, double sum) {}
}
