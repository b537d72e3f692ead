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
   * The writing thread, null while free, or {@link #REVOKED}. Writers only claim a free stripe by
   * CAS; only a reader, under its lock, revokes an owner (and hands the stripe back when its
   * reading is done) or frees the stripe of a dead one.
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
