package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.exemplars.Exemplars;
import io.promsdk.core.exemplars.SpanContextSupplier;
import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Manual and automatic exemplars of counters and histograms: where they are kept, the rate limit
 * of automatic ones (with a stepped clock, no sleeping), the switches, racing writers, and the hot
 * path's allocations once an exemplar is kept.
 */
class ExemplarSamplingTest {

  /** A clock the test steps. */
  static final class SteppedClock implements ExemplarClock {
    volatile long now = 1_000;

    @Override
    public long millis() {
      return now;
    }
  }

  /** A "tracer" whose current span the test sets; counts the look-ups. */
  static final class FakeSpans implements SpanContextSupplier {
    final AtomicInteger lookups = new AtomicInteger();
    final ThreadLocal<Labels> current = new ThreadLocal<>();
    volatile Labels global;

    @Override
    public Labels exemplarLabels() {
      lookups.incrementAndGet();
      Labels l = current.get();
      return l != null ? l : global;
    }
  }

  private static Labels span(String trace, String span) {
    return Labels.of("trace_id", trace, "span_id", span);
  }

  private static Exemplar counterExemplar(Counter c) {
    CounterSnapshot s = c.snapshot();
    return s.dataPoints().get(0).exemplar();
  }

  // ---------------------------------------------------------------- manual exemplars

  @Test
  void incWithExemplarKeepsTheLatestWithItsTimestamp() {
    Counter c = Counter.builder().name("requests_total").exemplarSource(null, new SteppedClock()).build();
    long before = System.currentTimeMillis();
    c.incWithExemplar(2, span("t1", "s1"));
    c.incWithExemplar(3, span("t2", "s2"));
    long after = System.currentTimeMillis();
    Exemplar e = counterExemplar(c);
    assertThat(c.get()).isEqualTo(5);
    assertThat(e.labels()).isEqualTo(span("t2", "s2"));
    assertThat(e.value()).isEqualTo(3);
    assertThat(e.timestampMillis()).isBetween(before, after);
  }

  @Test
  void labelledChildrenKeepTheirOwn() {
    Counter c = Counter.builder().name("c_total").labelNames("path").build();
    c.labelValues("/a").incWithExemplar(1, span("ta", "sa"));
    c.labelValues("/b").inc();
    List<CounterSnapshot.CounterDataPoint> points = c.snapshot().dataPoints();
    assertThat(points).extracting(p -> p.labels().get("path")).containsExactly("/a", "/b");
    assertThat(points.get(0).exemplar().labels().get("trace_id")).isEqualTo("ta");
    assertThat(points.get(1).exemplar()).isNull();
  }

  @Test
  void observeWithExemplarKeepsItInTheValuesBucket() {
    Histogram h = Histogram.builder().name("latency_seconds").buckets(0.1, 0.5, 1).build();
    h.observeWithExemplar(0.3, span("t1", "s1"));
    h.observeWithExemplar(7, span("t2", "s2"));
    h.observe(0.05);
    HistogramSnapshot.HistogramDataPoint p = h.snapshot().dataPoints().get(0);
    assertThat(p.count()).isEqualTo(3);
    assertThat(p.bucketExemplar(0)).isNull();
    assertThat(p.bucketExemplar(1).labels().get("trace_id")).isEqualTo("t1");
    assertThat(p.bucketExemplar(1).value()).isEqualTo(0.3);
    assertThat(p.bucketExemplar(2)).isNull();
    assertThat(p.bucketExemplar(3).value()).isEqualTo(7); // +Inf
    // The default histogram is classic + native: its native exemplars are the buckets', in order.
    assertThat(p.hasNativeBuckets()).isTrue();
    assertThat(p.nativeExemplarCount()).isEqualTo(2);
    assertThat(p.nativeExemplar(0).labels().get("trace_id")).isEqualTo("t1");
    assertThat(p.nativeExemplar(1).labels().get("trace_id")).isEqualTo("t2");

    Histogram classic = Histogram.builder().name("classic_seconds").classicOnly().buckets(0.1, 0.5, 1).build();
    classic.observeWithExemplar(0.3, span("t1", "s1"));
    HistogramSnapshot.HistogramDataPoint c = classic.snapshot().dataPoints().get(0);
    assertThat(c.bucketExemplar(1).labels().get("trace_id")).isEqualTo("t1");
    assertThat(c.nativeExemplarCount()).as("no native buckets, no native exemplars").isZero();
  }

  @Test
  void nativeOnlyKeepsOneExemplarInItsInfBucket() {
    Histogram h = Histogram.builder().name("native_seconds").nativeOnly().build();
    h.observeWithExemplar(0.3, span("t1", "s1"));
    h.observeWithExemplar(70, span("t2", "s2"));
    HistogramSnapshot.HistogramDataPoint p = h.snapshot().dataPoints().get(0);
    assertThat(p.bucketCount()).isEqualTo(1);
    assertThat(p.bucketExemplar(0).labels().get("trace_id")).isEqualTo("t2"); // the latest
    assertThat(p.nativeExemplarCount()).isEqualTo(1);
    assertThat(p.nativeExemplar(0).value()).isEqualTo(70);
  }

  @Test
  void timersEndWithAnExemplar() {
    Histogram h = Histogram.builder().name("t_seconds").buckets(1000).build();
    Timer t = h.startTimer();
    double seconds = t.observeDurationWithExemplar(span("t9", "s9"));
    t.observeDurationWithExemplar(span("t10", "s10")); // a second end records nothing
    HistogramSnapshot.HistogramDataPoint p = h.snapshot().dataPoints().get(0);
    assertThat(p.count()).isEqualTo(1);
    assertThat(p.bucketExemplar(0).value()).isEqualTo(seconds);
    assertThat(p.bucketExemplar(0).labels().get("trace_id")).isEqualTo("t9");

    Histogram.Child child = Histogram.builder().name("u_seconds").labelNames("a").buckets(1000).build()
        .labelValues("x");
    child.startTimer().observeDurationWithExemplar(span("t11", "s11"));
    assertThat(child.exemplars.get(0).labels().get("trace_id")).isEqualTo("t11");
  }

  @Test
  void tooLongLabelsAreRefusedNamingTheMetricAndNothingIsCounted() {
    Counter c = Counter.builder().name("c_total").build();
    Labels tooLong = Labels.of("trace_id", "x".repeat(121));
    assertThatThrownBy(() -> c.incWithExemplar(1, tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counter 'c'")
        .hasMessageContaining("trace_id=")
        .hasMessageContaining("at most 128");
    assertThat(c.get()).isZero();
    Histogram h = Histogram.builder().name("h").withoutExemplars().build();
    assertThatThrownBy(() -> h.observeWithExemplar(1, tooLong))
        .as("refused even when exemplars are off").hasMessageContaining("histogram 'h'");
    assertThatThrownBy(() -> c.incWithExemplar(-1, span("t", "s"))).hasMessageContaining("only go up");
  }

  @Test
  void withoutExemplarsAndTheGlobalSwitchKeepNone() {
    Counter off = Counter.builder().name("off_total").withoutExemplars().build();
    off.incWithExemplar(1, span("t", "s"));
    assertThat(off.get()).isEqualTo(1);
    assertThat(counterExemplar(off)).isNull();

    Exemplars.setEnabled(false);
    try {
      Counter global = Counter.builder().name("g_total").build();
      global.incWithExemplar(1, span("t", "s"));
      assertThat(counterExemplar(global)).isNull();
    } finally {
      Exemplars.setEnabled(true);
    }
    Counter on = Counter.builder().name("on_total").build();
    on.incWithExemplar(1, span("t", "s"));
    assertThat(counterExemplar(on)).isNotNull();
  }

  // ---------------------------------------------------------------- memory

  /** Slots cost 70-200 B per series: a series gets them only with its first exemplar. */
  @Test
  void seriesWithoutAnExemplarHoldNoSlots() {
    SteppedClock clock = new SteppedClock();
    FakeSpans spans = new FakeSpans();
    Counter c = Counter.builder().name("lazy_total").labelNames("k").exemplarSource(spans, clock).build();
    Histogram h = Histogram.builder().name("lazy_seconds").labelNames("k").exemplarSource(spans, clock).build();
    Counter noSupplier = Counter.builder().name("plain_total").exemplarSource(null, clock).build();
    for (int i = 0; i < 100; i++) {
      c.labelValues("a").inc();
      h.labelValues("a").observe(0.3);
      noSupplier.inc();
    }
    assertThat(c.labelValues("a").exemplars).isNull();
    assertThat(h.labelValues("a").exemplars).isNull();
    assertThat(noSupplier.noLabels().exemplars).isNull();
    assertThat(spans.lookups).as("one shared gate for the metric's series without slots").hasValue(2);

    clock.now += CoarseClock.TICK_MILLIS;
    spans.global = span("t", "s");
    c.labelValues("a").inc();
    h.labelValues("a").observe(0.3);
    noSupplier.incWithExemplar(1, span("m", "m"));
    assertThat(counterExemplar(c).labels()).isEqualTo(span("t", "s"));
    assertThat(h.snapshot().dataPoints().get(0).bucketExemplar(6).labels()).isEqualTo(span("t", "s")); // 0.3 <= .5
    assertThat(counterExemplar(noSupplier).labels()).isEqualTo(span("m", "m"));
    assertThat(c.labelValues("b").exemplars).as("other series still have none").isNull();
  }

  // ---------------------------------------------------------------- automatic exemplars

  @Test
  void aSampledSpanGivesOneExemplarPerIntervalPerSeries() {
    SteppedClock clock = new SteppedClock();
    FakeSpans spans = new FakeSpans();
    Counter c = Counter.builder().name("auto_total").exemplarSampleInterval(Duration.ofSeconds(5))
        .exemplarSource(spans, clock).build();
    spans.global = span("t1", "s1");
    c.inc();
    assertThat(counterExemplar(c).labels()).isEqualTo(span("t1", "s1"));
    assertThat(counterExemplar(c).value()).isEqualTo(1);

    spans.global = span("t2", "s2");
    for (int i = 0; i < 100; i++) {
      c.inc(2.5);
    }
    clock.now += 4_999;
    c.inc(3L);
    assertThat(spans.lookups).as("the gate stays closed for the interval").hasValue(1);
    assertThat(counterExemplar(c).labels()).isEqualTo(span("t1", "s1"));

    clock.now += 1;
    c.inc(3L);
    assertThat(spans.lookups).hasValue(2);
    assertThat(counterExemplar(c).labels()).isEqualTo(span("t2", "s2"));
    assertThat(counterExemplar(c).value()).isEqualTo(3);
  }

  @Test
  void withoutASpanTheSupplierIsAskedOncePerRetryPeriod() {
    SteppedClock clock = new SteppedClock();
    FakeSpans spans = new FakeSpans();
    Histogram h = Histogram.builder().name("auto_seconds").buckets(1).exemplarSource(spans, clock).build();
    for (int i = 0; i < 1000; i++) {
      h.observe(0.5);
    }
    assertThat(spans.lookups).hasValue(1);
    assertThat(h.snapshot().dataPoints().get(0).bucketExemplar(0)).isNull();
    clock.now += CoarseClock.TICK_MILLIS;
    spans.global = span("t3", "s3");
    h.observe(0.5);
    h.observe(2); // the +Inf bucket has its own gate, open from the start
    assertThat(spans.lookups).hasValue(3);
    HistogramSnapshot.HistogramDataPoint p = h.snapshot().dataPoints().get(0);
    assertThat(p.bucketExemplar(0).labels().get("span_id")).isEqualTo("s3");
    assertThat(p.bucketExemplar(1).value()).isEqualTo(2);
  }

  @Test
  void aSeriesWithSlotsFindingNoSpanAsksAgainAfterTheRetryPeriodNotTheInterval() {
    SteppedClock clock = new SteppedClock();
    FakeSpans spans = new FakeSpans();
    spans.global = span("t1", "s1");
    Counter c = Counter.builder().name("retry_total").exemplarSource(spans, clock).build();
    c.inc(); // the first exemplar creates the series' slots
    assertThat(counterExemplar(c).labels().get("trace_id")).isEqualTo("t1");
    clock.now += Exemplars.DEFAULT_SAMPLE_INTERVAL.toMillis();
    spans.global = null;
    c.inc(); // the slot's gate is open, no span: closed for the retry period only
    int lookups = spans.lookups.get();
    c.inc();
    assertThat(spans.lookups).hasValue(lookups);
    clock.now += CoarseClock.TICK_MILLIS;
    spans.global = span("t2", "s2");
    c.inc();
    assertThat(counterExemplar(c).labels().get("trace_id")).isEqualTo("t2");
  }

  @Test
  void aManualExemplarIsNotReplacedByAnAutomaticOneWithinTheInterval() {
    SteppedClock clock = new SteppedClock();
    FakeSpans spans = new FakeSpans();
    spans.global = span("auto", "a");
    Counter c = Counter.builder().name("m_total").exemplarSource(spans, clock).build();
    c.incWithExemplar(1, span("manual", "m"));
    c.inc();
    assertThat(counterExemplar(c).labels().get("trace_id")).isEqualTo("manual");
    clock.now += Exemplars.DEFAULT_SAMPLE_INTERVAL.toMillis();
    c.inc();
    assertThat(counterExemplar(c).labels().get("trace_id")).isEqualTo("auto");
  }

  @Test
  void aSupplierThatThrowsOrGivesTooLongLabelsNeverFailsInc() {
    SteppedClock clock = new SteppedClock();
    Counter throwing = Counter.builder().name("x_total").exemplarSource(() -> {
      throw new IllegalStateException("tracer broken");
    }, clock).build();
    throwing.inc();
    assertThat(throwing.get()).isEqualTo(1);
    assertThat(counterExemplar(throwing)).isNull();
    Counter tooLong = Counter.builder().name("y_total")
        .exemplarSource(() -> Labels.of("trace_id", "x".repeat(200)), clock).build();
    tooLong.inc();
    assertThat(tooLong.get()).isEqualTo(1);
    assertThat(counterExemplar(tooLong)).isNull();
  }

  // ---------------------------------------------------------------- races and allocations

  @Test
  void racingWritersLeaveOneWholeExemplar() throws Exception {
    SteppedClock clock = new SteppedClock();
    FakeSpans spans = new FakeSpans();
    Counter manual = Counter.builder().name("race_total").exemplarSource(null, clock).build();
    Counter auto = Counter.builder().name("race_auto_total").exemplarSource(spans, clock).build();
    int threads = 4;
    int rounds = 200;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread w = new Thread(() -> {
        try {
          start.await();
          spans.current.set(span("trace-" + id, "span-" + id));
          for (int r = 0; r < rounds; r++) {
            manual.incWithExemplar(id, span("trace-" + id, "span-" + id));
            auto.inc(id);
            Exemplar seen = counterExemplar(manual);
            assertThat(seen.labels().get("span_id")).isEqualTo("span-" + (int) seen.value());
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      w.start();
      workers.add(w);
    }
    start.countDown();
    for (Thread w : workers) {
      w.join(30_000);
    }
    assertThat(failures).isEmpty();
    Exemplar kept = counterExemplar(auto);
    // Whichever thread won the gate, its labels and value belong together.
    assertThat(kept.labels().get("trace_id")).isEqualTo("trace-" + (int) kept.value());
    assertThat(manual.get()).isEqualTo(rounds * (0 + 1 + 2 + 3));
    // The clock never moved: the gate opened once, so no later thread replaced the winner.
    Exemplar again = counterExemplar(auto);
    assertThat(again).isSameAs(kept);
  }

  /**
   * Four threads pass the open gate together and ask the supplier; they are let out of it one
   * after the other: the first to move the gate keeps its exemplar, the later ones keep nothing.
   */
  @Test
  void ofAutomaticExemplarsRacingForAnOpenGateOnlyTheFirstIsKept() throws Exception {
    int threads = 4;
    java.util.concurrent.CyclicBarrier allInside = new java.util.concurrent.CyclicBarrier(threads + 1);
    java.util.concurrent.Semaphore[] leave = new java.util.concurrent.Semaphore[threads];
    for (int t = 0; t < threads; t++) {
      leave[t] = new java.util.concurrent.Semaphore(0);
    }
    ThreadLocal<Integer> id = new ThreadLocal<>();
    SpanContextSupplier spans = () -> {
      int me = id.get();
      try {
        allInside.await(10, java.util.concurrent.TimeUnit.SECONDS);
        leave[me].acquire();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      return span("trace-" + me, "span-" + me);
    };
    Counter c = Counter.builder().name("gate_total").exemplarSource(spans, new SteppedClock()).build();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int me = t;
      workers[t] = new Thread(() -> {
        id.set(me);
        c.inc(me + 1);
      });
      workers[t].start();
    }
    allInside.await(10, java.util.concurrent.TimeUnit.SECONDS);
    for (int t = 0; t < threads; t++) {
      leave[t].release();
      workers[t].join(10_000);
      assertThat(workers[t].isAlive()).isFalse();
    }
    assertThat(c.get()).isEqualTo(1 + 2 + 3 + 4);
    assertThat(counterExemplar(c).labels().get("trace_id")).isEqualTo("trace-0");
    assertThat(counterExemplar(c).value()).isEqualTo(1);
  }

  @Test
  void onceTheExemplarIsKeptIncAndObserveAllocateNothing() {
    SteppedClock clock = new SteppedClock();
    FakeSpans spans = new FakeSpans();
    spans.global = span("t", "s");
    FakeSpans none = new FakeSpans();
    Counter withSpan = Counter.builder().name("a_total").exemplarSource(spans, clock).build();
    Counter noSpan = Counter.builder().name("b_total").exemplarSource(none, clock).build();
    Histogram histogram = Histogram.builder().name("h").labelNames("x").exemplarSource(spans, clock).build();
    Histogram.Child child = histogram.labelValues("v");
    Runnable work = () -> {
      for (int i = 0; i < 100_000; i++) {
        withSpan.inc();
        noSpan.inc(2.0);
        child.observe(i % 20 * 0.001);
      }
    };
    assertThat(AllocatedBytes.perCall(work, 10, 300_000)).as("bytes per call").isLessThan(0.05);
    assertThat(counterExemplar(withSpan)).isNotNull();
    assertThat(spans.lookups.get()).as("one look-up per kept exemplar").isLessThanOrEqualTo(1 + 12);
  }
}
