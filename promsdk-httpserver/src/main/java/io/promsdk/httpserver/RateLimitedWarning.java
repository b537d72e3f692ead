package io.promsdk.httpserver;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts occurrences of one kind of trouble and says when to log a warning about them: at the
 * first, then at most once a minute, with how many happened since the last warning. So a flood
 * (refused scrapes, evicted connections, failing accepts) is visible in the log without filling it.
 *
 * <pre>{@code
 * long count = refused.occurred();
 * if (count > 0) {
 *   LOG.log(Level.WARNING, "refused {0} request(s) since the last warning", count);
 * }
 * }</pre>
 *
 * <p>Thread-safe without locks. Invariants: {@code lastWarning} only moves forward, by a
 * compare-and-set, so of the threads that find a warning due exactly one logs it; that thread
 * takes away from {@code sinceWarning} exactly the count it reports, so each occurrence is
 * reported in exactly one warning (or is still pending).
 */
final class RateLimitedWarning {
  private static final long EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final LongSupplier nanoTime;
  private final AtomicLong sinceWarning = new AtomicLong();
  private final AtomicLong lastWarning;

  RateLimitedWarning() {
    this(System::nanoTime);
  }

  /** With {@code nanoTime} as the clock, for tests. */
  RateLimitedWarning(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.lastWarning = new AtomicLong(nanoTime.getAsLong() - EVERY_NANOS);
  }

  /**
   * Counts one occurrence.
   *
   * @return 0 if no warning is due; else the occurrences since the last warning, this one
   *     included, which the caller must now log
   */
  long occurred() {
    long count = sinceWarning.incrementAndGet();
    long last = lastWarning.get();
    long now = nanoTime.getAsLong();
    if (now - last >= EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
      sinceWarning.addAndGet(-count);
      return count;
    }
    return 0;
  }
}
