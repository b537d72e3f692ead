package io.promsdk.exporter.common.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.exporter.common.push.testing.SteppingClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class RetryTest {

  @Test
  void retryAfterInSecondsIsTakenAsItIs() {
    SenderClock clock = new SteppingClock(Duration.ZERO);
    assertThat(Retry.parseRetryAfter(" 2 ", clock)).isEqualTo(Duration.ofSeconds(2));
    assertThat(Retry.parseRetryAfter("0", clock)).isEqualTo(Duration.ZERO);
    assertThat(Retry.parseRetryAfter("99999999999999999999", clock)).isPositive(); // no overflow
    assertThat(Retry.parseRetryAfter("soon", clock)).isNull();
    assertThat(Retry.parseRetryAfter("", clock)).isNull();
  }

  /** The wait until an HTTP date is measured on the sender's clock, not the system's. */
  @Test
  void retryAfterAsAnHttpDateCountsDownOnTheSendersClock() {
    SteppingClock clock = new SteppingClock(Duration.ZERO);
    String in30s = clock.httpDate(Duration.ofSeconds(30)); // in 2023 on this clock
    assertThat(Retry.parseRetryAfter(in30s, clock)).isEqualTo(Duration.ofSeconds(30));
    clock.advance(Duration.ofMillis(20_500));
    assertThat(Retry.parseRetryAfter(in30s, clock)).isEqualTo(Duration.ofMillis(9_500));
    clock.advance(Duration.ofSeconds(10));
    assertThat(Retry.parseRetryAfter(in30s, clock)).isEqualTo(Duration.ZERO); // past: at once
    assertThat(Retry.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", clock)).isEqualTo(Duration.ZERO);
  }

  @Test
  void retryAfterAsAnHttpDateOnTheSystemClock() {
    String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        Instant.ofEpochMilli(System.currentTimeMillis() + 60_000).atOffset(ZoneOffset.UTC));
    assertThat(Retry.parseRetryAfter(inAMinute, SenderClock.system()))
        .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60));
  }
}
