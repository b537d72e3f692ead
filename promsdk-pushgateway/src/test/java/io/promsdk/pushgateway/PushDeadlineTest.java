package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.model.MetricSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * push(), pushAdd() and close() keep their deadlines while a collector hangs (up to 20 s,
 * ignoring interrupts), against a loopback recorder.
 */
class PushDeadlineTest {
  private Recorder recorder;
  private CollectorRegistry registry;
  private HangingCollector hanging;
  private PushScheduler scheduler;

  @BeforeEach
  void setUp() throws IOException {
    recorder = new Recorder();
    registry = new CollectorRegistry();
    Counter.builder().name("api_called_total").help("h").register(registry).inc();
    hanging = new HangingCollector();
    registry.register(hanging);
  }

  @AfterEach
  void tearDown() {
    hanging.release();
    if (scheduler != null) {
      scheduler.close();
    }
    recorder.close();
  }

  private PushGateway gateway(Duration requestTimeout) {
    return PushGateway.builder().address(recorder.hostPort()).job("deadline").registry(registry)
        .queryParameter("token", "s3cret-token").requestTimeout(requestTimeout).build();
  }

  @Test
  void pushReturnsWithinItsTimeoutAndNamesTheHangingCollector() throws Exception {
    PushGateway pg = gateway(Duration.ofSeconds(1));
    long start = System.nanoTime();
    assertThatThrownBy(pg::push)
        .isInstanceOfSatisfying(CollectionTimeoutException.class, e -> {
          assertThat(e.earlierStillRunning()).isFalse();
          assertThat(e.running()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(2));
          assertThat(e.getCause().getStackTrace()).anyMatch(
              f -> f.getClassName().equals(HangingCollector.class.getName()));
        })
        .hasMessageContaining("PUT http://" + recorder.hostPort() + "/metrics/job/deadline?token=***")
        .hasMessageContaining("did not finish within the push's 1000 ms timeout (it ran ")
        .hasMessageContaining("hanging in " + HangingCollector.class.getName() + ".collect")
        .hasMessageNotContaining("s3cret");
    assertThat(elapsed(start)).isLessThan(Duration.ofSeconds(2));
    assertThat(recorder.requests()).as("nothing is sent without a body").isEmpty();
  }

  @Test
  void whileAnAbandonedCollectionRunsPushesFailAtOnceAndStartNoThread() throws Exception {
    PushGateway pg = gateway(Duration.ofSeconds(1));
    assertThatThrownBy(pg::pushAdd).isInstanceOf(CollectionTimeoutException.class);
    for (int i = 0; i < 3; i++) {
      long start = System.nanoTime();
      assertThatThrownBy(pg::pushAdd)
          .isInstanceOfSatisfying(CollectionTimeoutException.class,
              e -> assertThat(e.earlierStillRunning()).isTrue())
          .hasMessageContaining("POST http://" + recorder.hostPort())
          .hasMessageContaining("is still running")
          .hasMessageContaining("hanging in " + HangingCollector.class.getName());
      assertThat(elapsed(start)).isLessThan(Duration.ofMillis(500));
    }
    // A one-shot gateway on the same registry is refused too: the guard is the registry's.
    assertThatThrownBy(gateway(Duration.ofSeconds(1))::push)
        .isInstanceOf(CollectionTimeoutException.class).hasMessageContaining("still running");
    assertThat(hanging.entered()).as("collections started").isEqualTo(1);
    assertThat(collectThreads()).isEqualTo(1);

    try (LogCapture log = new LogCapture(PushGateway.class)) {
      hanging.release();
      await("the abandoned collection's end logged", () -> log.text().contains("has ended"));
    }
    pg.push();
    assertThat(recorder.requests()).hasSize(1);
    assertThat(recorder.last().body()).contains("api_called_total 1");
  }

  @Test
  void interruptingAPushAbandonsItsCollectionAndKeepsTheInterruptStatus() throws Exception {
    PushGateway pg = gateway(Duration.ofSeconds(10));
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean stillInterrupted =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread pusher = new Thread(() -> {
      try {
        pg.push();
      } catch (Throwable e) {
        thrown.set(e);
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      }
    });
    pusher.start();
    await("the collection to start", () -> hanging.entered() == 1);
    long start = System.nanoTime();
    pusher.interrupt();
    pusher.join(2_000);
    assertThat(elapsed(start)).isLessThan(Duration.ofSeconds(1));
    assertThat(thrown.get()).isInstanceOf(java.io.InterruptedIOException.class)
        .hasMessageContaining("interrupted while collecting the registry; the collection was abandoned");
    assertThat(stillInterrupted).isTrue();
    assertThatThrownBy(pg::push).isInstanceOf(CollectionTimeoutException.class)
        .hasMessageContaining("is still running");
  }

  @Test
  void collectingAndTheRequestShareTheTimeout() throws Exception {
    hanging.hangFor(Duration.ofMillis(700));
    recorder.otherwise(Recorder.Answer.hang(3_000));
    PushGateway pg = gateway(Duration.ofSeconds(1));
    long start = System.nanoTime();
    assertThatThrownBy(pg::push).isInstanceOf(java.net.http.HttpTimeoutException.class);
    // The request was given the ~300 ms left, not a fresh second.
    assertThat(elapsed(start)).isLessThan(Duration.ofMillis(1_600));
  }

  @Test
  void closeAndItsFinalPushKeepTheCloseTimeout() throws Exception {
    scheduler = PushScheduler.builder(gateway(Duration.ofSeconds(10))).shutdownHook(false)
        .interval(Duration.ofHours(1)).closeTimeout(Duration.ofSeconds(3)).start();
    await("the first tick collecting", () -> hanging.entered() == 1);
    try (LogCapture log = new LogCapture(PushScheduler.class)) {
      long start = System.nanoTime();
      scheduler.close();
      assertThat(elapsed(start)).isLessThan(Duration.ofSeconds(4));
      assertThat(log.text())
          .contains("the final push to the gateway failed", "is still running",
              HangingCollector.class.getName());
    }
    assertThat(scheduler.metrics.failures.labelValues("collect_timeout").get()).isEqualTo(1);
    assertThat(collectThreads()).isEqualTo(1);
  }

  @Test
  void aFinalPushWhoseOwnCollectionHangsIsAbandonedAtTheCloseDeadline() throws Exception {
    hanging.hangFromCall(2);
    scheduler = PushScheduler.builder(gateway(Duration.ofSeconds(10))).shutdownHook(false)
        .interval(Duration.ofHours(1)).closeTimeout(Duration.ofSeconds(2)).start();
    await("the first push", () -> recorder.requests().size() == 1);
    try (LogCapture log = new LogCapture(PushScheduler.class)) {
      long start = System.nanoTime();
      scheduler.close();
      assertThat(elapsed(start)).isLessThan(Duration.ofSeconds(3));
      assertThat(log.text()).contains("the final push to the gateway failed", "did not finish within");
    }
    assertThat(recorder.requests()).hasSize(1);
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static long collectThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("promsdk-push-collect-") && t.isAlive()).count();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  /**
   * A collector that hangs (at most 20 s, or until released) and ignores interrupts, as one
   * stuck in a non-interruptible call would.
   */
  static final class HangingCollector implements Collector {
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Duration hang = Duration.ofSeconds(20);
    private volatile int hangFromCall = 1;
    private final java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();

    void hangFor(Duration d) {
      hang = d;
    }

    void hangFromCall(int call) {
      hangFromCall = call;
    }

    /** Collections that reached the hang. */
    int entered() {
      return Math.max(0, calls.get() - hangFromCall + 1);
    }

    void release() {
      released.countDown();
    }

    @Override
    public Collection<? extends MetricSnapshot<?>> collect() {
      if (calls.incrementAndGet() >= hangFromCall) {
        long until = System.nanoTime() + hang.toNanos();
        while (released.getCount() > 0 && System.nanoTime() < until) {
          try {
            released.await(until - System.nanoTime(), TimeUnit.NANOSECONDS);
          } catch (InterruptedException ignored) {
            // Ignored on purpose: the hang must outlast an interrupt.
          }
        }
      }
      return List.of();
    }
  }
}
