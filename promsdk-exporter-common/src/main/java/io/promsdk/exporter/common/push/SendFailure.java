package io.promsdk.exporter.common.push;

import java.time.Duration;
import java.util.Optional;

/**
 * Implemented by a sender's own exceptions (an HTTP status, a body over the limit, ...) to tell a
 * {@link PeriodicSender} what to do about them; other exceptions are classified by {@link Retry}.
 *
 * <pre>{@code
 * public class PushException extends IOException implements SendFailure {
 *   public String reason() { return status == 429 ? "http_429" : "http_" + status / 100 + "xx"; }
 *   public boolean isRetryable() { return status >= 500 || status == 429; }
 *   public Optional<Duration> retryAfter() { return Optional.ofNullable(retryAfter); }
 * }
 * }</pre>
 */
public interface SendFailure {
  /** The {@code reason} label of the failure in the sender's metrics, e.g. {@code http_5xx}. */
  String reason();

  /** Whether sending again later may succeed (a 5xx or 429 may; a rejected body will not). */
  boolean isRetryable();

  /** The wait the peer asked for ({@code Retry-After}), if any. */
  default Optional<Duration> retryAfter() {
    return Optional.empty();
  }
}
