package io.promsdk.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Non-negative long counts striped over cells chosen by thread, for a counter series that threads
 * contend on. Like a {@code LongAdder}, but an add that would take its cell past {@link #CAP} is
 * refused (the caller counts it as a double instead), so that no cell wraps around and the sum of
 * all cells plus one more value capped the same way fits in a long.
 *
 * <p>Invariants: every cell only grows and never exceeds {@link #CAP}; there are at most
 * {@value #MAX_CELLS} cells; so {@link #sum()} is at most {@code MAX_CELLS * CAP} and, with one more
 * part of at most {@code CAP}, at most {@code (MAX_CELLS + 1) * CAP < 2^63}: never negative. A cell
 * is changed only by a CAS whose new value was checked against the cap, so concurrent adds cannot
 * take it past the cap together either.
 */
final class CappedStripes {
  /**
   * The most a cell, or a counter's own uncontended field, holds exactly: 2^56, far past the 2^53
   * up to which the double a counter is exposed as can tell integers apart, so capping loses no
   * visible precision.
   */
  static final long CAP = 1L << 56;
  static final int MAX_CELLS = 64;
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  // One cache line per cell, so that threads on different cells do not share a line.
  private static final int SPACING = 8;
  private static final int CELLS;

  static {
    int wanted = Math.max(8, Runtime.getRuntime().availableProcessors() * 2);
    CELLS = Math.min(MAX_CELLS, Integer.highestOneBit(wanted - 1) << 1);
    if ((MAX_CELLS + 1) * (CAP >> 8) > Long.MAX_VALUE >> 8) {
      throw new AssertionError("the cap lets a sum of cells wrap around"); // keeps the invariant honest
    }
  }

  // Cell i at (i + 1) * SPACING: the first line stays empty, away from the array header.
  private final long[] cells = new long[(CELLS + 1) * SPACING];

  /** Adds {@code amount} (0 to {@link #CAP}) unless that would take the cell past the cap. */
  boolean tryAdd(long amount) {
    // Fibonacci hashing of the thread id: consecutive ids, as a pool's threads have, land apart.
    int i = (int) ((Thread.currentThread().getId() * 0x9E3779B97F4A7C15L) >>> 40) & (CELLS - 1);
    int index = (i + 1) * SPACING;
    long current = (long) LONGS.getVolatile(cells, index);
    while (true) {
      if (amount > CAP - current) {
        return false;
      }
      long witness = (long) LONGS.compareAndExchange(cells, index, current, current + amount);
      if (witness == current) {
        return true;
      }
      // Another thread hashes to this cell: try the next one rather than fight over this one.
      i = (i + 1) & (CELLS - 1);
      index = (i + 1) * SPACING;
      current = (long) LONGS.getVolatile(cells, index);
    }
  }

  /** The total of all cells; cannot overflow (see the class invariants). */
  long sum() {
    long sum = 0;
    for (int i = 1; i <= CELLS; i++) {
      sum += (long) LONGS.getVolatile(cells, i * SPACING);
    }
    return sum;
  }
}
