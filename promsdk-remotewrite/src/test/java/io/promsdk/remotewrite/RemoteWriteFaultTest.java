package io.promsdk.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exporter.common.push.testing.SteppingClock;
import io.promsdk.remotewrite.FakeReceiver.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender's queue, shards, retries and protocol fallback against a loopback fake receiver, with
 * readable batches ({@link TextBatches}) instead of the registry's.
 */
class RemoteWriteFaultTest {
  private FakeReceiver receiver;
  private TextBatches batches;
  private RemoteWrite rw;

  @BeforeEach
  void setUp() throws Exception {
    receiver = new FakeReceiver();
    batches = new TextBatches(10);
  }

  @AfterEach
  void tearDown() {
    if (rw != null) {
      rw.close();
    }
    receiver.close();
  }

  /** A sender whose interval never comes again during a test: reads happen at start, flush and close. */
  private RemoteWrite.Builder builder() {
    return RemoteWrite.builder().url(receiver.url()).registry(new CollectorRegistry())
        .readerFactory((registry, labels) -> batches)
        .interval(Duration.ofHours(1)).shutdownHook(false)
        .initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(100))
        .requestTimeout(Duration.ofSeconds(5)).closeTimeout(Duration.ofSeconds(5));
  }

  /** The read the interval makes at start, so that a test's flush() is read 2. */
  private void awaitFirstRead() throws InterruptedException {
    await(() -> batches.reads.get() >= 1, "the first read");
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void v1RequestsCarryTheProtocolHeadersTheConfiguredHeadersAndTheHandlersHeader() throws Exception {
    rw = builder().header("X-Scope-OrgID", "tenant-1").bearerToken("t0ken-abc")
        .handler(request -> request.setHeader("X-BK-TOKEN", "from-handler")).shards(1).start();
    awaitFirstRead();
    assertThat(rw.flush()).isTrue();

    FakeReceiver.Request first = receiver.requests().get(0);
    assertThat(first.header("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(first.header("Content-Encoding")).isEqualTo("snappy");
    assertThat(first.header("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
    assertThat(first.header("User-Agent")).startsWith("promsdk/");
    assertThat(first.header("X-Scope-OrgID")).isEqualTo("tenant-1");
    assertThat(first.header("Authorization")).isEqualTo("Bearer t0ken-abc");
    assertThat(first.header("X-BK-TOKEN")).isEqualTo("from-handler");
    assertThat(rw.toString()).doesNotContain("t0ken");
  }

  @Test
  void v2RequestsCarryTheV2ContentTypeAndVersion() throws Exception {
    rw = builder().protocol(RemoteWriteProtocol.V2).basicAuth("user", "pass").shards(1).start();
    awaitFirstRead();
    assertThat(rw.flush()).isTrue();

    FakeReceiver.Request first = receiver.requests().get(0);
    assertThat(first.header("Content-Type"))
        .isEqualTo("application/x-protobuf;proto=io.prometheus.write.v2.Request");
    assertThat(first.header("X-Prometheus-Remote-Write-Version")).isEqualTo("2.0.0");
    assertThat(first.header("Content-Encoding")).isEqualTo("snappy");
    assertThat(first.header("Authorization")).isEqualTo("Basic dXNlcjpwYXNz");
    assertThat(first.text()).startsWith("V2 ");
  }

  @Test
  void aReceiverAnswering400DoesNotBlockLaterBatchesAndTheRefusedSamplesAreCounted()
      throws Exception {
    receiver.respond(r -> r.text().contains("read=1") ? Answer.status(400) : Answer.OK);
    rw = builder().shards(2).start();
    awaitFirstRead();
    assertThat(rw.flush()).isTrue(); // read 2 goes through, read 1 was dropped

    assertThat(receiver.accepted).containsExactlyInAnyOrder("V1 shard=0 read=2", "V1 shard=1 read=2");
    assertThat(rw.metrics().samplesDropped.labelValues("http_4xx").get()).isEqualTo(20);
    assertThat(rw.metrics().samplesSent.get()).isEqualTo(20);
    assertThat(rw.metrics().requests.labelValues("http_4xx").get()).isEqualTo(2);
  }

  /** Redirects are not followed (a remote-write body is not re-sent elsewhere): dropped as 3xx. */
  @Test
  void aRedirectIsDroppedUnderItsOwnReason() throws Exception {
    receiver.respond(r -> r.text().contains("read=1") ? Answer.status(301) : Answer.OK);
    rw = builder().shards(2).start();
    awaitFirstRead();
    assertThat(rw.flush()).isTrue(); // read 2 goes through, read 1 was dropped
    assertThat(rw.metrics().samplesDropped.labelValues("http_3xx").get()).isEqualTo(20);
    assertThat(rw.metrics().samplesDropped.labelValues("http_4xx").get()).isZero();
    assertThat(rw.metrics().requests.labelValues("http_3xx").get()).isEqualTo(2);
  }

  @Test
  void a5xxIsRetriedUntilItIsAcceptedAndTheShardKeepsItsOrder() throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(3);
    receiver.respond(r -> r.text().contains("read=1") && failuresLeft.getAndDecrement() > 0
        ? Answer.status(503) : Answer.OK);
    rw = builder().shards(1).start();
    awaitFirstRead();
    assertThat(rw.flush()).isTrue();
    assertThat(rw.flush()).isTrue();

    assertThat(receiver.accepted).containsExactly("V1 shard=0 read=1", "V1 shard=0 read=2",
        "V1 shard=0 read=3");
    assertThat(rw.metrics().requests.labelValues("http_5xx").get()).isEqualTo(3);
    assertThat(rw.metrics().samplesFailed.labelValues("http_5xx").get()).isEqualTo(30);
    assertThat(rw.metrics().samplesDropped.labelValues("http_4xx").get()).isZero();
  }

  @Test
  void aConnectionErrorIsRetriedUntilTheReceiverIsBackOnItsPort() throws Exception {
    int port = receiver.port();
    receiver.close();
    rw = builder().url("http://127.0.0.1:" + port + "/api/v1/write").shards(1).start();
    await(() -> rw.metrics().requests.labelValues("connect").get() >= 2, "two refused connections");

    receiver = new FakeReceiver(port);
    await(() -> receiver.accepted.size() == 1, "the first read delivered after the restart");
    assertThat(receiver.accepted).containsExactly("V1 shard=0 read=1");
    await(() -> rw.queuedSamples() == 0, "the queue empty");
  }

  @Test
  void a415ToV2SwitchesToV1AndResendsTheSameBatch() throws Exception {
    receiver.respond(r -> r.text().startsWith("V2") ? Answer.status(415) : Answer.OK);
    rw = builder().protocol(RemoteWriteProtocol.V2).shards(1).start();
    awaitFirstRead();
    assertThat(rw.flush()).isTrue();

    assertThat(receiver.requests()).extracting(FakeReceiver.Request::text)
        .containsExactly("V2 shard=0 read=1", "V1 shard=0 read=1", "V1 shard=0 read=2");
    assertThat(receiver.requests().get(1).header("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
    assertThat(rw.protocol()).isEqualTo(RemoteWriteProtocol.V1);
    assertThat(rw.metrics().samplesDropped.labelValues("http_4xx").get()).isZero();
  }

  @Test
  void aReceiverThatAccepts2Point0WithoutCountingWhatItWroteGetsTheSameBatchAgainIn1Point0() throws Exception {
    receiver.speaksV2(false);
    rw = builder().protocol(RemoteWriteProtocol.V2).shards(1).start();
    awaitFirstRead();
    assertThat(rw.flush()).isTrue();

    assertThat(receiver.requests()).extracting(FakeReceiver.Request::text)
        .containsExactly("V2 shard=0 read=1", "V1 shard=0 read=1", "V1 shard=0 read=2");
    assertThat(rw.protocol()).isEqualTo(RemoteWriteProtocol.V1);
    assertThat(rw.metrics().requests.labelValues("v2_not_understood").get()).isEqualTo(1);
  }

  @Test
  void a429IsRetriedAfterItsRetryAfterOnTheSendersClock() throws Exception {
    SteppingClock clock = new SteppingClock(Duration.ofMinutes(30));
    List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger tooMany = new AtomicInteger(1);
    receiver.respond(r -> {
      arrivals.add(clock.nanoTime());
      return tooMany.getAndDecrement() > 0 ? new Answer(429, Map.of("Retry-After", "7")) : Answer.OK;
    });
    rw = builder().clock(clock).shards(1).start();
    await(() -> receiver.accepted.size() == 1, "the batch accepted after the 429");

    assertThat(arrivals.get(1) - arrivals.get(0)).isEqualTo(Duration.ofSeconds(7).toNanos());
    assertThat(rw.metrics().requests.labelValues("http_429").get()).isEqualTo(1);
  }

  @Test
  void aRetryAfterTooLongForNanosecondsIsCutToMaxRetryAfterAndTheShardGoesOn() throws Exception {
    // 99999999999 s does not fit Duration.toNanos(): before the fix an ArithmeticException ended
    // the shard's thread, and nothing of that shard was ever sent again.
    AtomicInteger tooMany = new AtomicInteger(1);
    receiver.respond(r -> tooMany.getAndDecrement() > 0
        ? new Answer(429, Map.of("Retry-After", "99999999999")) : Answer.OK);
    rw = builder().maxRetryAfter(Duration.ofMillis(50)).shards(1).start();
    awaitFirstRead();
    assertThat(rw.flush()).isTrue();

    assertThat(receiver.accepted).containsExactly("V1 shard=0 read=1", "V1 shard=0 read=2");
    assertThat(rw.metrics().requests.labelValues("http_429").get()).isEqualTo(1);
  }

  @Test
  void with429RetriesOffA429DropsTheBatch() throws Exception {
    receiver.respond(r -> r.text().contains("read=1") ? Answer.status(429) : Answer.OK);
    rw = builder().retryOn429(false).shards(1).start();
    awaitFirstRead();
    assertThat(rw.flush()).isTrue();

    assertThat(receiver.accepted).containsExactly("V1 shard=0 read=2");
    assertThat(rw.metrics().samplesDropped.labelValues("http_429").get()).isEqualTo(10);
  }

  @Test
  void aHangingReceiverTimesOutAndTheBatchIsRetried() throws Exception {
    AtomicInteger hangs = new AtomicInteger(1);
    receiver.respond(r -> hangs.getAndDecrement() > 0 ? Answer.HANG : Answer.OK);
    rw = builder().requestTimeout(Duration.ofMillis(300)).shards(1).start();
    await(() -> receiver.accepted.size() == 1, "the batch accepted after the hang");

    assertThat(receiver.accepted).containsExactly("V1 shard=0 read=1");
    assertThat(rw.metrics().requests.labelValues("timeout").get()).isEqualTo(1);
  }

  @Test
  void closeSendsALastReadBeforeItReturns() throws Exception {
    rw = builder().shards(2).start();
    await(() -> receiver.accepted.size() == 2, "the first read");
    rw.close();

    assertThat(receiver.accepted).contains("V1 shard=0 read=2", "V1 shard=1 read=2");
    assertThat(rw.flush()).isFalse();
  }

  @Test
  void closeAgainstAHangingReceiverEndsWithinTheCloseTimeoutAndCountsWhatIsLeft() throws Exception {
    receiver.respond(r -> Answer.HANG);
    rw = builder().requestTimeout(Duration.ofSeconds(20)).closeTimeout(Duration.ofSeconds(1))
        .shards(2).start();
    await(() -> receiver.requests().size() == 2, "both shards in flight");

    long start = System.nanoTime();
    rw.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(rw.metrics().samplesDropped.labelValues("closed").get()).isEqualTo(40); // two reads, two shards
    assertThat(rw.queuedSamples()).isZero();
  }

  @Test
  void closeWithShardsStuckInAHandlerThatIgnoresInterruptsOutlastsItsTimeoutByOneSecondAtMost()
      throws Exception {
    java.util.concurrent.atomic.AtomicBoolean release = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.CountDownLatch allStuck = new java.util.concurrent.CountDownLatch(4);
    rw = builder().closeTimeout(Duration.ofMillis(500)).shards(4).handler(request -> {
      allStuck.countDown();
      while (!release.get()) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException ignored) {
          // a handler that does not give up, e.g. a blocking token fetch
        }
      }
    }).start();
    try {
      assertThat(allStuck.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      long start = System.nanoTime();
      rw.close();
      // Before: one second per shard after the close timeout, 4.5 s here.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    } finally {
      release.set(true);
    }
  }

  @Test
  void aSlowReceiverHasSeveralShardsInFlightAtOnce() throws Exception {
    java.util.concurrent.CountDownLatch bothArrived = new java.util.concurrent.CountDownLatch(2);
    receiver.respond(r -> {
      bothArrived.countDown();
      try {
        // Answers only once both shards' requests are in: one shard alone would wait 5 s.
        bothArrived.await(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Answer.OK;
    });
    rw = builder().shards(2).start();
    long start = System.nanoTime();
    await(() -> receiver.accepted.size() == 2, "both shards' batches");

    assertThat(bothArrived.getCount()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void samplesBeyondTheQueueBoundAreDroppedOldestFirstWhileTheReceiverIsDown() throws Exception {
    receiver.respond(r -> Answer.status(503));
    rw = builder().shards(1).queueCapacitySamples(30).maxSamplesPerBatch(10)
        .flushTimeout(Duration.ofMillis(200)).start();
    awaitFirstRead();
    for (int i = 0; i < 4; i++) {
      assertThat(rw.flush()).isFalse();
    }
    // Reads 1..5 of 10 samples each; the queue holds 3 batches: reads 1 and 2 were dropped.
    assertThat(rw.metrics().samplesDropped.labelValues("queue_full").get()).isEqualTo(20);
    receiver.respond(r -> Answer.OK);
    await(() -> rw.queuedSamples() == 0, "the queue sent");
    assertThat(receiver.accepted).containsExactly("V1 shard=0 read=3", "V1 shard=0 read=4",
        "V1 shard=0 read=5");
  }

  @Test
  void aConnectionClosedWithoutAnAnswerIsRetried() throws Exception {
    AtomicInteger resets = new AtomicInteger(1);
    receiver.respond(r -> resets.getAndDecrement() > 0 ? Answer.RESET : Answer.OK);
    rw = builder().shards(1).start();
    await(() -> receiver.accepted.size() == 1, "the batch accepted after the reset");

    assertThat(receiver.requests()).hasSize(2);
    assertThat(receiver.accepted).containsExactly("V1 shard=0 read=1");
    assertThat(rw.metrics().requests.labelValues("io").get()).isEqualTo(1);
  }

  @Test
  void eachShardKeepsItsOrderAndIsNotHeldUpByAnotherShardsRetries() throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(3);
    receiver.respond(r -> r.text().contains("shard=0 read=1") && failuresLeft.getAndDecrement() > 0
        ? Answer.status(503) : Answer.OK);
    rw = builder().shards(2).initialBackoff(Duration.ofMillis(200)).maxBackoff(Duration.ofMillis(400)).start();
    awaitFirstRead();
    assertThat(rw.flush()).isTrue();
    assertThat(rw.flush()).isTrue();

    assertThat(receiver.accepted.stream().filter(t -> t.contains("shard=0")))
        .containsExactly("V1 shard=0 read=1", "V1 shard=0 read=2", "V1 shard=0 read=3");
    assertThat(receiver.accepted.stream().filter(t -> t.contains("shard=1")))
        .containsExactly("V1 shard=1 read=1", "V1 shard=1 read=2", "V1 shard=1 read=3");
    // Shard 1 sent its first two batches while shard 0 was still backing off (>= 100+200+400 ms).
    assertThat(receiver.accepted.indexOf("V1 shard=1 read=2"))
        .isLessThan(receiver.accepted.indexOf("V1 shard=0 read=1"));
  }

  @Test
  void retriesBackOffExponentiallyOnTheSendersClock() throws Exception {
    SteppingClock clock = new SteppingClock(Duration.ofMinutes(30));
    List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger failuresLeft = new AtomicInteger(3);
    receiver.respond(r -> {
      arrivals.add(clock.nanoTime());
      return failuresLeft.getAndDecrement() > 0 ? Answer.status(500) : Answer.OK;
    });
    rw = builder().clock(clock).initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(3))
        .shards(1).start();
    await(() -> receiver.accepted.size() == 1, "the batch accepted after three 500s");

    // Equal jitter: the wait before retry n is in [b/2, b] for b = 1 s, 2 s, 3 s (capped).
    long[] waitsMs = {arrivals.get(1) - arrivals.get(0), arrivals.get(2) - arrivals.get(1),
        arrivals.get(3) - arrivals.get(2)};
    for (int i = 0; i < 3; i++) {
      waitsMs[i] /= 1_000_000;
    }
    assertThat(waitsMs[0]).isBetween(500L, 1000L);
    assertThat(waitsMs[1]).isBetween(1000L, 2000L);
    assertThat(waitsMs[2]).isBetween(1500L, 3000L);
  }

  @Test
  void aThrowingHandlerFailsTheAttemptWhichIsRetried() throws Exception {
    AtomicInteger throwsLeft = new AtomicInteger(1);
    rw = builder().shards(1).handler(request -> {
      if (throwsLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("token service down");
      }
      request.setHeader("X-BK-TOKEN", "fresh");
    }).start();
    await(() -> receiver.accepted.size() == 1, "the batch accepted after the handler recovered");

    assertThat(receiver.requests()).hasSize(1);
    assertThat(receiver.requests().get(0).header("X-BK-TOKEN")).isEqualTo("fresh");
    assertThat(rw.metrics().requests.labelValues("handler").get()).isEqualTo(1);
  }

  @Test
  void theBuilderRefusesProtocolHeadersAndBadExternalLabelsByName() {
    RemoteWrite.Builder b = RemoteWrite.builder();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.header("Content-Encoding", "gzip"))
        .hasMessageContaining("Content-Encoding").hasMessageContaining("remote-write protocol");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.header("authorization", "x"))
        .hasMessageContaining("basicAuth");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.externalLabel("__name__", "x"))
        .hasMessageContaining("__name__");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.externalLabel("bad-name", "x"))
        .hasMessageContaining("bad-name");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.externalLabel("job", ""))
        .hasMessageContaining("job").hasMessageContaining("empty");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RemoteWrite.builder().url("ftp://h/x"))
        .hasMessageContaining("http");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RemoteWrite.builder().url(receiver.url())
        .registry(new CollectorRegistry()).queueCapacitySamples(10).maxSamplesPerBatch(20).start())
        .hasMessageContaining("queueCapacitySamples");
  }

  @Test
  void theIntervalReadsOnTheSendersClockAndEveryReadIsSent() throws Exception {
    SteppingClock clock = new SteppingClock(Duration.ofSeconds(35));
    rw = builder().clock(clock).interval(Duration.ofSeconds(10)).shards(1).start();
    // Reads at 0, 10, 20 and 30 s; the one at 40 s waits beyond the horizon.
    await(() -> receiver.accepted.size() == 4, "four reads sent");
    Thread.sleep(200);

    assertThat(batches.reads.get()).isEqualTo(4);
    assertThat(receiver.accepted).containsExactly("V1 shard=0 read=1", "V1 shard=0 read=2",
        "V1 shard=0 read=3", "V1 shard=0 read=4");
    clock.setHorizon(Duration.ofDays(365)); // lets close() run on time
  }

  @Test
  void selfMetricsAreRegisteredInTheWrittenRegistryOnlyWhenAskedAndLeaveItOnClose() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    try (RemoteWrite quiet = builder().registry(registry).start()) {
      assertThat(registry.collect().asList().stream().map(f -> f.name())).isEmpty();
    }
    batches = new TextBatches(10); // reads counted from 0 again
    rw = builder().registry(registry).selfMetrics(true).start();
    awaitFirstRead();
    assertThat(rw.flush()).isTrue();
    assertThat(registry.collect().asList().stream().map(f -> f.name()))
        .contains("promsdk_remote_write_samples_sent", "promsdk_remote_write_queue_samples",
            "promsdk_remote_write_shards");
    assertThat(rw.metrics().shards.get()).isEqualTo(2);
    assertThat(rw.metrics().samplesSent.get()).isEqualTo(40);
    rw.close();
    assertThat(registry.collect().asList().stream().map(f -> f.name())).isEmpty();
  }
}
