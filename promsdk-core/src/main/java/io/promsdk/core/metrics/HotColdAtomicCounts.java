package io.promsdk.core.metrics;

import static io.promsdk.core.metrics.OwnedStripe.LONGS;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The atomic fallback of {@link HotColdCounts}: bucket counts and sum that any number of threads
 * update at once, read consistently by one reader at a time (the caller serialises readers).
 *
 * <p>Two halves take turns being "hot". A writer registers in a counter whose top bit names the
 * hot half, adds its value to that half's sum and then increments its bucket there. A reader flips
 * the top bit, which diverts new writers to the other half, waits until the now cold half's
 * buckets add up to the number of writers registered before the flip, reads it and folds it into
 * the hot half. Three atomic operations per observation; on the first failed registration CAS the
 * object grows {@link HotColdCounts#MAX_STRIPES} further stripes chosen by thread.
 *
 * <p>Invariants:
 * <ol>
 *   <li>Every writer registers (one increment of the counter, in the half its top bit names) before
 *       it touches a half, and then writes only that half: its sum first, its bucket last.</li>
 *   <li>So once a reader's flip has returned n registrations in the cold half, the cold half's
 *       buckets reach exactly n when the last of those writers is done, and no later writer
 *       touches it; a cold bucket total of n means every cold sum is in too.</li>
 *   <li>Only the reader writes a cold half (to fold it into the hot half and zero it), and only
 *       after waiting for (2), so the fold races no writer.</li>
 *   <li>Writers never wait; a reader waits only for writers already inside an update.</li>
 * </ol>
 */
final class HotColdAtomicCounts {

  private static final VarHandle EXTRA;

  static {
    try {
      EXTRA = MethodHandles.lookup().findVarHandle(HotColdAtomicCounts.class, "extra", HotColdAtomicCounts[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int buckets;
  /**
   * Everything a writer touches, in one array from {@code base}: the registration counter (top
   * bit: index of the hot half; lower 63 bits: observations started, ever), both halves' bucket
   * counts (half h at {@code base + 1 + h * buckets}), then both halves' sum bits.
   */
  private final long[] data;
  private final int base;
  /** Further stripes, created on the first collision; this object stays the first stripe. */
  @SuppressWarnings("unused") // accessed through EXTRA
  private volatile HotColdAtomicCounts[] extra;

  HotColdAtomicCounts(int buckets, int pad) {
    this.buckets = buckets;
    this.base = pad;
    this.data = new long[pad + 1 + 2 * buckets + 2 + pad];
  }

  void observe(int bucket, double value) {
    HotColdAtomicCounts[] more = extra;
    if (more != null) {
      more[fallbackSlot(Thread.currentThread(), more.length)].record(bucket, value);
      return;
    }
    long n = (long) LONGS.getVolatile(data, base);
    if (!LONGS.compareAndSet(data, base, n, n + 1)) {
      n = (long) LONGS.getAndAdd(data, base, 1L);
      addStripes();
    }
    write(n, bucket, value);
  }

  private void record(int bucket, double value) {
    write((long) LONGS.getAndAdd(data, base, 1L), bucket, value);
  }

  private void write(long registration, int bucket, double value) {
    int hot = (int) (registration >>> 63);
    addSum(sumIndex(hot), value); // sum first: a reader that sees the bucket sees the sum
    LONGS.getAndAdd(data, bucketIndex(hot, bucket), 1L);
  }

  private int bucketIndex(int half, int bucket) {
    return base + 1 + half * buckets + bucket;
  }

  private int sumIndex(int half) {
    return base + 1 + 2 * buckets + half;
  }

  private void addSum(int index, double value) {
    long current = (long) LONGS.getVolatile(data, index);
    while (true) {
      long next = Double.doubleToRawLongBits(Double.longBitsToDouble(current) + value);
      long witness = (long) LONGS.compareAndExchange(data, index, current, next);
      if (witness == current) {
        return;
      }
      current = witness;
    }
  }

  private void addStripes() {
    if (extra == null) {
      HotColdAtomicCounts[] stripes = new HotColdAtomicCounts[HotColdCounts.MAX_STRIPES];
      for (int i = 0; i < stripes.length; i++) {
        stripes[i] = new HotColdAtomicCounts(buckets, HotColdCounts.PAD);
      }
      EXTRA.compareAndSet(this, null, stripes);
    }
  }

  /** Adds a consistent state of all stripes into {@code bucketsOut}, returning the sum. */
  double addTo(long[] bucketsOut) {
    double sum = readStripe(bucketsOut);
    HotColdAtomicCounts[] more = extra;
    if (more != null) {
      for (HotColdAtomicCounts stripe : more) {
        sum += stripe.readStripe(bucketsOut);
      }
    }
    return sum;
  }

  /** Adds this stripe's counts into {@code bucketsOut} and returns its sum. */
  private double readStripe(long[] bucketsOut) {
    long n = (long) LONGS.getAndAdd(data, base, Long.MIN_VALUE); // flip the hot bit
    long count = n & Long.MAX_VALUE;
    int cold = (int) (n >>> 63);
    int hot = 1 - cold;
    for (int spins = 0; coldTotal(cold) != count; spins++) {
      // A writer registered before the flip is finishing its update; if it was descheduled in
      // between, give it the CPU instead of spinning until the scheduler notices.
      if (spins < 1000) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    int coldSum = sumIndex(cold);
    double sum = Double.longBitsToDouble((long) LONGS.getVolatile(data, coldSum));
    for (int i = 0; i < buckets; i++) {
      long c = (long) LONGS.getVolatile(data, bucketIndex(cold, i));
      bucketsOut[i] += c;
      // Fold the cold half into the hot one so that the next reading, after the next flip, has it.
      LONGS.getAndAdd(data, bucketIndex(hot, i), c);
      LONGS.setVolatile(data, bucketIndex(cold, i), 0L);
    }
    addSum(sumIndex(hot), sum);
    LONGS.setVolatile(data, coldSum, 0L);
    return sum;
  }

  private long coldTotal(int cold) {
    long total = 0;
    for (int i = bucketIndex(cold, 0), end = i + buckets; i < end; i++) {
      total += (long) LONGS.getVolatile(data, i);
    }
    return total;
  }

  /**
   * The fallback's stripe: other bits of the thread hash than the owned stripes' slot, as the
   * threads that get here are those whose owned slot was taken, so the same bits would stack them
   * on one fallback stripe again.
   */
  private static int fallbackSlot(Thread thread, int slots) {
    return (int) (HotColdCounts.mixedId(thread) >>> 24) & (slots - 1);
  }
}
