package io.promsdk.exporter.common.push;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The retry rules of a {@link PeriodicSender}: what is worth retrying, how long to wait, and why a
 * request failed. Public so that a sender parses {@code Retry-After} and names failures the same
 * way.
 *
 * <pre>{@code
 * Duration wait = Retry.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(""), clock);
 * }</pre>
 */
public final class Retry {
  private Retry() {}

  /**
   * Parses {@code Retry-After}: delta-seconds or an HTTP date. A date is measured from {@code
   * clock}'s wall time ({@link SenderClock#currentTimeMillis()}), the sender's own: so a test on
   * a stepping clock gets exact waits, and a sender never mixes two clocks.
   *
   * @return the wait (zero for a date in the past; millisecond precision), or null if the value
   *     is neither
   */
  public static Duration parseRetryAfter(String value, SenderClock clock) {
    String v = value.strip();
    if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
      // More than 18 digits would overflow; such a wait is "forever" anyway, and gets capped.
      return v.length() > 18 ? Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L)
          : Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      long waitMillis = at.toInstant().toEpochMilli() - clock.currentTimeMillis();
      return waitMillis <= 0 ? Duration.ZERO : Duration.ofMillis(waitMillis);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Whether a failure is worth retrying: a {@link SendFailure} says so itself; otherwise
   * connection problems and timeouts are, an interruption and any other exception are not.
   */
  public static boolean isRetryable(Throwable failure) {
    if (failure instanceof SendFailure f) {
      return f.isRetryable();
    }
    if (failure instanceof InterruptedIOException && !isTimeout(failure)) {
      return false;
    }
    return failure instanceof IOException;
  }

  /**
   * The {@code reason} label of a failure: a {@link SendFailure}'s own, else {@code timeout},
   * {@code interrupted}, {@code connect}, {@code io} or {@code error}.
   */
  public static String reason(Throwable failure) {
    if (failure instanceof SendFailure f) {
      return f.reason();
    }
    if (isTimeout(failure)) {
      return "timeout";
    }
    if (failure instanceof InterruptedIOException) {
      return "interrupted";
    }
    if (failure instanceof ConnectException) {
      return "connect";
    }
    return failure instanceof IOException ? "io" : "error";
  }

  private static boolean isTimeout(Throwable failure) {
    return failure instanceof HttpTimeoutException || failure instanceof SocketTimeoutException;
  }

  /**
   * The wait before retry number {@code attempt} (0 for the first retry): {@code initial *
   * 2^attempt}, capped at {@code max}, of which a random half is taken off ("equal jitter") so
   * that many clients failing together do not retry together.
   */
  public static long backoffNanos(int attempt, Duration initial, Duration max) {
    long base = initial.toNanos();
    long cap = max.toNanos();
    for (int i = 0; i < attempt && base < cap; i++) {
      base = base > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : base * 2;
    }
    base = Math.min(base, cap);
    long half = base / 2;
    return half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0);
  }
}
