package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@code expireAfterIdle}, on an injected clock: which series go, which stay, and how an update
 * through a child that expired meanwhile is kept (see {@link IdleExpiry}'s protocol). Every step is
 * taken by the test thread in a chosen order, so each interleaving is exercised deterministically.
 */
class IdleExpiryTest {
  private final AtomicLong millis = new AtomicLong(1_000_000);

  private Counter counter(int limit) {
    return Counter.builder().name("jobs_total").labelNames("job").cardinalityLimit(limit)
        .expireAfterIdle(Duration.ofSeconds(10)).expiryClock(millis::get).build();
  }

  private void advance(double seconds) {
    millis.addAndGet((long) (seconds * 1000));
  }

  /** A collection, which sweeps: label value to value. */
  private static Map<String, Double> scrape(Counter c) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (CounterDataPoint p : c.snapshot().dataPoints()) {
      m.put(p.labels().get("job"), p.value());
    }
    return m;
  }

  @Test
  void idleSeriesExpireAndActiveOnesStay() {
    Counter c = counter(100);
    c.labelValues("active").inc();
    c.labelValues("idle").inc();
    assertThat(scrape(c)).containsOnlyKeys("active", "idle"); // both marked idle now
    for (int t = 0; t < 4; t++) {
      advance(4);
      c.labelValues("active").inc();
      scrape(c);
    }
    assertThat(scrape(c)).containsExactly(Map.entry("active", 5.0));
  }

  @Test
  void aSeriesExpiresNoSoonerThanTheIdleTimeAfterItsLastUpdate() {
    Counter c = counter(100);
    scrape(c);
    c.labelValues("a").inc();
    advance(0.4);
    scrape(c); // marks a idle as of this second, rounded up
    advance(9.5); // 9.5 s after the sweep, 9.9 s after the update
    assertThat(scrape(c)).containsOnlyKeys("a");
    advance(0.6); // 10.5 s after the update, but the sweep's second was rounded up to 1 s
    assertThat(scrape(c)).containsOnlyKeys("a");
    advance(0.5); // 11 s after the update: 10 s after the rounded-up second
    assertThat(scrape(c)).isEmpty();
  }

  @Test
  void withoutCollectionsNothingExpires() {
    Counter c = counter(100);
    c.labelValues("a").inc();
    advance(1000);
    assertThat(scrape(c)).containsOnlyKeys("a"); // first sweep: marks idle only
  }

  @Test
  void anUpdateThroughAnExpiredChildRelinksItWithItsValue() {
    Counter c = counter(100);
    Counter.Child cached = c.labelValues("a");
    cached.inc(5);
    scrape(c);
    advance(11);
    assertThat(scrape(c)).isEmpty();
    assertThat(cached.idleState).isEqualTo(IdleExpiry.EXPIRED);

    cached.inc();
    assertThat(scrape(c)).containsExactly(Map.entry("a", 6.0));
    assertThat(c.labelValues("a")).isSameAs(cached);
  }

  @Test
  void anUpdateThroughAnExpiredChildWhoseLabelsWereRecreatedGoesToTheNewChildOnce() {
    Counter c = counter(100);
    Counter.Child stale = c.labelValues("a");
    stale.inc(5);
    scrape(c);
    advance(11);
    scrape(c); // expires the stale child
    Counter.Child fresh = c.labelValues("a");
    assertThat(fresh).isNotSameAs(stale);
    fresh.inc();

    stale.inc(2); // repeated on fresh; stale retires
    assertThat(stale.idleState).isEqualTo(IdleExpiry.RETIRED);
    assertThat(scrape(c)).containsExactly(Map.entry("a", 3.0));
    stale.inc(1);
    assertThat(scrape(c)).containsExactly(Map.entry("a", 4.0));

    // The fresh child expires too; the retired one must not come back with its 8.
    advance(11);
    scrape(c);
    advance(11);
    assertThat(scrape(c)).isEmpty();
    stale.inc(1); // a new series of 1: neither the retired child's 8 nor the expired fresh one's 4
    assertThat(scrape(c)).containsExactly(Map.entry("a", 1.0));
  }

  @Test
  void anUpdateAfterTheSweepMarkedTheChildIdleKeepsItFromExpiring() {
    Counter c = counter(100);
    Counter.Child a = c.labelValues("a");
    scrape(c);
    assertThat(IdleExpiry.isIdle(a.idleState)).isTrue();
    advance(9);
    a.inc(); // back to live by CAS, no lock
    assertThat(a.idleState).isEqualTo(IdleExpiry.LIVE);
    advance(9);
    assertThat(scrape(c)).containsExactly(Map.entry("a", 1.0));
  }

  @Test
  void expiryMakesRoomUnderTheLimitAndTheOverflowSeriesExpiresToo() {
    Counter c = counter(1);
    c.labelValues("a").inc();
    c.labelValues("b").inc(); // overflow
    assertThat(scrape(c)).containsOnlyKeys("a", "_overflow_");
    advance(11);
    c.labelValues("a").inc();
    assertThat(scrape(c)).containsOnlyKeys("a"); // overflow idle since the first scrape: gone
    advance(11);
    scrape(c);
    c.labelValues("b").inc(7);
    assertThat(scrape(c)).containsExactly(Map.entry("b", 7.0));
  }

  @Test
  void otherTypesKeepTheirUpdatesAcrossExpiryToo() {
    Gauge g = Gauge.builder().name("g").labelNames("k").expireAfterIdle(Duration.ofSeconds(1))
        .expiryClock(millis::get).build();
    Gauge.Child cached = g.labelValues("x");
    cached.set(3);
    g.snapshot();
    advance(2);
    assertThat(g.snapshot().dataPoints()).isEmpty();
    cached.inc(2);
    assertThat(g.snapshot().dataPoints()).singleElement()
        .satisfies(p -> assertThat(p.value()).isEqualTo(5));

    Histogram h = Histogram.builder().name("h").labelNames("k").buckets(1)
        .expireAfterIdle(Duration.ofSeconds(1)).expiryClock(millis::get).build();
    Histogram.Child old = h.labelValues("x");
    old.observe(0.5);
    h.snapshot();
    advance(2);
    assertThat(h.snapshot().dataPoints()).isEmpty();
    h.labelValues("x").observe(0.5);
    old.observe(2);
    assertThat(h.snapshot().dataPoints()).singleElement()
        .satisfies(p -> assertThat(p.count()).isEqualTo(2));

    Summary s = Summary.builder().name("s").labelNames("k").expireAfterIdle(Duration.ofSeconds(1))
        .expiryClock(millis::get).build();
    Summary.Child observed = s.labelValues("x");
    observed.observe(1);
    s.snapshot();
    advance(2);
    assertThat(s.snapshot().dataPoints()).isEmpty();
    observed.observe(2);
    assertThat(s.snapshot().dataPoints()).singleElement()
        .satisfies(p -> assertThat(p.sum()).isEqualTo(3));

    StateSet flags = StateSet.builder().name("f").states("on").labelNames("k")
        .expireAfterIdle(Duration.ofSeconds(1)).expiryClock(millis::get).build();
    StateSet.Child flag = flags.labelValues("x");
    flags.snapshot();
    advance(2);
    assertThat(flags.snapshot().dataPoints()).isEmpty();
    flag.setTrue("on");
    assertThat(flags.snapshot().dataPoints()).hasSize(1);
    assertThat(flags.labelValues("x").isTrue("on")).isTrue();
  }
}
