package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code cardinalityLimit} on the builders and the registry's default. */
class CardinalityLimitTest {
  private final List<LogRecord> logged = new ArrayList<>();
  private final Logger log = Logger.getLogger(LabelledMetric.class.getName());
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      synchronized (logged) {
        logged.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureLog() {
    log.addHandler(capture);
  }

  @AfterEach
  void releaseLog() {
    log.removeHandler(capture);
  }

  /** label value (joined with ',') to value, in exposed order. */
  private static Map<String, Double> values(Counter c) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (CounterDataPoint p : c.snapshot().dataPoints()) {
      List<String> v = new ArrayList<>();
      for (int i = 0; i < p.labels().size(); i++) {
        v.add(p.labels().value(i));
      }
      m.put(String.join(",", v), p.value());
    }
    return m;
  }

  @Test
  void labelSetsPastTheLimitGoToOneOverflowSeriesAndExistingOnesKeepTheirs() {
    Counter c = Counter.builder().name("hits_total").labelNames("user").cardinalityLimit(2).build();
    c.labelValues("a").inc();
    c.labelValues("b").inc(2);
    c.labelValues("c").inc(3);
    c.labelValues("d").inc(4);
    c.labelValues("c").inc(5);
    c.labelValues("a").inc(10);

    assertThat(values(c)).containsExactly(
        Map.entry("a", 11.0), Map.entry("b", 2.0), Map.entry("_overflow_", 12.0));
    assertThat(c.labelValues("c")).isSameAs(c.labelValues(CardinalityOverflow.LABEL_VALUE));
  }

  @Test
  void theOverflowSeriesSetsEveryVariableLabelAndKeepsConstantOnes() {
    Histogram h = Histogram.builder().name("lat_seconds").constLabel("env", "prod")
        .labelNames("a", "b", "c", "d").buckets(1).cardinalityLimit(1).build();
    h.labelValues("1", "2", "3", "4").observe(0.5);
    h.labelValues("1", "2", "3", "5").observe(2);
    List<String> labels = new ArrayList<>();
    h.snapshot().dataPoints().forEach(p -> labels.add(p.labels().toString()));
    assertThat(labels).hasSize(2);
    assertThat(labels.get(1)).contains("env=\"prod\"")
        .contains("a=\"_overflow_\"").contains("d=\"_overflow_\"");
    assertThat(h.snapshot().dataPoints().get(1).count()).isEqualTo(1);
  }

  @Test
  void dropModeRecordsNothingPastTheLimit() {
    Gauge g = Gauge.builder().name("temp").labelNames("room")
        .cardinalityLimit(1, CardinalityOverflow.DROP).build();
    g.labelValues("kitchen").set(21);
    g.labelValues("attic").set(40);
    g.labelValues("cellar").inc();

    assertThat(g.snapshot().dataPoints()).hasSize(1);
    assertThat(g.snapshot().dataPoints().get(0).labels().get("room")).isEqualTo("kitchen");
    assertThat(g.snapshot().dataPoints().get(0).value()).isEqualTo(21);
  }

  @Test
  void refusedLabelSetsAreCountedInTheRegistryAndLoggedOnce() {
    CollectorRegistry registry = new CollectorRegistry();
    Counter c = Counter.builder().name("logins_total").labelNames("user")
        .cardinalityLimit(1).register(registry);
    Counter quiet = Counter.builder().name("quiet_total").labelNames("x").register(registry);
    quiet.labelValues("1").inc();
    assertThat(java.util.stream.StreamSupport.stream(registry.collect().spliterator(), false).map(MetricSnapshot::name))
        .doesNotContain("promsdk_cardinality_limit_exceeded"); // nothing refused, nothing added

    c.labelValues("u1").inc();
    c.labelValues("u2").inc();
    c.labelValues("u3").inc();
    c.labelValues("u2").inc();

    CounterSnapshot exceeded = (CounterSnapshot) java.util.stream.StreamSupport.stream(registry.collect().spliterator(), false)
        .filter(s -> s.name().equals("promsdk_cardinality_limit_exceeded")).findFirst().orElseThrow();
    assertThat(exceeded.dataPoints()).hasSize(1);
    assertThat(exceeded.dataPoints().get(0).labels().get("metric")).isEqualTo("logins");
    assertThat(exceeded.dataPoints().get(0).value()).isEqualTo(3);

    List<LogRecord> mine = new ArrayList<>();
    synchronized (logged) {
      logged.stream().filter(r -> r.getMessage().contains("logins")).forEach(mine::add);
    }
    assertThat(mine).hasSize(1);
    assertThat(mine.get(0).getMessage()).contains("counter 'logins'").contains("limit of 1")
        .contains("_overflow_").contains("cardinalityLimit");

    registry.unregister(c);
    assertThat(java.util.stream.StreamSupport.stream(registry.collect().spliterator(), false).map(MetricSnapshot::name))
        .doesNotContain("promsdk_cardinality_limit_exceeded");
  }

  @Test
  void theRegistryDefaultAppliesToMetricsWithoutTheirOwnLimit() {
    CollectorRegistry registry = new CollectorRegistry();
    assertThat(registry.defaultCardinalityLimit()).isEqualTo(Integer.MAX_VALUE);
    registry.setDefaultCardinalityLimit(2);
    Counter byDefault = Counter.builder().name("a_total").labelNames("x").register(registry);
    Counter own = Counter.builder().name("b_total").labelNames("x").cardinalityLimit(3).build();
    registry.register(own); // the registry's register, not the builder's
    StateSet states = StateSet.builder().name("flags").states("on").labelNames("x").register(registry);
    for (int i = 0; i < 5; i++) {
      byDefault.labelValues("v" + i).inc();
      own.labelValues("v" + i).inc();
      states.labelValues("v" + i).setTrue("on");
    }
    assertThat(values(byDefault)).containsOnlyKeys("v0", "v1", "_overflow_");
    assertThat(values(own)).containsOnlyKeys("v0", "v1", "v2", "_overflow_");
    assertThat(values(byDefault).get("_overflow_")).isEqualTo(3);
    assertThat(states.snapshot().dataPoints()).hasSize(3 * 1); // v0, v1 and the overflow set

    Counter unregistered = Counter.builder().name("c_total").labelNames("x").build();
    for (int i = 0; i < 5; i++) {
      unregistered.labelValues("v" + i).inc();
    }
    assertThat(values(unregistered)).hasSize(5); // no limit unless one is given
  }

  @Test
  void badArgumentsNameTheMetricAndTheRule() {
    assertThatThrownBy(() -> Counter.builder().name("x_total").labelNames("a").cardinalityLimit(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("counter 'x'").hasMessageContaining("cardinalityLimit(0)")
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> Summary.builder().name("s").labelNames("a").cardinalityLimit(-5).build())
        .hasMessageContaining("summary 's'").hasMessageContaining("cardinalityLimit(-5)");
    assertThatThrownBy(() -> Gauge.builder().name("g").labelNames("a")
        .expireAfterIdle(Duration.ofMillis(500)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gauge 'g'").hasMessageContaining("expireAfterIdle(PT0.5S)")
        .hasMessageContaining("at least 1 second");
    assertThatThrownBy(() -> Gauge.builder().name("g").cardinalityLimit(5).build())
        .hasMessageContaining("gauge 'g' has no labels").hasMessageContaining("cardinalityLimit");
    assertThatThrownBy(() -> Histogram.builder().name("h").expireAfterIdle(Duration.ofMinutes(1)).build())
        .hasMessageContaining("histogram 'h' has no labels").hasMessageContaining("expireAfterIdle");
    assertThatThrownBy(() -> new CollectorRegistry().setDefaultCardinalityLimit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defaultCardinalityLimit(0)").hasMessageContaining("at least 1");
    assertThatThrownBy(() -> Counter.builder().cardinalityLimit(1, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("overflow");
  }

  @Test
  void aRemovedSeriesMakesRoomUnderTheLimit() {
    Counter c = Counter.builder().name("r_total").labelNames("x").cardinalityLimit(1).build();
    c.labelValues("a").inc();
    c.remove("a");
    c.labelValues("b").inc();
    assertThat(values(c)).containsOnlyKeys("b");
  }
}
