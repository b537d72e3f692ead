package io.promsdk.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Bucket counts and sum of a histogram or summary child, updated without locks and read
 * consistently: a reading never shows a count that disagrees with the buckets or the sum.
 *
 * <p>Two halves take turns being "hot". A writer registers in a counter whose top bit names the hot
 * half, adds its value to that half's sum and then increments its bucket there. A reader flips the
 * top bit, which diverts new writers to the other half, waits until the now cold half's buckets
 * add up to the number of writers registered before the flip (so their sums are in too, as each
 * writer adds its sum first), reads it and folds it into the hot half. Writers never wait; a reader
 * waits only for writers already inside an update. (client_golang's histogram works alike; this
 * version needs three atomic operations per observation instead of four.)
 *
 * <p>When two threads collide on the registration counter, the counts spread over a few stripes,
 * each with its own counter, chosen by thread; the reading adds the stripes up. Uncontended
 * children stay at one stripe.
 */
final class HotColdCounts {
  private static final VarHandle EXTRA;
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int MAX_STRIPES;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      EXTRA = lookup.findVarHandle(HotColdCounts.class, "extra", HotColdCounts[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    int wanted = Math.max(8, Runtime.getRuntime().availableProcessors() * 2);
    MAX_STRIPES = Math.min(64, Integer.highestOneBit(wanted - 1) << 1);
  }

  // Extra stripes pad their data by a cache line on each side: they are allocated together and
  // would otherwise share lines, which is the contention striping is there to avoid.
  private static final int PAD = 8;

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
  private volatile HotColdCounts[] extra;

  HotColdCounts(int buckets) {
    this(buckets, 0);
  }

  private HotColdCounts(int buckets, int pad) {
    if (buckets < 1) {
      throw new IllegalArgumentException("need at least one bucket");
    }
    this.buckets = buckets;
    this.base = pad;
    this.data = new long[pad + 1 + 2 * buckets + 2 + pad];
  }

  /** Records one observation of {@code value} in bucket {@code bucket}. */
  void observe(int bucket, double value) {
    HotColdCounts[] more = extra;
    if (more != null) {
      more[stripeOfCurrentThread(more.length)].record(bucket, value);
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

  private static int stripeOfCurrentThread(int stripes) {
    long id = Thread.currentThread().getId();
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & (stripes - 1);
  }

  private void addStripes() {
    if (extra == null) {
      HotColdCounts[] stripes = new HotColdCounts[MAX_STRIPES];
      for (int i = 0; i < stripes.length; i++) {
        stripes[i] = new HotColdCounts(buckets, PAD);
      }
      EXTRA.compareAndSet(this, null, stripes);
    }
  }

  /**
   * Copies a consistent state: the per-bucket (not cumulative) counts into {@code bucketsOut},
   * returning the sum. The count is the total of the buckets. Allocates nothing, for scrapes.
   */
  synchronized double read(long[] bucketsOut) {
    Arrays.fill(bucketsOut, 0, buckets, 0L);
    double sum = readStripe(bucketsOut);
    HotColdCounts[] more = extra;
    if (more != null) {
      for (HotColdCounts stripe : more) {
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
}
