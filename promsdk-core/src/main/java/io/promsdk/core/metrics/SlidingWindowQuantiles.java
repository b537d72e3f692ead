package io.promsdk.core.metrics;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The quantile engine behind {@code Summary}: targeted quantiles over a sliding time window.
 *
 * <p>The window (max age) is split into age buckets, as in client_golang and client_java: every
 * observation goes into each bucket's {@link CkmsQuantiles}, every maxAge/ageBuckets the oldest
 * bucket is reset and becomes the newest, and the oldest bucket answers queries. An answer therefore
 * covers between (ageBuckets-1)/ageBuckets·maxAge and maxAge of history and never includes an
 * observation older than maxAge. Observations are timed per group of 16 (one clock read each), so
 * at a rotation at most 15 observations made just after it may be counted as made before it and
 * leave the window one bucket early.
 *
 * <p>{@link #observe(double)} is lock-free and allocation-free: it appends to a {@link
 * QuantileBuffer}. The observer that completes a batch drains it under a lock that only drainers and
 * {@link #snapshot(double[]) snapshots} take, and only with {@code tryLock}, so observers never
 * block on one another; a busy lock leaves the batch to the next drainer or the next snapshot. A
 * drain copies the batch out (freeing the ring), radix-sorts it and merges it into every bucket.
 * Only an observer that finds the ring full (both batches still undrained) waits, helping to drain.
 */
final class SlidingWindowQuantiles {

  /**
   * Observations per drain. Larger amortises merging better; each unit costs 64 bytes (two ring
   * slots with their sequence numbers, two sort slots), so 512 takes 32 KiB per instance.
   */
  static final int DEFAULT_BATCH_SIZE = 512;

  private final double[] quantiles;
  private final CkmsQuantiles[] buckets;
  private final long rotationNanos;
  private final LongSupplier nanoClock;
  private final QuantileBuffer buffer;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock.
  private final double[] sortBuffer;
  private final double[] sortSpare;
  private final int[] radixCounts = new int[256];
  private final long[] groupStamps;
  private int oldest;
  private long nextRotationNanos;
  /** No observation from drained() on is older than this, when drained() is inside a group. */
  private long drainedMidGroupNanos;

  /**
   * @param quantiles the quantiles to estimate, each in [0, 1], distinct, in any order
   * @param errors the allowed rank error of each quantile, each in [0, 1]
   * @param maxAgeNanos how long an observation counts, &gt; 0
   * @param ageBuckets how many steps the window slides in, &ge; 1
   * @param nanoClock a monotonic clock, such as {@code System::nanoTime}
   */
  SlidingWindowQuantiles(double[] quantiles, double[] errors, long maxAgeNanos, int ageBuckets,
      LongSupplier nanoClock) {
    this(quantiles, errors, maxAgeNanos, ageBuckets, nanoClock, DEFAULT_BATCH_SIZE);
  }

  /** As above with a given batch size (a power of two); small sizes stress the ring in tests. */
  SlidingWindowQuantiles(double[] quantiles, double[] errors, long maxAgeNanos, int ageBuckets,
      LongSupplier nanoClock, int batchSize) {
    Objects.requireNonNull(quantiles, "quantiles");
    Objects.requireNonNull(errors, "errors");
    Objects.requireNonNull(nanoClock, "nanoClock");
    CkmsQuantiles.validate(quantiles, errors);
    if (maxAgeNanos <= 0) {
      throw new IllegalArgumentException("max age must be positive, got " + maxAgeNanos + "ns");
    }
    if (ageBuckets < 1) {
      throw new IllegalArgumentException("age buckets must be at least 1, got " + ageBuckets);
    }
    if (maxAgeNanos < ageBuckets) {
      throw new IllegalArgumentException("max age (" + maxAgeNanos + "ns) must be at least one"
          + " nanosecond per age bucket (" + ageBuckets + ")");
    }
    Integer[] order = new Integer[quantiles.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(quantiles[a], quantiles[b]));
    this.quantiles = new double[quantiles.length];
    double[] sortedErrors = new double[quantiles.length];
    for (int i = 0; i < order.length; i++) {
      this.quantiles[i] = quantiles[order[i]];
      sortedErrors[i] = errors[order[i]];
    }
    this.buckets = new CkmsQuantiles[ageBuckets];
    for (int i = 0; i < ageBuckets; i++) {
      buckets[i] = new CkmsQuantiles(this.quantiles, sortedErrors);
    }
    this.rotationNanos = maxAgeNanos / ageBuckets;
    this.nanoClock = nanoClock;
    this.buffer = new QuantileBuffer(batchSize);
    this.sortBuffer = new double[buffer.capacity()];
    this.sortSpare = new double[buffer.capacity()];
    this.groupStamps = new long[buffer.capacity() / buffer.stampGroup() + 1];
    this.nextRotationNanos = nanoClock.getAsLong() + rotationNanos;
  }

  /** The configured quantiles in ascending order, the order {@link #snapshot} fills. */
  double[] quantiles() {
    return quantiles.clone();
  }

  /** Records an observation; NaN is ignored. Lock-free and allocation-free. */
  void observe(double value) {
    if (value != value) {
      return;
    }
    final QuantileBuffer buf = buffer;
    final long seq = buf.claim();
    try {
      long drained = buf.drained();
      if (seq - drained >= buf.capacity()) {
        awaitRoom(seq);
        drained = buf.drained();
      }
      if (buf.startsStampGroup(seq)) {
        buf.stamp(seq, nanoClock.getAsLong());
      } else if (seq == drained) {
        buf.stampFirstPending(seq, nanoClock.getAsLong());
      }
    } finally {
      // Even if the clock throws: an unpublished claim would stall every later drain.
      buf.publish(seq, value);
    }
    if (buf.endsBatch(seq) && lock.tryLock()) {
      try {
        drainTo(seq + 1);
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Fills {@code out[i]} with the estimate of the i-th of {@link #quantiles()}, NaN if the window
   * is empty. Includes every observation whose {@code observe} returned before this call, unless
   * it has aged out.
   */
  void snapshot(double[] out) {
    if (out.length < quantiles.length) {
      throw new IllegalArgumentException("need room for " + quantiles.length
          + " quantiles, got " + out.length);
    }
    lock.lock();
    try {
      CkmsQuantiles window = catchUp();
      for (int i = 0; i < quantiles.length; i++) {
        out[i] = window.get(quantiles[i]);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Observations in the current window (test and diagnostics hook). */
  long count() {
    lock.lock();
    try {
      return catchUp().count();
    } finally {
      lock.unlock();
    }
  }

  /** Samples the answering bucket keeps (test and diagnostics hook). */
  int sampleCount() {
    lock.lock();
    try {
      return catchUp().sampleCount();
    } finally {
      lock.unlock();
    }
  }

  /** Drains everything claimed so far, slides the window to now and returns the answering bucket. */
  private CkmsQuantiles catchUp() {
    // Read the clock first: whatever is claimed after this is younger than now.
    long now = nanoClock.getAsLong();
    long target = buffer.claimed();
    for (long from = buffer.drained(); from < target; from = buffer.drained()) {
      drainTo(Math.min(target, from + buffer.capacity()));
    }
    if (!buffer.startsStampGroup(target) && now - drainedMidGroupNanos > 0) {
      drainedMidGroupNanos = now;
    }
    rotateTo(now);
    return buckets[oldest];
  }

  /** Called by an observer whose slot still holds an undrained observation. */
  private void awaitRoom(long seq) {
    final QuantileBuffer buf = buffer;
    for (int spins = 0; !buf.hasRoom(seq); spins++) {
      if (lock.tryLock()) {
        try {
          long from = buf.drained();
          if (seq - from >= buf.capacity()) {
            // Everything below seq is claimed, and those owners have room, so they will publish.
            drainTo(from + buf.capacity());
          }
        } finally {
          lock.unlock();
        }
      } else {
        QuantileBuffer.backOff(spins);
      }
    }
  }

  /**
   * Moves [drained, end) from the ring into every bucket. Lock held; end - drained ≤ capacity.
   *
   * <p>Each group of {@link QuantileBuffer#stampGroup()} observations carries the time of its first
   * one. Where a group began after a pending rotation, the preceding observations are inserted first
   * and the window slides before the rest go in, so only the at most one group that straddles a
   * rotation is placed on the wrong side of it — the older side, which shortens those observations'
   * lifetime and never extends it past max age.
   */
  private void drainTo(long end) {
    final QuantileBuffer buf = buffer;
    final long from = buf.drained();
    if (end <= from) {
      return;
    }
    final int n = buf.copy(from, end, sortBuffer);
    final int group = buf.stampGroup();
    final long firstNanos = buf.firstPendingStamp(from, drainedMidGroupNanos);
    // Stamps of the groups starting inside (from, end); read before release() lets them be reused.
    final long firstGroup = (from & -group) + group;
    int groups = 0;
    for (long seq = firstGroup; seq < end; seq += group) {
      groupStamps[groups++] = buf.stampAt(seq);
    }
    if (!buf.startsStampGroup(end)) {
      // The rest of end's group was claimed after the latest group start (or first item) seen here.
      drainedMidGroupNanos = groups > 0 ? groupStamps[groups - 1] : firstNanos;
    }
    buf.release(end);

    rotateTo(firstNanos);
    int segmentStart = 0;
    for (int k = 0; k < groups; k++) {
      long stamp = groupStamps[k];
      if (stamp - nextRotationNanos >= 0) {
        int segmentEnd = (int) (firstGroup - from) + k * group;
        insert(segmentStart, segmentEnd);
        rotateTo(stamp);
        segmentStart = segmentEnd;
      }
    }
    insert(segmentStart, n);
  }

  /** Sorts sortBuffer[from..to) and adds it to every bucket. */
  private void insert(int from, int to) {
    if (from == to) {
      return;
    }
    double[] sorted = sort(from, to);
    for (CkmsQuantiles bucket : buckets) {
      bucket.insertSorted(sorted, from, to);
    }
  }

  private void rotateTo(long nowNanos) {
    long overdue = nowNanos - nextRotationNanos;
    if (overdue < 0) {
      return;
    }
    long steps = overdue / rotationNanos + 1;
    int n = buckets.length;
    for (long k = Math.min(steps, n); k > 0; k--) {
      buckets[oldest].reset();
      oldest = oldest + 1 == n ? 0 : oldest + 1;
    }
    oldest = (int) ((oldest + Math.max(0, steps - n) % n) % n);
    nextRotationNanos += steps * rotationNanos;
  }

  /**
   * Sorts {@code sortBuffer[from..to)} (no NaN) ascending and returns the array holding the result
   * in that range. LSD radix sort on the order-preserving bit pattern: linear time, and unlike
   * {@code Arrays.sort(double[])}, which allocates run buffers for partly ordered input, it never
   * allocates.
   */
  private double[] sort(int from, int to) {
    double[] src = sortBuffer;
    if (to - from <= 32) {
      for (int i = from + 1; i < to; i++) {
        double x = src[i];
        int j = i - 1;
        while (j >= from && src[j] > x) {
          src[j + 1] = src[j];
          j--;
        }
        src[j + 1] = x;
      }
      return src;
    }
    double[] dst = sortSpare;
    int[] counts = radixCounts;
    for (int shift = 0; shift < 64; shift += 8) {
      Arrays.fill(counts, 0);
      for (int i = from; i < to; i++) {
        counts[(int) (sortKey(src[i]) >>> shift) & 0xFF]++;
      }
      if (counts[(int) (sortKey(src[from]) >>> shift) & 0xFF] == to - from) {
        continue; // all share this digit
      }
      for (int d = 0, sum = from; d < 256; d++) {
        int c = counts[d];
        counts[d] = sum;
        sum += c;
      }
      for (int i = from; i < to; i++) {
        double x = src[i];
        dst[counts[(int) (sortKey(x) >>> shift) & 0xFF]++] = x;
      }
      double[] t = src;
      src = dst;
      dst = t;
    }
    return src;
  }

  /** Maps a double to a long whose unsigned order is the numeric order (-0.0 before 0.0). */
  private static long sortKey(double x) {
    long bits = Double.doubleToRawLongBits(x);
    return bits ^ ((bits >> 63) | Long.MIN_VALUE);
  }
}
