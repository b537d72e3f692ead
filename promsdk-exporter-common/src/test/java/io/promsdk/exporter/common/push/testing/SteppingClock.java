package io.promsdk.exporter.common.push.testing;

import io.promsdk.exporter.common.push.SenderClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;

/**
 * A {@link SenderClock} for tests: its time moves only when the sender waits, or when the test
 * {@link #advance}s it. A wait whose end is at or before the <em>horizon</em> jumps straight
 * there, so backoffs, {@code Retry-After} waits and ticks take no real time and their lengths are
 * exact; a wait that would end past the horizon blocks (re-checking every few milliseconds of real
 * time, and returning at once when signalled, e.g. by {@code close()}) until the test moves the
 * horizon. A scheduler test thus sees a fixed number of ticks, however loaded the machine.
 *
 * <pre>{@code
 * SteppingClock clock = new SteppingClock(Duration.ofSeconds(4)); // ticks every 5 s: only the first runs
 * sender = PeriodicSender.builder("test").clock(clock)...start();
 * }</pre>
 */
public final class SteppingClock implements SenderClock {
  /** An arbitrary start, far from 0 so that no code can mistake it for "unset". */
  private static final long START_NANOS = TimeUnit.DAYS.toNanos(1);
  private static final long START_EPOCH_MILLIS = 1_700_000_000_000L;

  private final AtomicLong now = new AtomicLong(START_NANOS);
  private volatile long horizonNanos;

  /** A clock whose waits jump ahead until {@code horizon} past its start. */
  public SteppingClock(Duration horizon) {
    this.horizonNanos = START_NANOS + horizon.toNanos();
  }

  /** Lets waits jump up to {@code horizon} past the clock's start. */
  public void setHorizon(Duration horizon) {
    this.horizonNanos = START_NANOS + horizon.toNanos();
  }

  /** Moves the time forward by {@code d}, as a request taking that long would. */
  public void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  /** The time since the clock's start. */
  public Duration elapsed() {
    return Duration.ofNanos(now.get() - START_NANOS);
  }

  /**
   * An HTTP date ({@code Retry-After}, RFC 1123) {@code fromNow} after this clock's wall time;
   * whole seconds, as the clock starts on one.
   */
  public String httpDate(Duration fromNow) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(
        Instant.ofEpochMilli(currentTimeMillis() + fromNow.toMillis()).atOffset(ZoneOffset.UTC));
  }

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public long currentTimeMillis() {
    return START_EPOCH_MILLIS + TimeUnit.NANOSECONDS.toMillis(now.get() - START_NANOS);
  }

  @Override
  public void await(Condition condition, long nanos) throws InterruptedException {
    long until = now.get() + nanos;
    if (until - horizonNanos <= 0) {
      now.accumulateAndGet(until, Math::max);
      return;
    }
    condition.await(5, TimeUnit.MILLISECONDS);
  }
}
