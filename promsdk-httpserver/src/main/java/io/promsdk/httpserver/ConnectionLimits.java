package io.promsdk.httpserver;

import java.time.Duration;

/**
 * The {@link NioEngine}'s limits on each connection, from the {@link HTTPServer.Builder}.
 *
 * @param headerReadTimeout how long a client has to send a request's line and headers, from the
 *     connection's accept or from the first byte of a later request on it
 * @param idleTimeout how long a kept-alive connection may wait for its next request's first byte
 * @param writeTimeout how long a client may take no bytes of a response while the server has some to
 *     send (a stall timeout, not a total; collection time does not count)
 * @param maxConnections how many connections may be open at once
 */
record ConnectionLimits(Duration headerReadTimeout, Duration idleTimeout, Duration writeTimeout, int maxConnections) {
  static final Duration DEFAULT_HEADER_READ_TIMEOUT = Duration.ofSeconds(10);
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(2);
  static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofMinutes(1);
  static final int DEFAULT_MAX_CONNECTIONS = 4096;

  static ConnectionLimits defaults() {
    return new ConnectionLimits(DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_WRITE_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS);
  }

  /** A positive duration of at most a day, or an exception naming the option. */
  static Duration positive(String option, Duration value) {
    if (value == null || value.isNegative() || value.isZero() || value.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(option + " must be more than 0 and at most 1 day, got " + value);
    }
    return value;
  }
}
