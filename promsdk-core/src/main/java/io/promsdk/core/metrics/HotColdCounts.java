package io.promsdk.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

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
 * <p>Other threads claim a stripe of their own, chosen by thread hash among at most
 * {@link #MAX_STRIPES} created as needed (so memory per series is bounded by design, however many
 * threads come and go). Where the stripe is taken by a live thread, or revoked, they use the atomic
 * fallback, {@link HotColdAtomicCounts} (three atomic operations per observation, striped on
 * contention). A writer that finds a stripe (the home one included) owned by a thread that has
 * ended takes it over ({@link OwnedStripe#takeOverFromDead}), so with a thread per request the
 * stripes serve the next requests instead of waiting for a scrape.
 *
 * <p>The three mechanisms live in their own classes: the single-writer seqlock stripe and its
 * takeover from a dead thread in {@link OwnedStripe}, the reader's revoking, handing back and
 * freeing in {@link StripeRevocation}, the atomic fallback in {@link HotColdAtomicCounts}; this
 * class routes each observation to one of them and reads them together.
 *
 * <p>Invariants of the owned stripes as this class combines them:
 * <ol>
 *   <li>One writer per stripe: its owner field names it, and it only changes by CAS, from null or
 *       from a thread that has ended (writers), from a live owner to REVOKED (the reader), from
 *       REVOKED back to that owner, or, to free the stripe of a thread that has ended, from that
 *       dead owner to REVOKED and then from REVOKED to null (the reader, under its lock: the
 *       version is closed in between, when no writer can hold the stripe).</li>
 *   <li>A revoked stripe gets no other writer while its old owner lives, as that owner may still be
 *       inside an update; at most that one update is left for a reader to wait for.</li>
 *   <li>A new owner goes on from the previous owner's totals: JLS 17.4.4 orders a dead thread's
 *       writes before isAlive() returns false, and the owner CAS orders them before its updates.</li>
 *   <li>A stripe left with an odd version (its owner died inside an update) is closed and freed by
 *       the reader only, so the version has one writer at a time.</li>
 *   <li>A reading adds up stripes and fallback, each consistent in itself (an even version unchanged
 *       across the read), and restarts if a stripe changed while being read, as there is nowhere to
 *       keep a partial reading without allocating.</li>
 * </ol>
 */
final class HotColdCounts extends OwnedStripe {
  private static final VarHandle STRIPES;
  private static final VarHandle FALLBACK;
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(OwnedStripe[].class);
  /** Extra stripes per series, and stripes of the fallback: twice the cores, 8 to 64. */
  static final int MAX_STRIPES;
  private static final int FAILURES_BEFORE_REVOKING = 64;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STRIPES = lookup.findVarHandle(HotColdCounts.class, "stripes", OwnedStripe[].class);
      FALLBACK = lookup.findVarHandle(HotColdCounts.class, "fallback", HotColdAtomicCounts.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    int wanted = Math.max(8, Runtime.getRuntime().availableProcessors() * 2);
    MAX_STRIPES = Math.min(64, Integer.highestOneBit(wanted - 1) << 1);
  }

  // Extra stripes pad their data by a cache line on each side: the garbage collector may place
  // them next to each other, and sharing lines would bring back the contention they avoid.
  static final int PAD = 8;
  // The home stripe's data is allocated right after this object, whose fields every other thread
  // reads on each update (a two-thread benchmark ran at 12 or 27 ns depending on the layout): 6
  // longs and the array header fill a line. No pad after the data: it would cost a line in every
  // series, for a neighbour that only threads of other series read.
  private static final int HOME_PAD = 6;

  /** Stripes of threads other than the home owner, created on demand, null until the first. */
  volatile OwnedStripe[] stripes;
  volatile HotColdAtomicCounts fallback;

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
    OwnedStripe[] more = stripes;
    int i = more == null ? 0 : slot(me, more.length);
    OwnedStripe stripe = more == null ? null : (OwnedStripe) SLOTS.getAcquire(more, i);
    if (stripe != null && stripe.owner == me) {
      // The steady state of a further writer: no look at the home owner's Thread, whose state
      // field changes each time that thread blocks or parks.
      add(stripe.data, PAD, bucket, value);
      return;
    }
    Object home = owner;
    if (home == null && OWNER.compareAndSet(this, null, me) || takeOverFromDead(home, HOME_PAD, me)) {
      add(data, HOME_PAD, bucket, value);
      return;
    }
    if (more == null) {
      more = createStripes();
      i = slot(me, more.length);
      stripe = (OwnedStripe) SLOTS.getAcquire(more, i);
    }
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

  /** Fibonacci hashing of the thread id: consecutive ids, as a pool's threads have, land apart. */
  static long mixedId(Thread thread) {
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

  private HotColdAtomicCounts fallback() {
    HotColdAtomicCounts f = fallback;
    if (f == null) {
      HotColdAtomicCounts created = new HotColdAtomicCounts(buckets(), 0);
      f = (HotColdAtomicCounts) FALLBACK.compareAndExchange(this, null, created);
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
    forEachStripe(StripeRevocation::freeIfOwnerDead); // a method reference without captures: no allocation
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
              StripeRevocation.freeIfOwnerDead(stripe, b);
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
            StripeRevocation.revoke(stripe);
            Thread.yield(); // to the one update that may still be under way
          }
          continue attempt;
        }
        sum += stripeSum;
      }
      break;
    }
    if (failures >= FAILURES_BEFORE_REVOKING) {
      forEachStripe(StripeRevocation::returnIfRevoked);
    }
    HotColdAtomicCounts f = fallback;
    return f == null ? sum : sum + f.addTo(bucketsOut);
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
}
