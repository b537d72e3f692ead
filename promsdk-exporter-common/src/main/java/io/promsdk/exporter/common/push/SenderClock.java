package io.promsdk.exporter.common.push;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * The time a {@link PeriodicSender} runs on: when ticks are due, how long backoffs and {@code
 * Retry-After} waits last, when the close timeout ends, the timestamp of the last success. {@link
 * #system()} in production; a test passes its own, so that a scheduler test moves time forward
 * instead of sleeping on the wall clock.
 *
 * <pre>{@code
 * PeriodicSender.builder("promsdk-push-job").clock(testClock)...
 * }</pre>
 *
 * <p>Requests themselves (their connect and request timeouts) and the wait for a request in flight
 * at close run on real time: a clock cannot speed up a socket.
 */
public interface SenderClock {
  /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Milliseconds since the epoch, as {@link System#currentTimeMillis()}. */
  long currentTimeMillis();

  /**
   * Waits on {@code condition} (its lock held by the caller) for at most {@code nanos} of this
   * clock's time. May return early (signalled, or spuriously): the caller checks its own state and
   * the time again.
   */
  void await(Condition condition, long nanos) throws InterruptedException;

  /** The system's clock. */
  static SenderClock system() {
    return SystemClock.INSTANCE;
  }

  /** {@link #system()}. */
  enum SystemClock implements SenderClock {
    INSTANCE;

    @Override
    public long nanoTime() {
      return java.lang.System.nanoTime();
    }

    @Override
    public long currentTimeMillis() {
      return java.lang.System.currentTimeMillis();
    }

    @Override
    public void await(Condition condition, long nanos) throws InterruptedException {
      condition.await(nanos, TimeUnit.NANOSECONDS);
    }
  }
}
