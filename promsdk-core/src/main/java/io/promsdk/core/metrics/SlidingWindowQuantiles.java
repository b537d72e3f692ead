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
 * drain copies the batch out (freeing the ring), sorts it and merges it into every bucket.
 * Only an observer that finds the ring full (both batches still undrained) waits, helping to drain.
 *
 * <p><b>Memory grows with use.</b> A new window holds a ring of {@value #INITIAL_BATCH_SIZE}-observation
 * batches and empty estimators; everything is sized to what has been observed. Once a ring has
 * drained {@value #GROWTH_PERIOD} of its batches, the drainer (under the lock) replaces it by one with
 * batches four times as large, up to the configured batch size:
 * <ol>
 *   <li>it allocates the larger ring and publishes it in the volatile {@code buffer} field;</li>
 *   <li>then {@link QuantileBuffer#seal() seals} the old ring, which returns how many sequences were
 *       claimed in it; an observer whose claim comes after the seal gets a negative sequence, never
 *       publishes it, and re-reads {@code buffer}, which by then holds the new ring;</li>
 *   <li>then drains the old ring up to that count (the same wait for claimed-but-unpublished slots
 *       as any drain) before it releases the lock.</li>
 * </ol>
 * Invariants: only a lock holder replaces the ring, so no drain ever sees a ring that is not the
 * current one with pending observations in an older ring; every observation claimed in an old
 * ring is drained before any of the new ring's (all of which were claimed after the seal), so the
 * time order of drains is kept; and an observer never waits for a growth, except as it would wait
 * for a full ring. Growth allocates only while the series warms up: batches of 64 after 1,024
 * observations, of 128 after 4,096 more (5,120 in all).
 *
 * <p>Age buckets that have never been reset have seen the same observations, so they are one
 * estimator until the window first slides past them: a new series holds one set of samples, not
 * {@code ageBuckets}. A bucket that leaves that group at its first reset gets an estimator of its
 * own (allocated at most {@code ageBuckets} times, in the first max age of the series).
 */
final class SlidingWindowQuantiles {

  /**
   * Observations per drain once the series is warm. Larger amortises merging and sorting better;
   * each unit costs 40 bytes (two ring slots of a value and a 32-bit sequence, two sort slots), so
   * 128 takes 5 KiB per series, which keeps a steady-state series below client_java's.
   */
  static final int DEFAULT_BATCH_SIZE = 128;

  /** Batch size of a new window: its ring and sort buffers take about 0.5 KB. */
  static final int INITIAL_BATCH_SIZE = 16;

  /** A ring that has drained this many of its batches is replaced by one with 4× larger batches. */
  static final int GROWTH_PERIOD = 64;

  private final double[] quantiles;
  private final CkmsQuantiles[] buckets;
  private final long rotationNanos;
  private final LongSupplier nanoClock;
  private final int maxBatchSize;
  /** The ring observers claim in; replaced only under the lock (see the class comment). */
  private volatile QuantileBuffer buffer;
  private final ReentrantLock lock = new ReentrantLock();

  // Guarded by lock. Sized to a batch of the current ring; the sort's spare only once a batch needs it.
  private double[] sortBuffer;
  private double[] sortSpare;
  private long[] groupStamps;
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
    this(quantiles, errors, maxAgeNanos, ageBuckets, nanoClock,
        Math.min(INITIAL_BATCH_SIZE, batchSize), batchSize);
  }

  /**
   * As above, starting with batches of {@code initialBatchSize} that grow to {@code batchSize}
   * (both powers of two).
   */
  SlidingWindowQuantiles(double[] quantiles, double[] errors, long maxAgeNanos, int ageBuckets,
      LongSupplier nanoClock, int initialBatchSize, int batchSize) {
    this(new Shape(quantiles, errors), maxAgeNanos, ageBuckets, nanoClock, initialBatchSize, batchSize);
  }

  /**
   * A window for {@code shape}, with the default batch sizes. The shape is immutable: all series of
   * a summary share one, so that a series holds no copy of the quantiles and their slopes.
   */
  SlidingWindowQuantiles(Shape shape, long maxAgeNanos, int ageBuckets, LongSupplier nanoClock) {
    this(shape, maxAgeNanos, ageBuckets, nanoClock, INITIAL_BATCH_SIZE, DEFAULT_BATCH_SIZE);
  }

  private SlidingWindowQuantiles(Shape shape, long maxAgeNanos, int ageBuckets,
      LongSupplier nanoClock, int initialBatchSize, int batchSize) {
    Objects.requireNonNull(nanoClock, "nanoClock");
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
    this.quantiles = shape.quantiles; // shared, never written
    // All buckets start as one (never reset); drains hold the lock, so later ones share its spare.
    CkmsQuantiles neverReset = new CkmsQuantiles(shape.targets);
    this.buckets = new CkmsQuantiles[ageBuckets];
    Arrays.fill(buckets, neverReset);
    this.rotationNanos = maxAgeNanos / ageBuckets;
    this.nanoClock = nanoClock;
    QuantileBuffer.checkBatchSize(batchSize);
    if (initialBatchSize > batchSize) {
      throw new IllegalArgumentException("initial batch size " + initialBatchSize
          + " exceeds the batch size " + batchSize);
    }
    this.maxBatchSize = batchSize;
    QuantileBuffer first = new QuantileBuffer(initialBatchSize);
    fitScratchTo(first);
    this.buffer = first;
    this.nextRotationNanos = nanoClock.getAsLong() + rotationNanos;
  }

  /**
   * What the windows of one summary have in common: the quantiles in ascending order and their
   * estimators' targets. Immutable, so one serves every series.
   */
  static final class Shape {
    final double[] quantiles;
    final CkmsQuantiles.Targets targets;

    /**
     * @param quantiles the quantiles to estimate, each in [0, 1], distinct, in any order
     * @param errors the allowed rank error of each quantile, each in [0, 1]
     */
    Shape(double[] quantiles, double[] errors) {
      Objects.requireNonNull(quantiles, "quantiles");
      Objects.requireNonNull(errors, "errors");
      CkmsQuantiles.validate(quantiles, errors);
      Integer[] order = new Integer[quantiles.length];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, (a, b) -> Double.compare(quantiles[a], quantiles[b]));
      this.quantiles = new double[quantiles.length];
      double[] sortedErrors = new double[quantiles.length];
      for (int i = 0; i < order.length; i++) {
        this.quantiles[i] = quantiles[order[i]];
        sortedErrors[i] = errors[order[i]];
      }
      this.targets = new CkmsQuantiles.Targets(this.quantiles, sortedErrors);
    }
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
    QuantileBuffer buf = buffer;
    long seq = buf.claim();
    while (seq < 0) { // sealed: a drainer has just put a larger ring in its place
      buf = buffer;
      seq = buf.claim();
    }
    try {
      long drained = buf.drained();
      if (seq - drained >= buf.capacity()) {
        awaitRoom(buf, seq);
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
        drainAll(buf, seq + 1);
        if (buf.batchSize() < maxBatchSize && buf == buffer
            && buf.drained() >= (long) GROWTH_PERIOD * buf.batchSize()) {
          grow(buf);
        }
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

  /** Drains everything claimed so far, slides the window to now and returns the answering bucket. */
  private CkmsQuantiles catchUp() {
    // Read the clock first: whatever is claimed after this is younger than now.
    long now = nanoClock.getAsLong();
    QuantileBuffer buf = buffer; // stays current: only lock holders replace it
    long target = buf.claimed();
    drainAll(buf, target);
    if (!buf.startsStampGroup(target) && now - drainedMidGroupNanos > 0) {
      drainedMidGroupNanos = now;
    }
    rotateTo(now);
    return buckets[oldest];
  }

  /** Drains {@code buf} up to {@code target} (claimed), a batch at a time. Lock held. */
  private void drainAll(QuantileBuffer buf, long target) {
    for (long from = buf.drained(); from < target; from = buf.drained()) {
      drainTo(buf, Math.min(target, from + buf.batchSize()));
    }
  }

  /**
   * Replaces the current ring {@code old} by one with 4× larger batches (see the class comment for
   * the order of steps and why it loses nothing). Lock held.
   */
  private void grow(QuantileBuffer old) {
    QuantileBuffer larger = new QuantileBuffer(Math.min(maxBatchSize, 4 * old.batchSize()));
    fitScratchTo(larger);
    buffer = larger;
    drainAll(old, old.seal());
  }

  /**
   * Sizes the drain's scratch arrays for a batch of {@code ring}; they only grow. Lock held (or
   * constructing).
   */
  private void fitScratchTo(QuantileBuffer ring) {
    if (sortBuffer == null || sortBuffer.length < ring.batchSize()) {
      sortBuffer = new double[ring.batchSize()];
      groupStamps = new long[ring.batchSize() / ring.stampGroup() + 1];
    }
  }

  /** Called by an observer whose slot in {@code buf} still holds an undrained observation. */
  private void awaitRoom(QuantileBuffer buf, long seq) {
    for (int spins = 0; !buf.hasRoom(seq); spins++) {
      if (lock.tryLock()) {
        try {
          long from = buf.drained();
          if (seq - from >= buf.capacity()) {
            // Everything below seq is claimed, and those owners have room, so they will publish.
            drainTo(buf, from + buf.batchSize());
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
   * Moves [drained, end) from the ring into every bucket. Lock held; end - drained ≤ batch size.
   *
   * <p>Each group of {@link QuantileBuffer#stampGroup()} observations carries the time of its first
   * one. Where a group began after a pending rotation, the preceding observations are inserted first
   * and the window slides before the rest go in, so only the at most one group that straddles a
   * rotation is placed on the wrong side of it — the older side, which shortens those observations'
   * lifetime and never extends it past max age.
   */
  private void drainTo(QuantileBuffer buf, long end) {
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
    for (int k = 0; k < buckets.length; k++) {
      if (!sharedWithEarlier(k)) { // buckets never reset are one estimator: insert once
        buckets[k].insertSorted(sorted, from, to);
      }
    }
  }

  /** Whether bucket k is the same estimator as a bucket before it (both never reset). */
  private boolean sharedWithEarlier(int k) {
    for (int j = 0; j < k; j++) {
      if (buckets[j] == buckets[k]) {
        return true;
      }
    }
    return false;
  }

  /** Empties the oldest bucket; one still shared with others (never reset) gets its own estimator. */
  private void resetOldest() {
    CkmsQuantiles bucket = buckets[oldest];
    for (int j = 0; j < buckets.length; j++) {
      if (j != oldest && buckets[j] == bucket) {
        buckets[oldest] = bucket.sibling();
        return;
      }
    }
    bucket.reset();
  }

  private void rotateTo(long nowNanos) {
    long overdue = nowNanos - nextRotationNanos;
    if (overdue < 0) {
      return;
    }
    long steps = overdue / rotationNanos + 1;
    int n = buckets.length;
    for (long k = Math.min(steps, n); k > 0; k--) {
      resetOldest();
      oldest = oldest + 1 == n ? 0 : oldest + 1;
    }
    oldest = (int) ((oldest + Math.max(0, steps - n) % n) % n);
    nextRotationNanos += steps * rotationNanos;
  }

  /** Runs of this many are insertion-sorted before they are merged. */
  private static final int SORT_RUN = 16;

  /**
   * Sorts {@code sortBuffer[from..to)} (no NaN) ascending and returns the array holding the result
   * in that range. Bottom-up merge sort over insertion-sorted runs of {@value #SORT_RUN}, merging
   * back and forth between the sort buffer and a spare of the same size: unlike
   * {@code Arrays.sort(double[])}, which allocates run buffers for partly ordered input, it never
   * allocates, and unlike a radix sort it has no per-batch cost for clearing digit counts, which
   * dominated at batches of 128. -0.0 and 0.0 compare equal, as they do in the estimator.
   */
  private double[] sort(int from, int to) {
    double[] src = sortBuffer;
    for (int runStart = from; runStart < to; runStart += SORT_RUN) {
      insertionSort(src, runStart, Math.min(to, runStart + SORT_RUN));
    }
    if (to - from <= SORT_RUN) {
      return src;
    }
    if (sortSpare == null || sortSpare.length < src.length) { // first long batch of a ring
      sortSpare = new double[src.length];
    }
    double[] dst = sortSpare;
    for (int width = SORT_RUN; width < to - from; width *= 2) {
      for (int left = from; left < to; left += 2 * width) {
        int mid = Math.min(to, left + width);
        int right = Math.min(to, left + 2 * width);
        int i = left;
        int j = mid;
        int k = left;
        while (i < mid && j < right) {
          dst[k++] = src[j] < src[i] ? src[j++] : src[i++]; // ties take the left: stable
        }
        System.arraycopy(src, i, dst, k, mid - i);
        System.arraycopy(src, j, dst, k + (mid - i), right - j);
      }
      double[] t = src;
      src = dst;
      dst = t;
    }
    return src;
  }

  private static void insertionSort(double[] a, int from, int to) {
    for (int i = from + 1; i < to; i++) {
      double x = a[i];
      int j = i - 1;
      while (j >= from && a[j] > x) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = x;
    }
  }

}
