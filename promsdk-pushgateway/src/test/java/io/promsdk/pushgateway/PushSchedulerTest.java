package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.exporter.common.push.testing.SteppingClock;
import io.promsdk.testsupport.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Scheduling, retries, skipping and shutdown against a fault-injecting loopback recorder. */
@Tag("peers")
class PushSchedulerTest {
  private static final Pattern COUNTER = Pattern.compile("(?m)^api_called_total (\\S+)$");

  private Recorder recorder;
  private CollectorRegistry registry;
  private Counter counter;
  private PushScheduler scheduler;
  private final List<SteppingClock> clocks = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    recorder = new Recorder();
    registry = new CollectorRegistry();
    counter = Counter.builder().name("api_called_total").help("h").register(registry);
  }

  @AfterEach
  void tearDown() {
    // A test that failed early may leave its scheduler waiting at the horizon, where close's final
    // operation would wait for good: lift it, so that close ends at its own timeout.
    clocks.forEach(c -> c.setHorizon(Duration.ofDays(365)));
    if (scheduler != null) {
      scheduler.close();
    }
    recorder.close();
  }

  /**
   * For the tests of backoff and Retry-After, which are not about timeouts: the first push in a JVM
   * (the HTTP client's cold start, plus the first collection) took up to 425 ms on a loaded
   * machine, past 300 ms, and a timed-out attempt changes what they count.
   */

  private PushGateway.Builder gateway(String hostPort) {
    return PushGateway.builder().address(hostPort).job("sched").registry(registry)
        .connectTimeout(Duration.ofMillis(300)).requestTimeout(Duration.ofMillis(300));
  }

  /**
   * A gateway for the tests on the stepping clock, where only the requests take real time: their
   * timeouts are long, so that a loaded machine cannot fail a request the test expects to succeed.
   */
  private PushGateway.Builder patientGateway(String hostPort) {
    return gateway(hostPort).connectTimeout(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(10));
  }

  /** A {@link #patientGateway} that records the clock's time of each request in {@code sentAt}. */
  private PushGateway clockedGateway(SteppingClock clock, List<Long> sentAt) {
    return patientGateway(recorder.hostPort()).handler((request, next) -> {
      sentAt.add(clock.nanoTime());
      return next.send(request);
    }).build();
  }

  private PushScheduler.Builder schedule(PushGateway pg) {
    return PushScheduler.builder(pg).shutdownHook(false).initialBackoff(Duration.ofMillis(40))
        .closeTimeout(Duration.ofSeconds(1));
  }

  /**
   * For the tests whose scheduler ticks once (interval 1 h): the tick at 0 runs, and so do the
   * retries and the close timeout within the first minute, without waiting; the next tick never
   * comes.
   */
  private SteppingClock firstTickOnly() {
    return steppingClock(Duration.ofMinutes(1));
  }

  /** A {@link SteppingClock} whose horizon {@link #tearDown} lifts. */
  private SteppingClock steppingClock(Duration horizon) {
    SteppingClock clock = new SteppingClock(horizon);
    clocks.add(clock);
    return clock;
  }

  /** The sender thread of a scheduler of {@code job}, if it is alive. */
  private static Thread senderThread(String job) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("promsdk-push-" + job)).findFirst().orElse(null);
  }

  private static void await(String what, BooleanSupplier condition, long timeoutMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private static double counterIn(Recorder.Request request) {
    Matcher m = COUNTER.matcher(request.body());
    assertThat(m.find()).as("api_called_total in %s", request.body()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** Each step lets the clock reach one more tick: one push per tick, each with the values of then. */
  @Test
  void pushesEveryIntervalWithFreshValuesAndItsOwnMetrics() {
    SteppingClock clock = steppingClock(Duration.ofSeconds(1)); // the tick at 0 only
    List<Long> sentAt = new CopyOnWriteArrayList<>();
    PushGateway pg = clockedGateway(clock, sentAt);
    scheduler = schedule(pg).clock(clock).interval(Duration.ofSeconds(10)).finalOperation(PushOperation.NONE).start();
    await("the first push", () -> recorder.requests().size() == 1, 10_000);
    for (int i = 1; i <= 3; i++) {
      counter.inc();
      clock.setHorizon(Duration.ofSeconds(10L * i + 1));
      int pushes = i + 1;
      await("push " + pushes, () -> recorder.requests().size() == pushes, 10_000);
    }
    List<Recorder.Request> requests = recorder.requests();
    assertThat(requests).hasSize(4).allMatch(r -> r.method().equals("PUT"));
    for (int i = 1; i < requests.size(); i++) {
      assertThat(counterIn(requests.get(i))).as("push %d", i).isEqualTo(i);
      assertThat(Duration.ofNanos(sentAt.get(i) - sentAt.get(i - 1))).isEqualTo(Duration.ofSeconds(10));
    }
    assertThat(requests.get(requests.size() - 1).body()).contains(
        "promsdk_push_attempts_total", "promsdk_push_operations_total{operation=\"push\",result=\"success\"}",
        "promsdk_push_last_success_timestamp_seconds", "promsdk_push_duration_seconds_bucket");
    assertThat(recorder.maxInFlight()).isEqualTo(1);
  }

  @Test
  void serverErrorsAreRetriedWithBackoffWithinTheInterval() {
    recorder.then(Recorder.Answer.status(500, "boom"), Recorder.Answer.status(503, "busy"));
    SteppingClock clock = steppingClock(Duration.ofSeconds(4)); // ticks every 5 s: only the first
    List<Long> sentAt = new CopyOnWriteArrayList<>();
    PushGateway pg = clockedGateway(clock, sentAt);
    scheduler = schedule(pg).clock(clock).interval(Duration.ofSeconds(5)).finalOperation(PushOperation.NONE).start();
    await("the third attempt", () -> scheduler.metrics.operations.labelValues("push", "success").get() == 1, 10_000);
    assertThat(recorder.requests()).hasSize(3);
    assertThat(sentAt).hasSize(3);
    assertThat(Duration.ofNanos(sentAt.get(1) - sentAt.get(0))).isBetween(Duration.ofMillis(20), Duration.ofMillis(40));
    assertThat(Duration.ofNanos(sentAt.get(2) - sentAt.get(1))).isBetween(Duration.ofMillis(40), Duration.ofMillis(80));
    assertThat(scheduler.metrics.failures.labelValues("http_5xx").get()).isEqualTo(2);
    assertThat(scheduler.metrics.attempts.get()).isEqualTo(3);
    await("the success's timestamp", () -> scheduler.metrics.lastSuccess.get() > 0, 10_000);
    assertThat(scheduler.metrics.lastSuccess.get()).as("the clock's time, in seconds")
        .isCloseTo(clock.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(0.001));
  }

  @Test
  void retryAfterOf429IsHonoured() {
    recorder.then(Recorder.Answer.retryAfter(429, "1"));
    SteppingClock clock = steppingClock(Duration.ofSeconds(2)); // ticks every 4 s: only the first
    List<Long> sentAt = new CopyOnWriteArrayList<>();
    PushGateway pg = clockedGateway(clock, sentAt);
    scheduler = schedule(pg).clock(clock).interval(Duration.ofSeconds(4)).finalOperation(PushOperation.NONE).start();
    await("the retry", () -> scheduler.metrics.operations.labelValues("push", "success").get() == 1, 10_000);
    assertThat(recorder.requests()).hasSize(2);
    assertThat(Duration.ofNanos(sentAt.get(1) - sentAt.get(0))).as("the gateway's 1 s, not the 40 ms backoff")
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(scheduler.metrics.failures.labelValues("http_429").get()).isEqualTo(1);
  }

  /**
   * Ticks every 3 s, the gateway asks for 10 s: the ticks at 3, 6 and 9 s are skipped, the one at
   * 12 s pushes.
   */
  @Test
  void aRetryAfterLongerThanTheIntervalSkipsTicks() {
    recorder.then(Recorder.Answer.retryAfter(503, "10"));
    SteppingClock clock = steppingClock(Duration.ofSeconds(13));
    List<Long> sentAt = new CopyOnWriteArrayList<>();
    PushGateway pg = clockedGateway(clock, sentAt);
    scheduler = schedule(pg).clock(clock).interval(Duration.ofSeconds(3)).finalOperation(PushOperation.NONE)
        .start();
    await("a push after the wait", () -> scheduler.metrics.operations.labelValues("push", "success").get() == 1,
        10_000);
    assertThat(recorder.requests()).hasSize(2);
    assertThat(Duration.ofNanos(sentAt.get(1) - sentAt.get(0))).isEqualTo(Duration.ofSeconds(12));
    assertThat(scheduler.metrics.skipped.labelValues("retry_after").get()).isEqualTo(3);
  }

  /**
   * A Retry-After given as an HTTP date is measured on the scheduler's clock: 7 s after the clock's
   * wall time of the first push (a date in 2023; on the system clock it would be long past, and
   * the retry would follow after the 40 ms backoff).
   */
  @Test
  void aRetryAfterDateIsReadOnTheSchedulersClock() {
    SteppingClock clock = steppingClock(Duration.ofSeconds(9)); // ticks every 10 s: only the first
    recorder.then(Recorder.Answer.retryAfter(503, clock.httpDate(Duration.ofSeconds(7))));
    List<Long> sentAt = new CopyOnWriteArrayList<>();
    PushGateway pg = clockedGateway(clock, sentAt);
    scheduler = schedule(pg).clock(clock).interval(Duration.ofSeconds(10)).finalOperation(PushOperation.NONE)
        .start();
    await("the retry", () -> scheduler.metrics.operations.labelValues("push", "success").get() == 1, 10_000);
    assertThat(recorder.requests()).hasSize(2);
    assertThat(Duration.ofNanos(sentAt.get(1) - sentAt.get(0))).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void otherClientErrorsAreNotRetried() {
    recorder.then(Recorder.Answer.status(400, "pushed metrics are invalid"));
    SteppingClock clock = steppingClock(Duration.ofSeconds(4)); // ticks every 5 s: only the first
    scheduler = schedule(patientGateway(recorder.hostPort()).build()).clock(clock).interval(Duration.ofSeconds(5))
        .finalOperation(PushOperation.NONE).start();
    // Counted once its retries are over: a retry, had there been one, was sent before.
    await("the failed push", () -> scheduler.metrics.operations.labelValues("push", "failure").get() == 1, 10_000);
    assertThat(recorder.requests()).hasSize(1);
    assertThat(scheduler.metrics.failures.labelValues("http_4xx").get()).isEqualTo(1);
    assertThat(clock.elapsed()).as("no backoff waited for").isZero();
  }

  /**
   * On real time, not the stepping clock: the gateway really hangs, and every attempt takes a real
   * 300 ms request timeout that a stepping clock does not see; on it the close timeout would be
   * consumed by backoff jumps only, and close would be allowed several real request timeouts.
   * Bounded: each attempt by the 300 ms request timeout, the wait by 3 s, close by 1.5 s.
   */
  @Test
  void aHangingGatewayTimesOutAndNeverHoldsUpClose() {
    recorder.otherwise(Recorder.Answer.hang(10_000));
    scheduler = schedule(gateway(recorder.hostPort()).build()).interval(Duration.ofSeconds(2))
        .finalOperation(PushOperation.PUSH).start();
    await("a timeout", () -> scheduler.metrics.failures.labelValues("timeout").get() >= 2, 3000);
    // That the application's threads never wait meanwhile: applicationThreadsNeverWaitForAPushInFlight.
    long start = System.nanoTime();
    scheduler.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    assertThat(scheduler.isRunning()).isFalse();
  }

  /**
   * While a push is stuck at the gateway (the handler holds it, as a hanging gateway would), the
   * application's threads update, register and collect metrics without waiting: the push holds
   * nothing they need. A lock held across the push (on the registry, the metrics or the scheduler)
   * would make them wait the full 5 s.
   */
  @Test
  void applicationThreadsNeverWaitForAPushInFlight() throws InterruptedException {
    CountDownLatch inPush = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    PushGateway stuck = gateway(recorder.hostPort()).handler((request, next) -> {
      inPush.countDown();
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return next.send(request);
    }).build();
    // The push is held for real (at most 5 s) by the handler; the ticks run on the clock.
    scheduler = schedule(stuck).clock(firstTickOnly()).interval(Duration.ofHours(1))
        .finalOperation(PushOperation.NONE).start();
    try {
      assertThat(inPush.await(2, TimeUnit.SECONDS)).as("a push in flight").isTrue();
      long start = System.nanoTime();
      counter.inc(); // the application's threads never wait for the gateway
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(50));
      long incs = System.nanoTime();
      for (int i = 0; i < 1000; i++) {
        counter.inc();
      }
      long incNanos = System.nanoTime() - incs;
      long other = System.nanoTime();
      Counter.builder().name("registered_meanwhile_total").help("h").register(registry).inc();
      assertThat(registry.collect().asList()).extracting(MetricSnapshot::name).contains("registered_meanwhile");
      long otherNanos = System.nanoTime() - other;
      assertThat(incNanos / 1000).as("mean inc() ns while the push hangs").isLessThan(TimeUnit.MILLISECONDS.toNanos(1));
      assertThat(otherNanos).as("register + collect ns while the push hangs")
          .isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
      assertThat(scheduler.metrics.operations.labelValues("push", "success").get()).isZero(); // still stuck
    } finally {
      release.countDown();
    }
    await("the push", () -> recorder.requests().size() == 1, 2000);
  }

  /** A token the HTTP client cannot send: refused with the header's name, never its value. */
  @Test
  void aTokenTheHttpClientCannotSendNeverReachesTheLog() {
    String token = "bk-\u20ac-s3cret";
    try (LogCapture log = new LogCapture(PushScheduler.class)) {
      PushGateway pg = gateway(recorder.hostPort())
          .handler((request, next) -> next.send(request.withHeader("X-BK-TOKEN", token))).build();
      SteppingClock clock = steppingClock(Duration.ofSeconds(1)); // the ticks at 0, 0.1, ..., 1 s
      scheduler = schedule(pg).clock(clock).interval(Duration.ofMillis(100)).start();
      await("failed pushes", () -> scheduler.metrics.failures.labelValues("error").get() >= 2, 3000);
      scheduler.close(); // the final push fails the same way, and is logged at WARNING
      assertThat(log.records()).isNotEmpty();
      assertThat(log.text()).contains("X-BK-TOKEN").doesNotContain("s3cret").doesNotContain(token);
      assertThat(recorder.requests()).isEmpty();
    }
  }

  @Test
  void exceptionsFromACollectorOrTheLogBackendFailOneTickOnly() {
    AtomicInteger collections = new AtomicInteger();
    registry.register(() -> {
      if (collections.incrementAndGet() == 1) {
        throw new IllegalStateException("collector bug");
      }
      return List.of();
    });
    try (LogCapture log = new LogCapture(PushScheduler.class)) {
      log.failNext(new IllegalStateException("log backend down")); // the failure's own warning
      // Strict: by default a failing collector is left out of the body and the push succeeds.
      SteppingClock clock = steppingClock(Duration.ofSeconds(1)); // the ticks at 0, 0.1, ..., 1 s
      scheduler = schedule(patientGateway(recorder.hostPort()).expositionOptions(
              io.promsdk.exposition.ExpositionOptions.builder().strictCollectors(true).build()).build())
          .clock(clock).interval(Duration.ofMillis(100)).finalOperation(PushOperation.NONE).start();
      await("a push after the failures", () -> recorder.requests().size() >= 1, 3000);
      assertThat(scheduler.isRunning()).isTrue();
      assertThat(scheduler.metrics.failures.labelValues("error").get()).isGreaterThanOrEqualTo(1);
      assertThat(scheduler.metrics.operations.labelValues("push", "failure").get()).isGreaterThanOrEqualTo(1);
      await("a logged recovery", () -> log.text().contains("works again"), 2000);
    }
  }

  @Test
  void anErrorStopsTheSchedulerCleanlyAndCloseStillRunsTheFinalOperation() throws InterruptedException {
    AtomicBoolean broken = new AtomicBoolean(true);
    registry.register(() -> {
      if (broken.get()) {
        throw new AssertionError("collector bug");
      }
      return List.of();
    });
    try (LogCapture log = new LogCapture(PushScheduler.class)) {
      // Ticks due every 100 ms up to 10 s of the clock: a thread still looping would run them all
      // at once, and stay alive, waiting at the horizon.
      SteppingClock clock = steppingClock(Duration.ofSeconds(10));
      scheduler = schedule(patientGateway(recorder.hostPort()).job("stops").build()).clock(clock)
          .interval(Duration.ofMillis(100)).start();
      await("the scheduler to stop", () -> !scheduler.isRunning(), 2000);
      assertThat(log.records()).anySatisfy(r -> {
        assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.SEVERE);
        assertThat(r.getThrown()).isInstanceOf(AssertionError.class).hasMessage("collector bug");
      });
      assertThat(scheduler.metrics.failures.labelValues("error").get()).isEqualTo(1);
      assertThat(scheduler.metrics.operations.labelValues("push", "failure").get()).isEqualTo(1);
      Thread worker = senderThread("stops");
      if (worker != null) {
        worker.join(2000);
        assertThat(worker.isAlive()).as("the sender's thread ended").isFalse();
      }
      assertThat(scheduler.metrics.attempts.get()).as("no tick ran after the Error").isEqualTo(1);
      assertThat(recorder.requests()).isEmpty();

      long start = System.nanoTime();
      scheduler.close(); // the final push fails with the same Error: logged, not thrown
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
      assertThat(scheduler.metrics.failures.labelValues("error").get()).isEqualTo(2);
      assertThat(recorder.requests()).isEmpty();

      scheduler = schedule(patientGateway(recorder.hostPort()).job("stops").build())
          .clock(steppingClock(Duration.ofSeconds(10))).interval(Duration.ofMillis(100)).start();
      await("the second scheduler to stop", () -> !scheduler.isRunning(), 2000);
      broken.set(false);
      scheduler.close(); // the last values still reach the gateway
      assertThat(recorder.requests()).hasSize(1);
      assertThat(recorder.last().method()).isEqualTo("PUT");
    }
  }

  /**
   * A refused connection fails at once, so the retries (40, 80, 160, 320 ms of backoff within the
   * first second) and the final push's retries all run on the clock: the final push is retried
   * until its 1 s of the clock's time is over, however fast the attempts fail, and no longer.
   */
  @Test
  void aClosedPortIsRetriedAndCloseGivesUpInTime() {
    SteppingClock clock = steppingClock(Duration.ofSeconds(1)); // ticks every 2 s: only the first
    List<Long> finalAttemptsAt = new CopyOnWriteArrayList<>(); // those not on the sender's thread
    PushGateway pg = patientGateway("127.0.0.1:" + FreePorts.find()).handler((request, next) -> {
      if (!Thread.currentThread().getName().equals("promsdk-push-sched")) {
        finalAttemptsAt.add(clock.nanoTime());
      }
      return next.send(request);
    }).build();
    scheduler = schedule(pg).clock(clock).interval(Duration.ofSeconds(2)).start();
    await("connect failures", () -> scheduler.metrics.failures.labelValues("connect").get() >= 3, 3000);
    clock.setHorizon(Duration.ofDays(1)); // the final push's backoffs, too, take no real time
    // A close that did not give up would retry until the horizon, then wait there for good.
    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> scheduler.close());
    assertThat(finalAttemptsAt).as("the final push, retried").hasSizeGreaterThan(1);
    assertThat(Duration.ofNanos(finalAttemptsAt.get(finalAttemptsAt.size() - 1) - finalAttemptsAt.get(0)))
        .as("the final push's retries on the clock").isLessThan(Duration.ofSeconds(1));
    assertThat(scheduler.metrics.operations.labelValues("push", "failure").get()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void resetConnectionsAreRetried() throws IOException {
    try (ResetServer reset = new ResetServer()) {
      scheduler = schedule(patientGateway(reset.hostPort()).build()).clock(steppingClock(Duration.ofSeconds(1)))
          .interval(Duration.ofSeconds(2)).finalOperation(PushOperation.NONE).start(); // the first tick's retries
      // A reset during the handshake is a ConnectException ("connect"), after it an "io" error.
      await("reset failures", () -> scheduler.metrics.failures.labelValues("io").get()
          + scheduler.metrics.failures.labelValues("connect").get() >= 2, 3000);
      assertThat(reset.connections()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void closeRunsTheFinalOperationWithTheLastValues() {
    scheduler = schedule(patientGateway(recorder.hostPort()).build()).clock(firstTickOnly()).interval(Duration.ofHours(1))
        .start();
    await("the first push", () -> recorder.requests().size() == 1, 2000);
    counter.inc(42);
    scheduler.close();
    assertThat(recorder.requests()).hasSize(2);
    assertThat(recorder.last().method()).isEqualTo("PUT");
    assertThat(counterIn(recorder.last())).isEqualTo(42);
    scheduler.close(); // idempotent
    assertThat(recorder.requests()).hasSize(2);

    scheduler = schedule(patientGateway(recorder.hostPort()).build()).clock(firstTickOnly()).interval(Duration.ofHours(1))
        .operation(PushOperation.PUSH_ADD).finalOperation(PushOperation.DELETE).start();
    await("the first pushAdd", () -> recorder.requests().size() == 3, 2000);
    assertThat(recorder.last().method()).isEqualTo("POST");
    scheduler.close();
    assertThat(recorder.last().method()).isEqualTo("DELETE");

    scheduler = schedule(patientGateway(recorder.hostPort()).build()).clock(firstTickOnly()).interval(Duration.ofHours(1))
        .finalOperation(PushOperation.NONE).start();
    await("the first push", () -> recorder.requests().size() == 5, 2000);
    scheduler.close();
    assertThat(recorder.requests()).hasSize(5);
  }

  @Test
  void theFinalOperationRetriesWithinTheCloseTimeout() {
    SteppingClock clock = firstTickOnly();
    List<Long> sentAt = new CopyOnWriteArrayList<>();
    scheduler = schedule(clockedGateway(clock, sentAt)).clock(clock).interval(Duration.ofHours(1)).start();
    await("the first push", () -> recorder.requests().size() == 1, 10_000);
    recorder.then(Recorder.Answer.status(502, "bad gateway"));
    scheduler.close();
    assertThat(recorder.requests()).hasSize(3);
    assertThat(scheduler.metrics.operations.labelValues("push", "success").get()).isEqualTo(2);
    assertThat(Duration.ofNanos(sentAt.get(2) - sentAt.get(1))).as("the first backoff, with jitter")
        .isBetween(Duration.ofMillis(20), Duration.ofMillis(40));
  }

  /**
   * Each push takes 3.5 s of the clock's time (the handler moves it on), ticks are due every
   * second: the three ticks due meanwhile are skipped and counted, and the next push starts at
   * the next tick after, 4 s after the previous one.
   */
  @Test
  void aTickDueWhileAPushRunsIsSkippedAndCountedNeverRunConcurrently() {
    SteppingClock clock = steppingClock(Duration.ofSeconds(17)); // pushes at 0, 4, ..., 16 s
    List<Long> sentAt = new CopyOnWriteArrayList<>();
    PushGateway slow = patientGateway(recorder.hostPort()).handler((request, next) -> {
      sentAt.add(clock.nanoTime());
      clock.advance(Duration.ofMillis(3500));
      return next.send(request);
    }).build();
    scheduler = schedule(slow).clock(clock).interval(Duration.ofSeconds(1)).finalOperation(PushOperation.NONE)
        .start();
    await("five pushes", () -> scheduler.metrics.operations.labelValues("push", "success").get() == 5, 10_000);
    await("the skips after the fifth", () -> scheduler.metrics.skipped.labelValues("busy").get() == 15, 10_000);
    assertThat(recorder.maxInFlight()).isEqualTo(1);
    assertThat(sentAt).hasSize(5);
    for (int i = 1; i < sentAt.size(); i++) {
      assertThat(Duration.ofNanos(sentAt.get(i) - sentAt.get(i - 1))).isEqualTo(Duration.ofSeconds(4));
    }
  }

  @Test
  void afterAnOutageEachTickSendsOneFreshBodyNotABacklog() {
    recorder.then(Recorder.Answer.status(503, "down"), Recorder.Answer.status(503, "down"),
        Recorder.Answer.status(503, "down"));
    counter.inc(1);
    SteppingClock clock = steppingClock(Duration.ofSeconds(5)); // the ticks at 0, 2 and 4 s
    List<Long> sentAt = new CopyOnWriteArrayList<>();
    PushGateway pg = clockedGateway(clock, sentAt);
    scheduler = schedule(pg).clock(clock).interval(Duration.ofSeconds(2))
        .initialBackoff(Duration.ofSeconds(10)) // no retry fits: one attempt per tick
        .finalOperation(PushOperation.NONE).start();
    await("the outage", () -> scheduler.metrics.operations.labelValues("push", "failure").get() == 3, 10_000);
    counter.inc(98);
    clock.setHorizon(Duration.ofSeconds(7)); // the tick at 6 s
    await("recovery", () -> scheduler.metrics.operations.labelValues("push", "success").get() == 1, 10_000);
    List<Recorder.Request> requests = recorder.requests();
    assertThat(requests).hasSize(4);
    assertThat(counterIn(requests.get(3))).isEqualTo(99);
    for (int i = 1; i < sentAt.size(); i++) {
      assertThat(Duration.ofNanos(sentAt.get(i) - sentAt.get(i - 1))).isEqualTo(Duration.ofSeconds(2));
    }
  }

  @Test
  void selfMetricsAreOptionalPrefixedAndUnregisteredOnClose() {
    PushGateway pg = patientGateway(recorder.hostPort()).build();
    scheduler = schedule(pg).clock(firstTickOnly()).interval(Duration.ofHours(1)).selfMetrics(false)
        .finalOperation(PushOperation.NONE).start();
    assertThat(names()).containsExactly("api_called");
    scheduler.close();

    scheduler = schedule(pg).clock(firstTickOnly()).interval(Duration.ofHours(1))
        .finalOperation(PushOperation.NONE).start();
    assertThat(names()).contains("api_called", "promsdk_push_operations", "promsdk_push_attempts",
        "promsdk_push_failures", "promsdk_push_skipped", "promsdk_push_last_success_timestamp_seconds",
        "promsdk_push_duration_seconds");
    assertThat(names()).filteredOn(n -> !n.equals("api_called")).allMatch(n -> n.startsWith("promsdk_push_"));
    assertThatThrownBy(() -> schedule(pg).start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("selfMetrics(false)");
    scheduler.close();
    assertThat(names()).containsExactly("api_called");
  }

  private List<String> names() {
    return registry.collect().asList().stream().map(MetricSnapshot::name).toList();
  }

  /**
   * On real time: the scheduler runs in a child JVM, started through the public API only (which
   * has no clock), and the hook runs at that JVM's exit. Bounded: the child gets 20 s, its wait
   * for the first push 10 s.
   */
  @Test
  void theShutdownHookPushesTheLastValuesWhenTheJvmExits() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ShutdownHookMain.class.getName(), recorder.hostPort())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child JVM exited").isTrue();
      assertThat(child.exitValue()).isZero();
    } finally {
      child.destroyForcibly();
    }
    List<Recorder.Request> requests = recorder.requests();
    assertThat(requests).hasSizeGreaterThanOrEqualTo(2);
    assertThat(counterIn(requests.get(requests.size() - 1))).isEqualTo(42);
  }

  /** Starts a scheduler, updates a counter and returns from main: only the hook can push 42. */
  static final class ShutdownHookMain {
    public static void main(String[] args) throws Exception {
      CollectorRegistry registry = new CollectorRegistry();
      Counter counter = Counter.builder().name("api_called_total").help("h").register(registry);
      PushGateway pg = PushGateway.builder().address(args[0]).job("hook").registry(registry).build();
      PushScheduler scheduler = PushScheduler.builder(pg).interval(Duration.ofHours(1)).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (scheduler.metrics.operations.labelValues("push", "success").get() < 1
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      counter.inc(42);
    }
  }
}
