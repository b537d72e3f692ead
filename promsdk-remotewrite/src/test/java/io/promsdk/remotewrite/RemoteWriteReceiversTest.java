package io.promsdk.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Summary;
import io.promsdk.exporter.common.push.SenderClock;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.PrometheusServer.QueryResult;
import io.promsdk.testsupport.TokenFront;
import io.promsdk.testsupport.VictoriaMetricsServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Remote write 1.0 into a real Prometheus 2.42 ({@code --web.enable-remote-write-receiver}) and a
 * real VictoriaMetrics, read back with PromQL: values, labels and timestamps exactly.
 */
@Tag("peers")
class RemoteWriteReceiversTest {
  private static PrometheusServer prometheus;
  private static VictoriaMetricsServer victoria;

  private CollectorRegistry registry;

  @BeforeAll
  static void startReceivers() {
    prometheus = PrometheusServer.startRemoteWriteReceiver();
    victoria = VictoriaMetricsServer.start();
  }

  @AfterAll
  static void stopReceivers() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (victoria != null) {
      victoria.close();
    }
  }

  @BeforeEach
  void setUp() {
    registry = new CollectorRegistry();
  }

  /**
   * The system clock, but with wall time fixed at {@code epochMillis}: every read gets a known
   * timestamp (the sender makes later reads in the same millisecond +1 ms each).
   */
  private static SenderClock wallTimeAt(long epochMillis) {
    return new SenderClock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public long currentTimeMillis() {
        return epochMillis;
      }

      @Override
      public void await(Condition condition, long nanos) throws InterruptedException {
        condition.await(nanos, TimeUnit.NANOSECONDS);
      }
    };
  }

  private RemoteWrite.Builder writer(String url, String instance) {
    return RemoteWrite.builder().url(url).registry(registry).shutdownHook(false)
        .externalLabel("job", "rw-test").externalLabel("instance", instance)
        .externalLabel("region", "eu-1");
  }

  private void registerOneOfEachType(String prefix) {
    Counter.builder().name(prefix + "_requests").help("h").labelNames("path").register(registry)
        .labelValues("/pay").inc(3);
    Gauge.builder().name(prefix + "_temperature_celsius").help("h").register(registry).set(-21.25);
    Histogram histogram = Histogram.builder().name(prefix + "_latency_seconds").help("h")
        .classicOnly().buckets(0.1, 1).register(registry);
    histogram.observe(0.05);
    histogram.observe(0.5);
    histogram.observe(2);
    Summary summary = Summary.builder().name(prefix + "_size_bytes").help("h").quantile(0.5, 0.01)
        .register(registry);
    for (int i = 0; i < 5; i++) {
      summary.observe(300);
    }
  }

  /** Each result's value keyed by the value of {@code label}. */
  private static Map<String, Double> byLabel(List<QueryResult> results, String label) {
    Map<String, Double> m = new HashMap<>();
    results.forEach(r -> m.put(r.labels().get(label), r.value()));
    return m;
  }

  /** Reads back one of each type written at a known time, with the same PromQL on either store. */
  private void assertReadBack(String prefix, String instance, Function<String, List<QueryResult>> query) {
    Map<String, String> own = Map.of("job", "rw-test", "instance", instance, "region", "eu-1");
    List<QueryResult> requests = query.apply(prefix + "_requests_total");
    assertThat(requests).singleElement().satisfies(r -> {
      assertThat(r.value()).isEqualTo(3.0);
      assertThat(r.labels()).containsAllEntriesOf(own).containsEntry("path", "/pay")
          .containsEntry("__name__", prefix + "_requests_total").hasSize(5);
    });
    assertThat(query.apply(prefix + "_temperature_celsius")).singleElement()
        .satisfies(r -> assertThat(r.value()).isEqualTo(-21.25));
    assertThat(byLabel(query.apply(prefix + "_latency_seconds_bucket"), "le"))
        .isEqualTo(Map.of("0.1", 1.0, "1.0", 2.0, "+Inf", 3.0));
    assertThat(query.apply(prefix + "_latency_seconds_count")).singleElement()
        .satisfies(r -> assertThat(r.value()).isEqualTo(3.0));
    assertThat(query.apply(prefix + "_latency_seconds_sum")).singleElement()
        .satisfies(r -> assertThat(r.value()).isEqualTo(2.55));
    assertThat(byLabel(query.apply(prefix + "_size_bytes"), "quantile")).isEqualTo(Map.of("0.5", 300.0));
    assertThat(query.apply(prefix + "_size_bytes_count")).singleElement()
        .satisfies(r -> assertThat(r.value()).isEqualTo(5.0));
    assertThat(query.apply(prefix + "_size_bytes_sum")).singleElement()
        .satisfies(r -> assertThat(r.value()).isEqualTo(1500.0));
  }

  @Test
  void prometheusStoresValuesLabelsAndTimestampsExactly() {
    registerOneOfEachType("rwp");
    long t0 = System.currentTimeMillis() / 1000 * 1000 - 60_000 + 123; // a minute ago, odd ms
    try (RemoteWrite rw = writer(prometheus.remoteWriteUrl(), "app-1:8080").clock(wallTimeAt(t0))
        .interval(Duration.ofHours(1)).start()) {
      assertThat(rw.flush()).isTrue(); // the start's read at t0 (or t0+1) and this one
      assertThat(rw.metrics().samplesDropped.labelValues("http_4xx").get()).isZero();
    }
    // Three reads (start, flush, close) at t0, t0+1, t0+2: the last one is what an instant query sees.
    List<QueryResult> stamps = prometheus.awaitQuery("timestamp(rwp_requests_total)",
        r -> r.size() == 1, Duration.ofSeconds(10));
    assertThat(stamps.get(0).value()).isEqualTo((t0 + 2) / 1000.0);
    assertThat(prometheus.query("count_over_time(rwp_requests_total[5m])")).singleElement()
        .satisfies(r -> assertThat(r.value()).isEqualTo(3.0));
    assertReadBack("rwp", "app-1:8080", prometheus::query);
  }

  @Test
  void victoriaMetricsStoresValuesLabelsAndTimestampsExactly() {
    registerOneOfEachType("rwv");
    long t0 = System.currentTimeMillis() / 1000 * 1000 - 60_000 + 123;
    try (RemoteWrite rw = writer(victoria.writeUrl(), "app-2:8080").clock(wallTimeAt(t0))
        .interval(Duration.ofHours(1)).start()) {
      assertThat(rw.flush()).isTrue();
    }
    victoria.awaitQuery("rwv_requests_total", r -> r.size() == 1, Duration.ofSeconds(10));
    assertThat(victoria.export("rwv_requests_total"))
        .contains("\"timestamps\":[" + t0 + "," + (t0 + 1) + "," + (t0 + 2) + "]")
        .contains("\"values\":[3,3,3]");
    assertReadBack("rwv", "app-2:8080", victoria::query);
  }

  /**
   * Neither receiver speaks 2.0: both answer a 2.0 request 204 and store nothing (they read it as
   * an empty 1.0 request). The sender sees no written-samples count and falls back to 1.0.
   */
  @Test
  void a2Point0SenderFallsBackTo1Point0OnReceiversThatSilentlyIgnore2Point0() {
    Gauge.builder().name("rw_v2_gauge").help("h").register(registry).set(5);
    for (String url : List.of(prometheus.remoteWriteUrl(), victoria.writeUrl())) {
      try (RemoteWrite rw = writer(url, "v2").protocol(RemoteWriteProtocol.V2)
          .interval(Duration.ofHours(1)).start()) {
        assertThat(rw.flush()).isTrue();
        assertThat(rw.protocol()).as(url).isEqualTo(RemoteWriteProtocol.V1);
      }
    }
    assertThat(prometheus.awaitQuery("rw_v2_gauge", r -> r.size() == 1, Duration.ofSeconds(10)))
        .singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(5.0));
    assertThat(victoria.awaitQuery("rw_v2_gauge", r -> r.size() == 1, Duration.ofSeconds(10)))
        .singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(5.0));
  }

  @Test
  void nativeHistogramsReachAPrometheusWithTheFeatureOnlyWhenAskedAndItsClassicSeriesOtherwise() {
    Histogram both = Histogram.builder().name("rw_native_seconds").help("h").buckets(1).register(registry);
    both.observe(0.5);
    both.observe(3);
    try (PrometheusServer nativeReceiver = PrometheusServer.startRemoteWriteReceiver(
        "--enable-feature=native-histograms")) {
      try (RemoteWrite rw = writer(nativeReceiver.remoteWriteUrl(), "native").sendNativeHistograms(true)
          .interval(Duration.ofHours(1)).start()) {
        assertThat(rw.flush()).isTrue();
        assertThat(rw.metrics().samplesSent.get()).isPositive();
      }
      assertThat(nativeReceiver.awaitQuery("histogram_count(rw_native_seconds)", r -> r.size() == 1,
          Duration.ofSeconds(10))).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(2.0));
      assertThat(nativeReceiver.query("histogram_sum(rw_native_seconds)")).singleElement()
          .satisfies(r -> assertThat(r.value()).isEqualTo(3.5));
    }
    // The 2.42 receiver without the feature: by default only the classic series, all accepted.
    try (RemoteWrite rw = writer(prometheus.remoteWriteUrl(), "classic").interval(Duration.ofHours(1)).start()) {
      assertThat(rw.flush()).isTrue();
      assertThat(rw.metrics().requests.labelValues("http_5xx").get()).isZero();
    }
    assertThat(byLabel(prometheus.awaitQuery("rw_native_seconds_bucket{instance=\"classic\"}",
        r -> r.size() == 2, Duration.ofSeconds(10)), "le")).isEqualTo(Map.of("1.0", 1.0, "+Inf", 2.0));
  }

  /**
   * Prometheus answers 400 to a sample older than the series' last one. The sender drops that
   * batch, counts it, and its next batch (newer) goes through.
   */
  @Test
  void aBatchPrometheusRefusesWith400IsDroppedAndCountedAndTheNextOneGoesThrough() {
    Gauge.builder().name("rw_refused_gauge").help("h").register(registry).set(1);
    long t = System.currentTimeMillis() / 1000 * 1000 - 120_000;
    try (RemoteWrite first = writer(prometheus.remoteWriteUrl(), "refused").clock(wallTimeAt(t))
        .interval(Duration.ofHours(1)).start()) {
      assertThat(first.flush()).isTrue();
      assertThat(first.metrics().samplesSent.get()).isPositive();
    }
    // A second sender of the same series whose first read is a minute older than the stored
    // samples (refused: out of order), and whose later reads are newer.
    java.util.concurrent.atomic.AtomicBoolean firstRead = new java.util.concurrent.atomic.AtomicBoolean(true);
    SenderClock system = wallTimeAt(0);
    SenderClock laterOnly = new SenderClock() {
      @Override
      public long nanoTime() {
        return system.nanoTime();
      }

      @Override
      public long currentTimeMillis() {
        return firstRead.getAndSet(false) ? t - 60_000 : t + 10_000;
      }

      @Override
      public void await(Condition condition, long nanos) throws InterruptedException {
        system.await(condition, nanos);
      }
    };
    try (RemoteWrite second = writer(prometheus.remoteWriteUrl(), "refused").clock(laterOnly)
        .interval(Duration.ofHours(1)).shards(1).start()) {
      // Two flushes: the interval's first read and the first flush's may come in either order.
      assertThat(second.flush()).isTrue();
      assertThat(second.flush()).isTrue();
      assertThat(second.metrics().samplesDropped.labelValues("http_4xx").get()).isEqualTo(1);
      assertThat(second.metrics().requests.labelValues("http_4xx").get()).isEqualTo(1);
      assertThat(second.metrics().samplesSent.get()).isEqualTo(2);
    }
    assertThat(prometheus.query("timestamp(rw_refused_gauge)")).singleElement()
        .satisfies(r -> assertThat(r.value()).isGreaterThanOrEqualTo((t + 10_000) / 1000.0));
  }

  private static final Pattern TIMESTAMPS = Pattern.compile("\"timestamps\":\\[([0-9,]*)\\]");

  private static long[] exportedTimestamps(String export) {
    Matcher m = TIMESTAMPS.matcher(export);
    assertThat(m.find()).as("timestamps in %s", export).isTrue();
    return java.util.Arrays.stream(m.group(1).split(",")).mapToLong(Long::parseLong).toArray();
  }

  private static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void aReceiverStopped30SecondsLosesNoSampleThatFittedTheQueueAndCountsTheRestAsDropped()
      throws Exception {
    Counter.builder().name("rw_outage_ticks").help("h").register(registry).inc();
    try (RemoteWrite roomy = writer(victoria.writeUrl(), "roomy").interval(Duration.ofSeconds(1))
            .initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(500)).start();
        RemoteWrite small = writer(victoria.writeUrl(), "small").interval(Duration.ofSeconds(1))
            .initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofMillis(500))
            .queueCapacitySamples(10).maxSamplesPerBatch(10).start()) {
      await(() -> roomy.metrics().samplesSent.get() >= 2 && small.metrics().samplesSent.get() >= 2,
          Duration.ofSeconds(10), "two samples each before the outage");
      victoria.stop();
      Thread.sleep(30_000);
      assertThat(roomy.queuedSamples()).isGreaterThanOrEqualTo(25); // one sample a second queued
      victoria.restart();
      await(() -> roomy.queuedSamples() <= 1 && small.queuedSamples() <= 1, Duration.ofSeconds(20),
          "the queues sent after the restart");

      roomy.close();
      small.close();
      double roomySent = roomy.metrics().samplesSent.get();
      // The last sample (close's read) may take a moment to become searchable.
      await(() -> exportedTimestamps(victoria.export("rw_outage_ticks_total{instance=\"roomy\"}")).length
          >= roomySent, Duration.ofSeconds(10), "every sent sample searchable");
      long[] roomyStamps = exportedTimestamps(victoria.export("rw_outage_ticks_total{instance=\"roomy\"}"));
      // Every sample read was sent and stored, none dropped, one a second through the outage.
      assertThat(roomy.metrics().samplesDropped.labelValues("queue_full").get()).isZero();
      assertThat(roomyStamps.length).isEqualTo((int) roomySent).isGreaterThanOrEqualTo(32);
      for (int i = 1; i < roomyStamps.length; i++) {
        assertThat(roomyStamps[i] - roomyStamps[i - 1]).as("gap before sample %d", i).isLessThan(2_500);
      }

      // The small queue kept only the last 10 reads of the outage; the others were counted.
      double dropped = small.metrics().samplesDropped.labelValues("queue_full").get();
      double smallSent = small.metrics().samplesSent.get();
      await(() -> exportedTimestamps(victoria.export("rw_outage_ticks_total{instance=\"small\"}")).length
          >= smallSent, Duration.ofSeconds(10), "every sent sample searchable");
      long[] smallStamps = exportedTimestamps(victoria.export("rw_outage_ticks_total{instance=\"small\"}"));
      assertThat(dropped).isGreaterThanOrEqualTo(15);
      assertThat(smallStamps.length).isEqualTo((int) small.metrics().samplesSent.get());
      long longestGap = 0;
      for (int i = 1; i < smallStamps.length; i++) {
        longestGap = Math.max(longestGap, smallStamps[i] - smallStamps[i - 1]);
      }
      assertThat(longestGap).as("the dropped stretch").isGreaterThanOrEqualTo(15_000);
    }
  }

  @Test
  void theTokenFrontSeesTheTokenBasicAuthAndBearerArriveAndARefusedTokenIsCounted() throws Exception {
    Gauge.builder().name("rw_front_gauge").help("h").register(registry).set(7);
    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("bkmonitor:s3cret-tok".getBytes());
    try (TokenFront bkToken = new TokenFront(victoria.baseUrl(), "X-BK-TOKEN", "s3cret-tok");
        TokenFront basicFront = new TokenFront(victoria.baseUrl(), "Authorization", basic);
        TokenFront bearerFront = new TokenFront(victoria.baseUrl(), "Authorization", "Bearer s3cret-tok");
        RemoteWrite viaToken = writer("http://" + bkToken.hostPort() + "/api/v1/write", "token")
            .interval(Duration.ofHours(1)).header("X-BK-TOKEN", "s3cret-tok").start();
        RemoteWrite viaBasic = writer("http://" + basicFront.hostPort() + "/api/v1/write", "basic")
            .interval(Duration.ofHours(1)).basicAuth("bkmonitor", "s3cret-tok").start();
        RemoteWrite viaBearer = writer("http://" + bearerFront.hostPort() + "/api/v1/write", "bearer")
            .interval(Duration.ofHours(1)).handler(r -> r.setHeader("Authorization", "Bearer s3cret-tok"))
            .start();
        RemoteWrite wrongToken = writer("http://" + bkToken.hostPort() + "/api/v1/write", "wrong")
            .interval(Duration.ofHours(1)).header("X-BK-TOKEN", "not-it").start()) {
      for (RemoteWrite rw : List.of(viaToken, viaBasic, viaBearer, wrongToken)) {
        assertThat(rw.flush()).isTrue();
      }
      assertThat(bkToken.accepted()).isNotEmpty().allMatch("s3cret-tok"::equals);
      assertThat(basicFront.accepted()).isNotEmpty();
      assertThat(bearerFront.accepted()).isNotEmpty();
      assertThat(wrongToken.metrics().samplesDropped.labelValues("http_4xx").get()).isGreaterThanOrEqualTo(1);
      assertThat(wrongToken.metrics().samplesSent.get()).isZero();
      Predicate<List<QueryResult>> three = r -> r.size() == 3;
      assertThat(byLabel(victoria.awaitQuery("rw_front_gauge", three, Duration.ofSeconds(10)), "instance"))
          .isEqualTo(Map.of("token", 7.0, "basic", 7.0, "bearer", 7.0));
    }
  }
}
