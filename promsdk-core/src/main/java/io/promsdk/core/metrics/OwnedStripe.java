package io.promsdk.core.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Bucket counts and sum written by one thread at a time, the owner, with a version that readers
 * check (a seqlock). {@link HotColdCounts} is one itself, its home stripe, so that a series written
 * by one thread holds no further object.
 */
class OwnedStripe {
  static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  static final VarHandle OWNER;
  /** The owner of a stripe that a reader took from its thread; nobody writes such a stripe. */
  static final Object REVOKED = new Object();

  static {
    try {
      OWNER = MethodHandles.lookup().findVarHandle(OwnedStripe.class, "owner", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * The writing thread, null while free, or {@link #REVOKED}. Writers claim a free stripe, or
   * one whose owner has ended ({@link #takeOverFromDead}), by CAS; only a reader, under its lock,
   * revokes an owner (and hands the stripe back when its reading is done) or frees the stripe of
   * a dead one.
   */
  volatile Object owner;
  /** Whom the reader revoked: to hand the stripe back to, or to free it once that thread is dead. */
  Thread revoked;
  /**
   * After the padding given to the constructor: the version (odd while an update is under way),
   * the sum's bits, the bucket counts.
   */
  final long[] data;

  /** {@code before} and {@code after}: unused longs around the data, to keep it off other lines. */
  OwnedStripe(int buckets, int before, int after) {
    if (buckets < 1) {
      throw new IllegalArgumentException("need at least one bucket");
    }
    this.data = new long[before + 2 + buckets + after];
  }

  /**
   * Makes {@code me} the owner of this stripe if its owner {@code o} (just read from
   * {@link #owner}) is a thread that has ended, so that a dead thread's stripe serves the next
   * thread that needs it without waiting for a reader to free it: with a thread, or a virtual
   * thread, per request, a series' stripes would otherwise all be held by dead threads between
   * scrapes and every other writer would fall back to the atomic counts.
   *
   * <p>Invariants: (1) only a thread that has ended is replaced, checked by {@code isAlive()},
   * after which the JLS (17.4.4) makes all its writes visible, so the new owner goes on from the
   * same totals; (2) a stripe whose version is odd (its owner died inside an update) is left to
   * the reader, which closes the update and frees it, so the version has one writer at a time;
   * (3) the owner changes by CAS from the dead thread, and the reader frees by CAS from the owner
   * it saw to REVOKED (which no writer takes over) before it touches the version, so a takeover
   * and a free cannot both happen, two writers never share the stripe, and the reader never
   * closes the version of an update that a new owner has under way.
   * Costs a field read ({@code getState()}) on the path where the stripe belongs to another
   * thread, and the native {@code isAlive()} only when that thread has ended.
   *
   * @param versionIndex where the version lies in {@link #data}
   */
  boolean takeOverFromDead(Object o, int versionIndex, Thread me) {
    return o instanceof Thread t && hasEnded(t) // first: only after it are the dead thread's writes,
        // its version's, visible
        && ((long) LONGS.getAcquire(data, versionIndex) & 1) == 0
        && OWNER.compareAndSet(this, t, me);
  }

  /**
   * Whether {@code t} has ended. {@code getState()} reads a field, so live owners cost no native
   * call; {@code isAlive()} returning false is what the JLS (17.4.4) specifies to make the dead
   * thread's writes visible, so it must be the last check.
   */
  static boolean hasEnded(Thread t) {
    return t != null && t.getState() == Thread.State.TERMINATED && !t.isAlive();
  }

  /**
   * One observation, by the owner only. Plain stores would do on x86, but opaque ones keep the
   * readers' long reads whole in Java's terms; no atomic read-modify-write, no full fence.
   */
  static void add(long[] d, int b, int bucket, double value) {
    int count = b + 2 + bucket;
    long n = d[count]; // a bad index fails here, before the version says an update is under way
    long sum = Double.doubleToRawLongBits(Double.longBitsToDouble(d[b + 1]) + value);
    // Odd while updating. Or-ing 1 rather than adding it heals a stripe that an update left odd by
    // never finishing (a StackOverflowError between the two version writes).
    long version = d[b] | 1;
    LONGS.setOpaque(d, b, version);
    VarHandle.storeStoreFence(); // a reader that sees any of the data below sees the odd version
    LONGS.setOpaque(d, count, n + 1);
    LONGS.setOpaque(d, b + 1, sum);
    LONGS.setRelease(d, b, version + 1);
  }
}
