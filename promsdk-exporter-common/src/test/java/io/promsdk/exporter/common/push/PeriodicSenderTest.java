package io.promsdk.exporter.common.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.exporter.common.push.testing.SteppingClock;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The push transport on its own, with operations that fail as told and a {@link SteppingClock}:
 * no network, no sleeping on the wall clock, exact waits.
 */
class PeriodicSenderTest {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final SendListener recording = new SendListener() {
    @Override
    public void failure(String reason) {
      events.add("failure " + reason);
    }

    @Override
    public void skipped(String reason, long ticks) {
      events.add("skipped " + reason + " " + ticks);
    }

    @Override
    public void operation(String label, boolean success, double seconds, long epochMillis) {
      events.add(label + (success ? " ok" : " failed"));
    }
  };
  private PeriodicSender sender;

  @AfterEach
  void closeSender() {
    if (sender != null) {
      sender.close();
    }
  }

  /** A failure of a sender's own kind: an HTTP status, say. */
  private static final class StatusFailure extends IOException implements SendFailure {
    private final int status;
    private final Duration retryAfter;

    StatusFailure(int status, Duration retryAfter) {
      super("HTTP " + status);
      this.status = status;
      this.retryAfter = retryAfter;
    }

    @Override
    public String reason() {
      return "http_" + status;
    }

    @Override
    public boolean isRetryable() {
      return status >= 500;
    }

    @Override
    public Optional<Duration> retryAfter() {
      return Optional.ofNullable(retryAfter);
    }
  }

  /** An operation that throws the given failures in turn, then succeeds; records when it ran. */
  private static final class Scripted implements PeriodicSender.Operation {
    private final SteppingClock clock;
    private final List<Exception> failures;
    final List<Long> ranAt = new CopyOnWriteArrayList<>();

    Scripted(SteppingClock clock, Exception... failures) {
      this.clock = clock;
      this.failures = new CopyOnWriteArrayList<>(failures);
    }

    @Override
    public void send(Duration timeout) throws Exception {
      ranAt.add(clock.nanoTime());
      if (!failures.isEmpty()) {
        throw failures.remove(0);
      }
    }

    Duration gap(int i) {
      return Duration.ofNanos(ranAt.get(i) - ranAt.get(i - 1));
    }
  }

  private PeriodicSender.Builder sender(SteppingClock clock, PeriodicSender.Operation tick) {
    return PeriodicSender.builder("promsdk-sender-test").tick("send", tick).clock(clock).listener(recording)
        .shutdownHook(false).initialBackoff(Duration.ofSeconds(1)).interval(Duration.ofMinutes(1));
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(2); // polls the sender's thread; no assertion depends on real time
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void retriesWithExponentialBackoffAndHonoursRetryAfter() {
    SteppingClock clock = new SteppingClock(Duration.ofSeconds(50)); // only the first tick
    Scripted tick = new Scripted(clock, new ConnectException("refused"), new ConnectException("refused"),
        new StatusFailure(503, Duration.ofSeconds(20)));
    sender = sender(clock, tick).start();
    await("the fourth attempt", () -> events.contains("send ok"));
    assertThat(tick.ranAt).hasSize(4);
    assertThat(tick.gap(1)).as("1 s, less a random half at most").isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(tick.gap(2)).as("2 s, less a random half at most").isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(tick.gap(3)).as("the peer's 20 s, not the 4 s backoff").isEqualTo(Duration.ofSeconds(20));
    assertThat(events).containsExactly("failure connect", "failure connect", "failure http_503", "send ok");
  }

  @Test
  void aFailureNotWorthRetryingEndsTheTickAndARetryAfterPastTheIntervalSkipsTicks() {
    SteppingClock clock = new SteppingClock(Duration.ofSeconds(181));
    Scripted tick = new Scripted(clock, new StatusFailure(400, Duration.ofSeconds(150)));
    sender = sender(clock, tick).start();
    await("the push after the wait", () -> events.contains("send ok"));
    // The 400 is not retried; its Retry-After of 150 s still holds off the tick at 60 s and at 120 s.
    assertThat(events).containsExactly("failure http_400", "send failed", "skipped retry_after 1",
        "skipped retry_after 1", "send ok");
    assertThat(tick.gap(1)).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void closeRunsTheFinalOperationWithRetriesWithinTheCloseTimeout() {
    SteppingClock clock = new SteppingClock(Duration.ofSeconds(30));
    Scripted last = new Scripted(clock, new StatusFailure(502, null), new StatusFailure(502, null));
    List<String> closed = new CopyOnWriteArrayList<>();
    sender = sender(clock, new Scripted(clock)).finalOperation("last", last).closeTimeout(Duration.ofSeconds(5))
        .afterClose(() -> closed.add("after " + last.ranAt.size() + " final attempts")).start();
    await("the first tick", () -> events.contains("send ok"));
    sender.close();
    assertThat(sender.isRunning()).isFalse();
    assertThat(last.ranAt).hasSize(3);
    assertThat(events).endsWith("failure http_502", "failure http_502", "last ok");
    assertThat(closed).containsExactly("after 3 final attempts");

    sender.close(); // idempotent
    assertThat(last.ranAt).hasSize(3);
  }

  @Test
  void theFinalOperationGivesUpAtTheCloseTimeout() {
    SteppingClock clock = new SteppingClock(Duration.ofMinutes(10));
    Scripted down = new Scripted(clock, new StatusFailure(503, null), new StatusFailure(503, null),
        new StatusFailure(503, null), new StatusFailure(503, null), new StatusFailure(503, null));
    sender = sender(clock, new Scripted(clock)).finalOperation("last", down).closeTimeout(Duration.ofSeconds(5))
        .interval(Duration.ofHours(1)).start();
    await("the first tick", () -> events.contains("send ok"));
    long closing = clock.nanoTime();
    sender.close();
    // Backoffs of 0.5-1, 1-2 and 2-4 s: a retry that would start past the 5 s close timeout is not made.
    assertThat(down.ranAt.size()).isBetween(3, 4);
    assertThat(Duration.ofNanos(clock.nanoTime() - closing)).isLessThan(Duration.ofSeconds(5));
    assertThat(events).endsWith("last failed");
  }

  @Test
  void needsATick() {
    assertThatThrownBy(() -> PeriodicSender.builder("x").start()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tick");
    assertThatThrownBy(() -> PeriodicSender.builder("x").interval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
  }
}
