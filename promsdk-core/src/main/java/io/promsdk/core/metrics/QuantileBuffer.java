package io.promsdk.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * Multi-producer ring of observations awaiting the quantile estimators; the lock-free half of
 * {@link SlidingWindowQuantiles}.
 *
 * <p>Producers {@link #claim()} a sequence number, check {@link #hasRoom(long)}, then
 * {@link #publish(long, double)}. A single drainer at a time (the caller serialises drainers)
 * {@link #copy copies} a claimed range, waiting for the few producers that have claimed but not yet
 * published, and then {@link #release(long) releases} it for reuse. The ring holds two batches, so
 * producers can fill one while the other is being drained.
 *
 * <p>A ring does not grow; {@link SlidingWindowQuantiles} replaces a small one by a larger one and
 * {@link #seal() seals} the old one, after which every {@link #claim()} on it returns a negative
 * number: the producer must not publish it and claims in the new ring instead.
 */
final class QuantileBuffer {

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

  /**
   * From this batch size on, the counters sit 128 bytes apart in one array, away from other
   * objects' hot fields. Smaller rings serve series that have seen few observations, where 384
   * bytes of padding would be a large share of the series.
   */
  static final int PADDED_FROM_BATCH_SIZE = 64;

  /** Added to the claim counter by {@link #seal()}: makes every later claim negative. */
  private static final long SEALED = Long.MIN_VALUE;

  /** Every this many observations, one records the time: cheap, yet fine-grained. */
  static final int STAMP_INTERVAL = 16;

  private final int batchSize;
  private final int capacity;
  private final int mask;
  private final double[] values;
  /**
   * The low 32 bits of the sequence last published in each slot. Enough to tell a slot's current
   * sequence from the one before it (they differ by the capacity, less than 2^32), which is all a
   * drainer compares against; half the memory of a long per slot.
   */
  private final int[] published;
  /** counters[nextIndex]: next sequence to claim; counters[drainedIndex]: first one not drained. */
  private final long[] counters;
  private final int nextIndex;
  private final int drainedIndex;
  private final int stampGroup;
  private final int stampShift;
  private final long[] stamps;
  // A stamp for a first pending observation that does not start a group, e.g. right after a scrape.
  private long firstPendingSeq = -1;
  private long firstPendingNanos;

  /** @param batchSize a power of two; the ring holds twice as many observations */
  QuantileBuffer(int batchSize) {
    checkBatchSize(batchSize);
    this.batchSize = batchSize;
    this.capacity = 2 * batchSize;
    this.mask = capacity - 1;
    this.values = new double[capacity];
    this.published = new int[capacity];
    this.stampGroup = Math.min(STAMP_INTERVAL, batchSize);
    this.stampShift = Integer.numberOfTrailingZeros(stampGroup);
    this.stamps = new long[capacity / stampGroup];
    int pad = batchSize >= PADDED_FROM_BATCH_SIZE ? 16 : 1;
    this.counters = new long[3 * pad];
    this.nextIndex = pad;
    this.drainedIndex = 2 * pad;
    // No slot may look published before its first producer arrives (sequence 0 lands in slot 0).
    Arrays.fill(published, -1);
  }

  /** Throws unless {@code batchSize} is a power of two of at most 2^20. */
  static void checkBatchSize(int batchSize) {
    if (batchSize < 1 || Integer.bitCount(batchSize) != 1 || batchSize > 1 << 20) {
      throw new IllegalArgumentException("batch size must be a power of two, got " + batchSize);
    }
  }

  int capacity() {
    return capacity;
  }

  int batchSize() {
    return batchSize;
  }

  /** Reserves the next sequence number; negative once the ring is {@link #seal() sealed}. */
  long claim() {
    return (long) LONGS.getAndAdd(counters, nextIndex, 1L);
  }

  /** Sequence numbers below this have been claimed (negative once sealed). */
  long claimed() {
    return (long) LONGS.getVolatile(counters, nextIndex);
  }

  /**
   * Stops further claims: every later {@link #claim()} returns a negative number. Call once, after
   * publishing the ring that replaces this one, so that a producer turned away finds it.
   *
   * @return the number of sequences claimed before the seal, all of which will be published
   */
  long seal() {
    return (long) LONGS.getAndAdd(counters, nextIndex, SEALED);
  }

  /** Sequence numbers below this have been drained and their slots may be reused. */
  long drained() {
    return (long) LONGS.getVolatile(counters, drainedIndex);
  }

  /** Whether {@code seq}'s slot no longer holds an undrained observation. */
  boolean hasRoom(long seq) {
    return seq - drained() < capacity;
  }

  boolean endsBatch(long seq) {
    return ((seq + 1) & (batchSize - 1)) == 0;
  }

  /** Observations per time stamp: a power of two dividing the batch size. */
  int stampGroup() {
    return stampGroup;
  }

  boolean startsStampGroup(long seq) {
    return (seq & (stampGroup - 1)) == 0;
  }

  /** Records when the group starting at {@code seq} began; call before publishing {@code seq}. */
  void stamp(long seq, long nanos) {
    stamps[(int) (seq >>> stampShift) & (stamps.length - 1)] = nanos;
  }

  /**
   * When the group starting at {@code seq} began. Valid for the drainer once {@code seq} is
   * published and until it is released.
   */
  long stampAt(long seq) {
    return stamps[(int) (seq >>> stampShift) & (stamps.length - 1)];
  }

  /**
   * Records the time of {@code seq} when it is the first undrained observation; call before
   * publishing {@code seq}. Gives observations after a mid-group drain a time of their own.
   */
  void stampFirstPending(long seq, long nanos) {
    // Only the owner of seq == drained() writes, and drained() cannot pass seq before it publishes,
    // so these writes are ordered after any earlier ones by the drain/publish hand-offs.
    firstPendingNanos = nanos;
    firstPendingSeq = seq;
  }

  /**
   * A lower bound for the time of observation {@code seq} ({@code == drained()}, published), or
   * {@code fallback} if none was recorded.
   */
  long firstPendingStamp(long seq, long fallback) {
    if (startsStampGroup(seq)) {
      return stampAt(seq);
    }
    return firstPendingSeq == seq && firstPendingNanos - fallback > 0 ? firstPendingNanos : fallback;
  }

  /** Stores {@code value} at a claimed sequence that {@link #hasRoom has room}. */
  void publish(long seq, double value) {
    int slot = (int) seq & mask;
    values[slot] = value;
    // Release: the value (and a time stamp) become visible no later than the sequence number.
    INTS.setRelease(published, slot, (int) seq);
  }

  /**
   * Copies the claimed observations [from, to) into {@code dst[0..)}, spinning for producers that
   * have claimed but not published. Requires {@code from == drained()} and
   * {@code to - from <= capacity()}; the range stays reserved until {@link #release(long)}.
   *
   * @return the number of values copied
   */
  int copy(long from, long to, double[] dst) {
    int n = 0;
    for (long seq = from; seq < to; seq++) {
      int slot = (int) seq & mask;
      if ((int) INTS.getAcquire(published, slot) != (int) seq) {
        awaitPublished(slot, seq);
      }
      dst[n++] = values[slot];
    }
    return n;
  }

  private void awaitPublished(int slot, long seq) {
    // The producer is between claim() and publish(): a few instructions, unless descheduled.
    for (int spins = 0; (int) INTS.getAcquire(published, slot) != (int) seq; spins++) {
      backOff(spins);
    }
  }

  /** Hands the slots of all sequences below {@code to} back to producers. */
  void release(long to) {
    LONGS.setVolatile(counters, drainedIndex, to);
  }

  /** Busy-waits briefly, then yields, then parks for short spells. */
  static void backOff(int spins) {
    if (spins < 128) {
      Thread.onSpinWait();
    } else if (spins < 1024) {
      Thread.yield();
    } else {
      LockSupport.parkNanos(1_000L);
    }
  }
}
