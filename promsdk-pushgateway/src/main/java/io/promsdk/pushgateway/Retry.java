package io.promsdk.pushgateway;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/** The scheduler's retry rules: what is worth retrying, how long to wait, and why it failed. */
final class Retry {
  private Retry() {}

  /**
   * Parses {@code Retry-After}: delta-seconds or an HTTP date.
   *
   * @return the wait (zero for a date in the past), or null if the value is neither
   */
  static Duration parseRetryAfter(String value) {
    String v = value.strip();
    if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
      // More than 18 digits would overflow; such a wait is "forever" anyway, and gets capped.
      return v.length() > 18 ? Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L)
          : Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
      return wait.isNegative() ? Duration.ZERO : wait;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Connection problems, timeouts, 5xx and 429 are retried; other answers and errors not. */
  static boolean isRetryable(Throwable failure) {
    if (failure instanceof PushException e) {
      return e.isRetryable();
    }
    if (failure instanceof PushBodyTooLargeException) {
      return false;
    }
    if (failure instanceof CollectionTimeoutException) {
      // The abandoned collection still runs: a retry now would only be refused.
      return false;
    }
    if (failure instanceof InterruptedIOException && !(failure instanceof HttpTimeoutException)
        && !(failure instanceof java.net.SocketTimeoutException)) {
      return false;
    }
    return failure instanceof IOException;
  }

  /** The {@code reason} label of a failure in {@code promsdk_push_failures_total}. */
  static String reason(Throwable failure) {
    if (failure instanceof PushException e) {
      int status = e.statusCode();
      return status == 429 ? "http_429" : "http_" + (status / 100) + "xx";
    }
    if (failure instanceof PushBodyTooLargeException) {
      return "body_too_large";
    }
    if (failure instanceof CollectionTimeoutException) {
      return "collect_timeout";
    }
    if (failure instanceof HttpTimeoutException
        || failure instanceof java.net.SocketTimeoutException) {
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

  /**
   * The wait before retry number {@code attempt} (0 for the first retry): {@code initial *
   * 2^attempt}, capped at {@code max}, of which a random half is taken off ("equal jitter") so
   * that many clients failing together do not retry together.
   */
  static long backoffNanos(int attempt, Duration initial, Duration max) {
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
