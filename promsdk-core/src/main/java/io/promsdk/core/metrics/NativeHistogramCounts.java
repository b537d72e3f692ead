package io.promsdk.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Everything a native (or classic + native) histogram series counts: classic buckets, sum, zero
 * bucket and sparse native buckets, updated without locks or allocation in steady state and read
 * consistently: a reading's native buckets, zero bucket and classic buckets all add up to its
 * count, and its sum is of the same observations.
 *
 * <p>The data live in {@link NativeStripe}s, each written by one thread at a time inside a version
 * bracket (a seqlock), so that the writer may re-lay out its stripe's dense window of native
 * buckets (move it, grow it, merge pairs, widen the zero bucket, clear it for a reset) without
 * anyone else seeing half of it. Who writes a stripe:
 * <ul>
 *   <li>the home stripe belongs to the first thread that observes, for as long as it lives: its
 *       updates cost a volatile read of the owner and plain stores, as the classic histogram's;
 *   <li>any other thread claims a free extra stripe by CAS for one update and frees it after (one
 *       atomic operation), trying the next stripe when one is busy and creating stripes on demand,
 *       up to {@link #MAX_STRIPES}. It waits only when all of them are busy, i.e. when that many
 *       writers are inside an update at once.
 * </ul>
 *
 * <p>The series-wide {@link NativeLayout} (schema, zero threshold, reset period) is one volatile
 * reference. A writer that must coarsen its stripe publishes the coarser layout by CAS first, then
 * brings its stripe to it; every other writer brings its stripe along at its next update. So
 * within a period, the series layout is always at least as coarse as every stripe's, and a reader
 * that reads the layout after the stripes can map every stripe onto it exactly (merging pairs is
 * exact, and a zero threshold is only ever the upper bound of a bucket). A reset publishes a new
 * period: stripes of an older one count as empty, and their writers clear them at their next update.
 *
 * <p>Readers are serialized by this object's lock. They read the home stripe between two equal
 * even versions, retrying on change; after {@value #FAILURES_BEFORE_REVOKING} failures (its owner
 * updating in a tight loop) the reader revokes it: the owner then writes elsewhere, at most one
 * update that had already passed the owner check remains, and the reader hands the stripe back when
 * done. Extra stripes are read by claiming them like a writer, so no writer is inside. A home owner
 * that died is found by the reader (as in {@link HotColdCounts}) and its stripe freed for the next
 * thread, which goes on from the same totals.
 */
final class NativeHistogramCounts {
  static final int MAX_STRIPES;
  private static final int FAILURES_BEFORE_REVOKING = 64;
  /** The owner of a stripe that a reader holds, or revoked from its thread. */
  private static final Object READER = new Object();
  private static final VarHandle LAYOUT;
  private static final VarHandle EXTRA;
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(NativeStripe[].class);

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      LAYOUT = lookup.findVarHandle(NativeHistogramCounts.class, "layout", NativeLayout.class);
      EXTRA = lookup.findVarHandle(NativeHistogramCounts.class, "extra", NativeStripe[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    int wanted = Math.max(8, Runtime.getRuntime().availableProcessors() * 2);
    MAX_STRIPES = Math.min(64, Integer.highestOneBit(wanted - 1) << 1);
  }

  final NativeSettings settings;
  private final int classicBuckets;
  private volatile NativeLayout layout;
  private final NativeStripe home;
  /** Extra stripes, created on demand; null until the first. */
  private volatile NativeStripe[] extra;

  NativeHistogramCounts(int classicBuckets, NativeSettings settings) {
    this.settings = settings;
    this.classicBuckets = classicBuckets;
    this.layout = settings.initialLayout(0);
    this.home = new NativeStripe(classicBuckets, layout);
  }

  /** Records {@code value} (not NaN), which is in classic bucket {@code classicBucket}. */
  void observe(int classicBucket, double value) {
    NativeStripe h = home;
    if (h.owner == Thread.currentThread()) {
      h.record(classicBucket, value, layout, this);
    } else {
      observeElsewhere(classicBucket, value);
    }
  }

  private void observeElsewhere(int classicBucket, double value) {
    Thread me = Thread.currentThread();
    NativeStripe h = home;
    if (h.owner == null && NativeStripe.OWNER.compareAndSet(h, null, me)) {
      h.record(classicBucket, value, layout, this);
      return;
    }
    NativeStripe[] more = extra;
    if (more == null) {
      NativeStripe[] created = new NativeStripe[MAX_STRIPES];
      more = (NativeStripe[]) EXTRA.compareAndExchange(this, null, created);
      if (more == null) {
        more = created;
      }
    }
    int start = (int) ((me.getId() * 0x9E3779B97F4A7C15L) >>> 40);
    for (int spins = 0; ; spins++) {
      // Free stripes that exist first, so that threads coming and going reuse them; a new stripe
      // only when all are busy.
      NativeStripe free = claimExisting(more, start, me);
      if (free == null) {
        free = claimNew(more, start, me);
      }
      if (free != null) {
        try {
          free.record(classicBucket, value, layout, this);
        } finally {
          NativeStripe.OWNER.setRelease(free, null);
        }
        return;
      }
      // Every stripe has a writer inside an update: one of them was descheduled mid-update.
      if (spins < 100) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
  }

  private static NativeStripe claimExisting(NativeStripe[] more, int start, Thread me) {
    for (int i = 0; i < more.length; i++) {
      NativeStripe stripe = (NativeStripe) SLOTS.getAcquire(more, (start + i) & (more.length - 1));
      if (stripe != null && stripe.owner == null && NativeStripe.OWNER.compareAndSet(stripe, null, me)) {
        return stripe;
      }
    }
    return null;
  }

  private NativeStripe claimNew(NativeStripe[] more, int start, Thread me) {
    for (int i = 0; i < more.length; i++) {
      int slot = (start + i) & (more.length - 1);
      if (SLOTS.getAcquire(more, slot) == null) {
        NativeStripe created = new NativeStripe(classicBuckets, layout);
        created.owner = me; // claimed before anyone can see it
        if (SLOTS.compareAndSet(more, slot, null, created)) {
          return created;
        }
      }
    }
    return null;
  }

  /**
   * Makes {@code to} (coarser than {@code from}) the series layout, or a layout at least as coarse
   * as both if another writer coarsened it meanwhile, and returns the layout the caller's stripe is
   * to follow. If a reset overtook the caller, its stripe holds the old period's data and simply
   * follows {@code to}; its writer clears it at its next update.
   */
  NativeLayout publish(NativeLayout from, NativeLayout to) {
    NativeLayout current = layout;
    while (true) {
      if (current.period != to.period) {
        return to;
      }
      NativeLayout merged = current.schema <= to.schema && current.zeroThreshold >= to.zeroThreshold
          ? current
          : new NativeLayout(Math.min(current.schema, to.schema),
              Math.max(current.zeroThreshold, to.zeroThreshold), current.period, current.createdMillis);
      if (merged == current) {
        return current;
      }
      NativeLayout witness = (NativeLayout) LAYOUT.compareAndExchange(this, current, merged);
      if (witness == current) {
        return merged;
      }
      current = witness;
    }
  }

  NativeLayout layout() {
    return layout;
  }

  /**
   * Reads a consistent state into {@code out}: classic per-bucket counts (not cumulative), sum,
   * native buckets at the series layout, reduced further if their union passes the bucket limit.
   * Then starts a new reset period if one is due. Allocates nothing once {@code out} has grown.
   */
  synchronized void read(NativeReading out) {
    out.begin(classicBuckets);
    freeIfOwnerDead(home);
    readHome(out);
    NativeStripe[] more = extra;
    if (more != null) {
      for (int i = 0; i < more.length; i++) {
        NativeStripe stripe = (NativeStripe) SLOTS.getAcquire(more, i);
        if (stripe != null) {
          readClaimed(stripe, out);
        }
      }
    }
    NativeLayout target = layout; // after the stripes: at least as coarse as each of this period
    out.merge(target);
    NativeLayout limited = out.limit(settings, target);
    if (limited != target) {
      publish(target, limited);
    }
    if (settings.resetDue(target)) {
      // After the reading: this scrape still shows the period that ends.
      LAYOUT.compareAndSet(this, target, settings.initialLayout(target.period + 1));
    }
  }

  private void readHome(NativeReading out) {
    NativeStripe h = home;
    int failures = 0;
    while (true) {
      long version;
      for (int spins = 0; ((version = h.versionAcquire()) & 1) != 0; spins++) {
        // An update is under way; if its thread was descheduled, give it the CPU.
        if (spins < 1000) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
          if (spins % 1000 == 0) {
            freeIfOwnerDead(h);
          }
        }
      }
      out.copy(h);
      VarHandle.loadLoadFence();
      if (h.versionOpaque() == version) {
        out.accept();
        break;
      }
      if (++failures == FAILURES_BEFORE_REVOKING) {
        Object o = h.owner;
        if (o instanceof Thread t && NativeStripe.OWNER.compareAndSet(h, t, READER)) {
          h.revoked = t;
        }
      }
      Thread.onSpinWait();
    }
    if (h.owner == READER && h.revoked != null) {
      Thread t = h.revoked;
      h.revoked = null;
      h.owner = t; // back to its thread: the only one that may still be inside an update
    }
  }

  private static void readClaimed(NativeStripe stripe, NativeReading out) {
    for (int spins = 0; !(stripe.owner == null && NativeStripe.OWNER.compareAndSet(stripe, null, READER)); spins++) {
      if (spins < 1000) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    try {
      out.copy(stripe);
      out.accept();
    } finally {
      NativeStripe.OWNER.setRelease(stripe, null);
    }
  }

  private static void freeIfOwnerDead(NativeStripe stripe) {
    Object o = stripe.owner;
    Thread t = o == READER ? stripe.revoked : o instanceof Thread ? (Thread) o : null;
    if (OwnedStripe.hasEnded(t)) {
      stripe.healVersion();
      stripe.revoked = null;
      stripe.owner = null;
    }
  }

  /** For tests: whether the home stripe is free (its owner ended and a reading noticed). */
  boolean homeFree() {
    return home.owner == null;
  }

  /** For tests: extra stripes created. */
  int extraStripes() {
    NativeStripe[] more = extra;
    int n = 0;
    if (more != null) {
      for (int i = 0; i < more.length; i++) {
        n += SLOTS.getAcquire(more, i) != null ? 1 : 0;
      }
    }
    return n;
  }
}
