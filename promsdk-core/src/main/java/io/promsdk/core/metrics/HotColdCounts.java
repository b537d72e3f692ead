package io.promsdk.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Bucket counts and sum of a histogram or summary child, updated without locks and read
 * consistently: a reading never shows a count that disagrees with the buckets or the sum.
 *
 * <p>Most children are written by one thread at a time, so the first thread to observe owns this
 * object's own stripe and updates it with plain stores bracketed by a version (a seqlock): about as
 * cheap as an unsynchronized update, where any atomic read-modify-write costs ~5 ns. The owner
 * check is a volatile read on every update, so a reader can take the stripe away. A reading waits
 * for an even version that is unchanged after the counts are read; a thread updating the same
 * child in a tight loop could starve it that way, so after 64 failed tries the reader revokes the
 * stripes that keep failing. Their owners carry on elsewhere, and at most one update that had
 * already passed the owner check remains to wait for. A revoked stripe never gets another writer
 * while its old owner lives, as that owner may still be inside an update; the reading hands it
 * back to that owner when it is done.
 *
 * <p>Other threads claim a stripe of their own, chosen by thread, among a few created as needed.
 * Where a stripe is taken by a live thread, or revoked, they fall back to the atomic scheme below,
 * itself striped on contention. A writer that finds a stripe (the home one included) owned by a
 * thread that has ended takes it over by CAS ({@link OwnedStripe#takeOverFromDead}: a field read
 * on that path, the native isAlive() only for a dead owner), so with a thread per request the
 * stripes serve the next requests instead of waiting for a scrape; memory per series stays
 * bounded by design at the home stripe, {@code MAX_STRIPES} extra stripes and the fallback,
 * however many threads write it. The reader also frees stripes of dead owners (by CAS, so never
 * under a writer that took one over). JLS 17.4.4 orders a dead thread's writes before isAlive()
 * returns false, and the owner CAS orders them before the next owner's updates, which go on from
 * the same totals. A
 * reading adds up stripes and fallback, each consistent in itself, and is restarted if a stripe
 * changed while being read, as there is nowhere to keep a part reading without allocating.
 *
 * <p>The fallback: two halves take turns being "hot". A writer registers in a counter whose top bit
 * names the hot half, adds its value to that half's sum and then increments its bucket there. A
 * reader flips the top bit, which diverts new writers to the other half, waits until the now cold
 * half's buckets add up to the number of writers registered before the flip (so their sums are in
 * too, as each writer adds its sum first), reads it and folds it into the hot half. Writers never
 * wait; a reader waits only for writers already inside an update. Three atomic operations per
 * observation.
 */
final class HotColdCounts extends OwnedStripe {
  private static final VarHandle STRIPES;
  private static final VarHandle FALLBACK;
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(OwnedStripe[].class);
  private static final int MAX_STRIPES;
  private static final int FAILURES_BEFORE_REVOKING = 64;
  /** Revocations ever, in all instances: for tests, which cannot see one otherwise. */
  static final AtomicLong REVOCATIONS = new AtomicLong();

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STRIPES = lookup.findVarHandle(HotColdCounts.class, "stripes", OwnedStripe[].class);
      FALLBACK = lookup.findVarHandle(HotColdCounts.class, "fallback", AtomicCounts.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    int wanted = Math.max(8, Runtime.getRuntime().availableProcessors() * 2);
    MAX_STRIPES = Math.min(64, Integer.highestOneBit(wanted - 1) << 1);
  }

  // Extra stripes pad their data by a cache line on each side: the garbage collector may place
  // them next to each other, and sharing lines would bring back the contention they avoid.
  private static final int PAD = 8;
  // The home stripe's data is allocated right after this object, whose fields every other thread
  // reads on each update (a two-thread benchmark ran at 12 or 27 ns depending on the layout): 6
  // longs and the array header fill a line. No pad after the data: it would cost a line in every
  // series, for a neighbour that only threads of other series read.
  private static final int HOME_PAD = 6;

  /** Stripes of threads other than the home owner, created on demand, null until the first. */
  private volatile OwnedStripe[] stripes;
  private volatile AtomicCounts fallback;

  HotColdCounts(int buckets) {
    super(buckets, HOME_PAD, 0);
  }

  private int buckets() {
    return data.length - HOME_PAD - 2; // derived: a field would make every series 8 bytes larger
  }

  /** Records one observation of {@code value} in bucket {@code bucket}. */
  void observe(int bucket, double value) {
    if (owner == Thread.currentThread()) {
      add(data, HOME_PAD, bucket, value);
    } else {
      observeElsewhere(bucket, value);
    }
  }

  private void observeElsewhere(int bucket, double value) {
    Thread me = Thread.currentThread();
    Object home = owner;
    if (home == null && OWNER.compareAndSet(this, null, me) || takeOverFromDead(home, HOME_PAD, me)) {
      add(data, HOME_PAD, bucket, value);
      return;
    }
    OwnedStripe[] more = stripes;
    if (more == null) {
      more = createStripes();
    }
    int i = slot(me, more.length);
    OwnedStripe stripe = (OwnedStripe) SLOTS.getAcquire(more, i);
    if (stripe == null) {
      stripe = createStripe(more, i);
    }
    Object o = stripe.owner;
    if (o == me || o == null && OWNER.compareAndSet(stripe, null, me) || stripe.takeOverFromDead(o, PAD, me)) {
      add(stripe.data, PAD, bucket, value);
    } else {
      fallback().observe(bucket, value);
    }
  }

  private static int slot(Thread thread, int slots) {
    return (int) (mixedId(thread) >>> 40) & (slots - 1);
  }

  /**
   * The fallback's stripe: other bits than {@link #slot}'s, as the threads that get here are those
   * whose owned slot was taken, so the same bits would stack them on one fallback stripe again.
   */
  private static int fallbackSlot(Thread thread, int slots) {
    return (int) (mixedId(thread) >>> 24) & (slots - 1);
  }

  private static long mixedId(Thread thread) {
    return thread.getId() * 0x9E3779B97F4A7C15L;
  }

  private OwnedStripe[] createStripes() {
    OwnedStripe[] created = new OwnedStripe[MAX_STRIPES];
    OwnedStripe[] witness = (OwnedStripe[]) STRIPES.compareAndExchange(this, null, created);
    return witness == null ? created : witness;
  }

  private OwnedStripe createStripe(OwnedStripe[] more, int i) {
    OwnedStripe created = new OwnedStripe(buckets(), PAD, PAD);
    OwnedStripe witness = (OwnedStripe) SLOTS.compareAndExchange(more, i, null, created);
    return witness == null ? created : witness;
  }

  private AtomicCounts fallback() {
    AtomicCounts f = fallback;
    if (f == null) {
      AtomicCounts created = new AtomicCounts(buckets(), 0);
      f = (AtomicCounts) FALLBACK.compareAndExchange(this, null, created);
      if (f == null) {
        f = created;
      }
    }
    return f;
  }

  /**
   * Copies a consistent state: the per-bucket (not cumulative) counts into {@code bucketsOut},
   * returning the sum. The count is the total of the buckets. Allocates nothing, for scrapes.
   */
  synchronized double read(long[] bucketsOut) {
    forEachStripe(HotColdCounts::freeIfOwnerDead); // a method reference without captures: no allocation
    int buckets = buckets();
    double sum;
    int failures = 0;
    attempt:
    while (true) {
      Arrays.fill(bucketsOut, 0, buckets, 0L);
      sum = 0;
      OwnedStripe[] more = stripes;
      for (int i = -1, n = more == null ? 0 : more.length; i < n; i++) {
        OwnedStripe stripe = i < 0 ? this : (OwnedStripe) SLOTS.getAcquire(more, i);
        if (stripe == null) {
          continue;
        }
        long[] d = stripe.data;
        int b = stripe == this ? HOME_PAD : PAD;
        long version;
        for (int spins = 0; ((version = (long) LONGS.getAcquire(d, b)) & 1) != 0; spins++) {
          // An update is under way; if its thread was descheduled in between, give it the CPU
          // instead of spinning until the scheduler notices. A thread that died inside it never
          // finishes it: freeing its stripe closes the update.
          if (spins < 1000) {
            Thread.onSpinWait();
          } else {
            Thread.yield();
            if (spins % 1000 == 0) {
              freeIfOwnerDead(stripe, b);
            }
          }
        }
        double stripeSum = Double.longBitsToDouble((long) LONGS.getOpaque(d, b + 1));
        for (int k = 0; k < buckets; k++) {
          bucketsOut[k] += (long) LONGS.getOpaque(d, b + 2 + k);
        }
        VarHandle.loadLoadFence();
        if ((long) LONGS.getOpaque(d, b) != version) {
          if (++failures < FAILURES_BEFORE_REVOKING) {
            Thread.onSpinWait();
          } else {
            revoke(stripe);
            Thread.yield(); // to the one update that may still be under way
          }
          continue attempt;
        }
        sum += stripeSum;
      }
      break;
    }
    if (failures >= FAILURES_BEFORE_REVOKING) {
      forEachStripe(HotColdCounts::returnIfRevoked);
    }
    AtomicCounts f = fallback;
    return f == null ? sum : sum + f.addTo(bucketsOut);
  }

  private static void revoke(OwnedStripe stripe) {
    Object o = stripe.owner;
    if (o instanceof Thread t && OWNER.compareAndSet(stripe, t, REVOKED)) {
      stripe.revoked = t;
      REVOCATIONS.incrementAndGet();
    }
  }

  /**
   * Gives a revoked stripe back to its thread once the reading that needed it quiet is done:
   * nobody but that thread can write it, so it stays single-writer, and a pool thread that lives
   * as long as the application is not left on the atomic fallback for good.
   */
  private static void returnIfRevoked(OwnedStripe stripe, int versionIndex) {
    Thread t = stripe.revoked;
    if (stripe.owner == REVOKED && t != null) {
      stripe.revoked = null;
      stripe.owner = t;
    }
  }

  /** What a reading does to each stripe; {@code versionIndex}: where its version is in its data. */
  private interface StripeAction {
    void apply(OwnedStripe stripe, int versionIndex);
  }

  /** Applies {@code action} to the home stripe and every extra stripe created so far. */
  private void forEachStripe(StripeAction action) {
    action.apply(this, HOME_PAD);
    OwnedStripe[] more = stripes;
    if (more != null) {
      for (int i = 0; i < more.length; i++) {
        OwnedStripe stripe = (OwnedStripe) SLOTS.getAcquire(more, i);
        if (stripe != null) {
          action.apply(stripe, PAD);
        }
      }
    }
  }

  private static void freeIfOwnerDead(OwnedStripe stripe, int b) {
    Object o = stripe.owner;
    Thread t = o == REVOKED ? stripe.revoked : o instanceof Thread ? (Thread) o : null;
    // getState() reads a field, so live owners cost no native call; isAlive() is what the JLS
    // specifies to make the dead thread's writes visible.
    if (t != null && t.getState() == Thread.State.TERMINATED && !t.isAlive()) {
      long version = (long) LONGS.getAcquire(stripe.data, b);
      if ((version & 1) != 0) {
        // It died inside an update, which stays as far as it got: at worst one observation
        // counted without its sum or the reverse, instead of every later reading waiting.
        // Writers never take over a stripe left odd (see takeOverFromDead), so nobody else
        // writes the version here.
        LONGS.setRelease(stripe.data, b, version + 1);
      }
      stripe.revoked = null;
      // A CAS: a writer may have taken the stripe over from the dead owner meanwhile, and
      // freeing it under that writer would let a second writer in.
      OWNER.compareAndSet(stripe, o, null);
    }
  }

  /** For tests: stripes that have an owner (live, dead or revoked), the home stripe included. */
  int ownedStripes() {
    return countStripes(stripe -> stripe.owner != null);
  }

  /** For tests: stripes a reader took from a thread that still lives, the home stripe included. */
  int revokedStripes() {
    return countStripes(stripe -> stripe.owner == REVOKED);
  }

  /** For tests: stripes created, the home stripe included. */
  int createdStripes() {
    return countStripes(stripe -> true);
  }

  private int countStripes(Predicate<OwnedStripe> which) {
    int[] count = {0};
    forEachStripe((stripe, versionIndex) -> count[0] += which.test(stripe) ? 1 : 0);
    return count[0];
  }

  /** For tests: whether any observation went to the atomic fallback. */
  boolean usedFallback() {
    return fallback != null;
  }

  /** The atomic fallback, described in the outer class; read only under the outer lock. */
  private static final class AtomicCounts {
    private static final VarHandle EXTRA;

    static {
      try {
        EXTRA = MethodHandles.lookup().findVarHandle(AtomicCounts.class, "extra", AtomicCounts[].class);
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
    private volatile AtomicCounts[] extra;

    AtomicCounts(int buckets, int pad) {
      this.buckets = buckets;
      this.base = pad;
      this.data = new long[pad + 1 + 2 * buckets + 2 + pad];
    }

    void observe(int bucket, double value) {
      AtomicCounts[] more = extra;
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
        AtomicCounts[] stripes = new AtomicCounts[MAX_STRIPES];
        for (int i = 0; i < stripes.length; i++) {
          stripes[i] = new AtomicCounts(buckets, PAD);
        }
        EXTRA.compareAndSet(this, null, stripes);
      }
    }

    /** Adds a consistent state of all stripes into {@code bucketsOut}, returning the sum. */
    double addTo(long[] bucketsOut) {
      double sum = readStripe(bucketsOut);
      AtomicCounts[] more = extra;
      if (more != null) {
        for (AtomicCounts stripe : more) {
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
}
