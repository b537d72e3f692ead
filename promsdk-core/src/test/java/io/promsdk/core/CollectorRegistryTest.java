package io.promsdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Info;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.UnknownSnapshot;
import io.promsdk.core.model.UnknownSnapshot.UnknownDataPoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CollectorRegistryTest {
  private final CollectorRegistry registry = new CollectorRegistry();

  @Test
  void collectsInRegistrationOrder() {
    Gauge.builder().name("b").register(registry);
    Counter.builder().name("a_total").register(registry);
    assertThat(registry.collect().asList()).extracting(MetricSnapshot::name).containsExactly("b", "a");
  }

  @Test
  void metricsCanBeRegisteredLater() {
    Gauge g = Gauge.builder().name("later").build();
    assertThat(registry.collect().size()).isZero();
    registry.register(g);
    assertThat(registry.collect().size()).isEqualTo(1);
    registry.unregister(g);
    assertThat(registry.collect().size()).isZero();
    registry.register(g); // its names were released
  }

  /**
   * registeredWith(..) runs before the collector is added: when it throws (a labelled metric reads
   * the runtime configuration's default limit there), nothing is left half-registered.
   */
  @Test
  void aCollectorWhoseRegistrationHookThrowsIsNotRegistered() {
    boolean[] fail = {true};
    Collector c = new Collector() {
      @Override
      public java.util.Collection<MetricSnapshot<?>> collect() {
        return List.of();
      }

      @Override
      public java.util.Set<String> exposedNames() {
        return java.util.Set.of("hooked");
      }

      @Override
      public void registeredWith(CollectorRegistry r) {
        if (fail[0]) {
          throw new IllegalStateException("hook failed");
        }
      }
    };
    assertThatThrownBy(() -> registry.register(c)).hasMessage("hook failed");
    fail[0] = false;
    registry.register(c); // neither "already registered" nor its name still taken
    Gauge.builder().name("other").register(registry);
  }

  @Test
  void sameMetricTwiceIsRefused() {
    Gauge g = Gauge.builder().name("g").register(registry);
    assertThatThrownBy(() -> registry.register(g)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gauge 'g'").hasMessageContaining("already registered");
  }

  @ParameterizedTest(name = "{0} collides with {1}")
  @CsvSource({
      "counter:requests_total, gauge:requests_total",
      "counter:requests, gauge:requests_total",
      "counter:requests, gauge:requests_created",
      "histogram:latency, gauge:latency_bucket",
      "histogram:latency, counter:latency_count",
      "histogram:latency, gauge:latency_sum",
      "histogram:latency, gauge:latency",
      "info:build, gauge:build_info",
      "counter:x, counter:x_total",
      "gauge:x_count, histogram:x",
  })
  void collidingNamesAreRefusedAndTheFirstStays(String first, String second) {
    Collector a = build(first);
    registry.register(a);
    Collector b = build(second);
    assertThatThrownBy(() -> registry.register(b)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already exposed by");
    assertThat(registry.collect().size()).isEqualTo(1);
    assertThat(registry.collect().get(0)).isNotNull();
    registry.unregister(a);
    registry.register(b);
  }

  @Test
  void customCollectorsProduceAnyFamily() {
    registry.register(() -> List.of(
        new GaugeSnapshot(new MetricMetadata("queue_depth", "Items waiting"),
            List.of(new GaugeDataPoint(3, Labels.of("queue", "mail")))),
        new UnknownSnapshot(new MetricMetadata("legacy_value", ""),
            List.of(new UnknownDataPoint(1.5, Labels.EMPTY)))));
    assertThat(registry.collect().asList()).extracting(MetricSnapshot::name)
        .containsExactly("queue_depth", "legacy_value");
  }

  @Test
  void failingCollectorIsNamedInTheException() {
    registry.register(new Collector() {
      @Override
      public List<MetricSnapshot<?>> collect() {
        throw new IllegalStateException("database down");
      }

      @Override
      public String toString() {
        return "db-stats";
      }
    });
    assertThatThrownBy(registry::collect).isInstanceOf(CollectorRegistry.CollectionException.class)
        .hasMessageContaining("db-stats").hasMessageContaining("database down");
  }

  @Test
  void nameFilterSelectsFamilies() {
    Gauge.builder().name("a").register(registry);
    Gauge.builder().name("b").register(registry);
    assertThat(registry.collect(n -> n.equals("b")).asList()).extracting(MetricSnapshot::name).containsExactly("b");
  }

  @Test
  void defaultRegistryIsShared() {
    assertThat(CollectorRegistry.defaultRegistry()).isSameAs(CollectorRegistry.defaultRegistry());
    Gauge g = Gauge.builder().name("promsdk_test_default_registry").register();
    try {
      assertThat(CollectorRegistry.defaultRegistry().collect().asList()).extracting(MetricSnapshot::name)
          .contains("promsdk_test_default_registry");
    } finally {
      CollectorRegistry.defaultRegistry().unregister(g);
    }
  }

  private static Collector build(String spec) {
    String[] parts = spec.split(":");
    return switch (parts[0]) {
      case "counter" -> Counter.builder().name(parts[1]).build();
      case "gauge" -> Gauge.builder().name(parts[1]).build();
      case "histogram" -> Histogram.builder().name(parts[1]).build();
      case "info" -> Info.builder().name(parts[1]).build();
      default -> throw new IllegalArgumentException(spec);
    };
  }
}
