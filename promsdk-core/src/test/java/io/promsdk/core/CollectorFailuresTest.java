package io.promsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.internal.FamilyConsumer;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A consumer that leaves failed collectors out gets every other family, and the failure counter
 * after them; one that does not (the default, and {@link CollectorRegistry#collect()}) gets an
 * exception, as before.
 */
class CollectorFailuresTest {
  private final CollectorRegistry registry = new CollectorRegistry();

  /** A collector with a name, returning what {@code families} gives (or throws). */
  static Collector collector(String name, Supplier<Collection<? extends MetricSnapshot<?>>> families) {
    return new Collector() {
      @Override
      public Collection<? extends MetricSnapshot<?>> collect() {
        return families.get();
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  static GaugeSnapshot gauge(String name, Labels... labels) {
    List<GaugeDataPoint> points = new ArrayList<>();
    for (Labels l : labels) {
      points.add(new GaugeDataPoint(1, l));
    }
    return new GaugeSnapshot(new MetricMetadata(name, ""), points);
  }

  /** Collects leniently; returns the names of the families handed over, in order. */
  private List<String> collectLeniently() {
    List<String> names = new ArrayList<>();
    registry.collect(new FamilyConsumer() {
      @Override
      public boolean wants(String name, MetricType type) {
        return true;
      }

      @Override
      public void family(FamilyView family, Collector from) {
        names.add(family.name());
      }

      @Override
      public boolean leavesOutFailedCollectors() {
        return true;
      }
    });
    return names;
  }

  private CounterSnapshot failureSnapshot() {
    return (CounterSnapshot) registry.collectorFailures().collect().iterator().next();
  }

  private double failures(String collector) {
    CounterSnapshot failures = failureSnapshot();
    return failures.dataPoints().stream().filter(d -> d.labels().get("collector").equals(collector))
        .mapToDouble(CounterDataPoint::value).sum();
  }

  @Test
  void aThrowingCollectorIsLeftOutAndCountedOthersAreHandedOver() {
    Gauge.builder().name("before").register(registry);
    registry.register(collector("db-stats", () -> {
      throw new IllegalStateException("database down");
    }));
    registry.register(collector("fine", () -> List.of(gauge("after", Labels.EMPTY))));

    assertThat(collectLeniently()).containsExactly("before", "after", "promsdk_collector_failures");
    assertThat(collectLeniently()).containsExactly("before", "after", "promsdk_collector_failures");
    assertThat(failures("db-stats")).isEqualTo(2);
    // The snapshot API stays all or nothing.
    assertThatThrownBy(registry::collect).isInstanceOf(CollectorRegistry.CollectionException.class)
        .hasMessageContaining("db-stats").hasMessageContaining("database down");
  }

  @Test
  void aCollectorWithOneBadFamilyIsLeftOutWhole() {
    Labels a = Labels.of("k", "a");
    registry.register(collector("three-families", () -> List.of(
        gauge("good_one", a), gauge("repeated", a, a), gauge("good_two", a))));
    registry.register(collector("null-point", () -> List.of(
        new GaugeSnapshot(new MetricMetadata("with_null", ""), Arrays.asList((GaugeDataPoint) null)))));
    registry.register(collector("other", () -> List.of(gauge("kept", a))));

    assertThat(collectLeniently()).containsExactly("kept", "promsdk_collector_failures");
    assertThat(failures("three-families")).isEqualTo(1);
    assertThat(failures("null-point")).isEqualTo(1);
  }

  @Test
  void callbackMetricsThatFailAreLeftOutByName() {
    io.promsdk.core.metrics.CounterWithCallback.builder().name("nan_total").valueFrom(() -> Double.NaN)
        .register(registry);
    Gauge.builder().name("ok").register(registry);
    assertThat(collectLeniently()).containsExactly("ok", "promsdk_collector_failures");
    assertThat(failures("counter 'nan'")).isEqualTo(1);
  }

  @Test
  void aHealthyRegistryHasNoFailureFamily() {
    Gauge.builder().name("ok").register(registry);
    registry.register(collector("fine", () -> List.of(gauge("also_ok", Labels.EMPTY))));
    assertThat(collectLeniently()).containsExactly("ok", "also_ok");
    assertThat(registry.collectorFailures()).isNull();
  }

  @Test
  void strictConsumersGetTheExceptionAndNothingIsCounted() {
    registry.register(collector("db-stats", () -> {
      throw new IllegalStateException("database down");
    }));
    assertThatThrownBy(registry::collect).isInstanceOf(CollectorRegistry.CollectionException.class);
    assertThat(registry.collectorFailures()).isNull();
  }

  @Test
  void theFailureCounterYieldsToARegisteredMetricOfItsName() {
    Counter.builder().name("promsdk_collector_failures_total").register(registry);
    registry.register(collector("broken", () -> {
      throw new IllegalStateException("x");
    }));
    assertThat(collectLeniently()).containsExactly("promsdk_collector_failures"); // the user's
    assertThat(registry.collectorFailures()).isNull();
  }

  @Test
  void labelsAreBoundedWhateverTheNumberOfFailingCollectors() {
    for (int i = 0; i < 3 * CollectorFailures.MAX_COLLECTORS; i++) {
      registry.register(collector("broken-" + i + "-" + "x".repeat(300), () -> {
        throw new IllegalStateException("x");
      }));
    }
    collectLeniently();
    CounterSnapshot failures = failureSnapshot();
    assertThat(failures.dataPoints()).hasSize(CollectorFailures.MAX_COLLECTORS);
    assertThat(failures.dataPoints()).allSatisfy(d ->
        assertThat(d.labels().get("collector")).hasSizeLessThanOrEqualTo(CollectorFailures.MAX_LABEL_LENGTH));
    assertThat(failures.dataPoints().stream().filter(d -> d.labels().get("collector").equals("other"))
        .mapToDouble(CounterDataPoint::value).sum())
        .isEqualTo(3 * CollectorFailures.MAX_COLLECTORS - (CollectorFailures.MAX_COLLECTORS - 1));
  }

  @Test
  void eachCollectorIsLoggedAtMostOnceAMinuteWithTheException() {
    AtomicLong now = new AtomicLong(1_000);
    CollectorFailures failures = new CollectorFailures(now::get);
    Collector a = collector("a", List::of);
    Collector b = collector("b", List::of);
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger(CollectorRegistry.class.getName());
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        records.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(handler);
    try {
      IllegalStateException boom = new IllegalStateException("boom");
      failures.record(a, boom);
      failures.record(a, boom);
      failures.record(b, boom);
      now.addAndGet(CollectorFailures.LOG_INTERVAL_NANOS - 1);
      failures.record(a, boom);
      assertThat(records).hasSize(2);
      now.addAndGet(1);
      failures.record(a, boom);
      assertThat(records).hasSize(3);
      assertThat(records).allSatisfy(r -> {
        assertThat(r.getLevel()).isEqualTo(Level.WARNING);
        assertThat(r.getThrown()).isSameAs(boom);
      });
      assertThat(records.get(0).getMessage()).contains("collector a failed and was left out")
          .contains("promsdk_collector_failures_total{collector=\"a\"}");
      assertThat(records.get(2).getMessage()).contains("(4 failures so far");
    } finally {
      logger.removeHandler(handler);
    }
  }
}
