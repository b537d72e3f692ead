package io.promsdk.pushgateway;

import io.promsdk.exporter.common.push.SendFailure;
import java.io.IOException;
import java.time.Duration;

/**
 * Collecting the registry for a push did not finish within the push's timeout, so the push was
 * given up before anything was sent; or an earlier collection of the same registry, given up the
 * same way, is still running, so no new one was started.
 *
 * <pre>{@code
 * try {
 *   pg.push();
 * } catch (CollectionTimeoutException e) {
 *   log.warn("a collector is hanging: {}", e.getMessage()); // names where it hangs
 * }
 * }</pre>
 *
 * <p>The message names the request, how long the collection ran and the first frame of the
 * collecting thread outside the JDK and promsdk (usually the hanging collector); the cause, when
 * present, carries that thread's whole stack. Not retried by {@link PushScheduler} (its reason
 * in {@code promsdk_push_failures_total} is {@code collect_timeout}).
 */
public class CollectionTimeoutException extends IOException implements SendFailure {
  private static final long serialVersionUID = 1L;

  private final Duration running;
  private final boolean earlierStillRunning;

  /**
   * @param running how long the abandoned collection had run when this was thrown
   * @param earlierStillRunning true if this push did not collect at all because an earlier
   *     abandoned collection still runs
   */
  public CollectionTimeoutException(String message, Duration running, boolean earlierStillRunning) {
    super(message);
    this.running = running;
    this.earlierStillRunning = earlierStillRunning;
  }

  /** How long the abandoned collection had been running when this was thrown. */
  public Duration running() {
    return running;
  }

  /**
   * True if an earlier collection, abandoned by an earlier push, was still running, so this push
   * did not start one; false if this push's own collection was abandoned.
   */
  public boolean earlierStillRunning() {
    return earlierStillRunning;
  }

  /** {@code collect_timeout}: the reason label in the scheduler's metrics. */
  @Override
  public String reason() {
    return "collect_timeout";
  }

  /** False: the abandoned collection still runs: a retry now would only be refused. */
  @Override
  public boolean isRetryable() {
    return false;
  }
}
