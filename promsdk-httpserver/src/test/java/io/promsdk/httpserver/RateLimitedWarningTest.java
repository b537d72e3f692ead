package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A warning at the first occurrence, then at most once a minute with the count since the last. */
class RateLimitedWarningTest {
  private final AtomicLong clock = new AtomicLong(123_456_789L);
  private final RateLimitedWarning warning = new RateLimitedWarning(clock::get);

  private void advance(Duration d) {
    clock.addAndGet(d.toNanos());
  }

  @Test
  void warnsAtOnceThenOncePerMinuteWithTheCountSince() {
    assertThat(warning.occurred()).as("the first: warn now").isEqualTo(1);
    for (int i = 0; i < 5; i++) {
      advance(Duration.ofSeconds(10));
      assertThat(warning.occurred()).as("within the minute: quiet").isZero();
    }
    advance(Duration.ofSeconds(10)); // A minute after the first warning.
    assertThat(warning.occurred()).as("five quiet ones and this one").isEqualTo(6);
    advance(Duration.ofMinutes(5));
    assertThat(warning.occurred()).as("nothing pending from before").isEqualTo(1);
  }

  @Test
  void countsEachOccurrenceInExactlyOneWarningAcrossThreads() throws Exception {
    RateLimitedWarning shared = new RateLimitedWarning(clock::get);
    AtomicLong reported = new AtomicLong();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 10_000; i++) {
          if (i % 1000 == 0) {
            clock.addAndGet(Duration.ofSeconds(30).toNanos());
          }
          reported.addAndGet(shared.occurred());
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    advance(Duration.ofMinutes(2));
    reported.addAndGet(shared.occurred() - 1); // The last one flushes what is still pending.
    assertThat(reported.get()).isEqualTo(40_000);
  }
}
