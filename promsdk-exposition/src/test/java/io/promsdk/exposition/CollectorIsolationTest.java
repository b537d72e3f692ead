package io.promsdk.exposition;

import static io.promsdk.exposition.CollectorIsolation.ALL;
import static io.promsdk.exposition.CollectorIsolation.STRICT;
import static io.promsdk.exposition.CollectorIsolation.named;
import static io.promsdk.exposition.CollectorIsolation.withoutFailureFamily;
import static io.promsdk.exposition.CollectorIsolation.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.internal.RegistryAccess;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.CounterWithCallback;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.GaugeWithCallback;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.StateSetSnapshot;
import io.promsdk.core.model.StateSetSnapshot.StateSetDataPoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One bad collector no longer takes down every metric: by default it is left out whole, named in
 * the failure counter, and every other family is written; with {@code strictCollectors} the write
 * fails before a byte, as it always did.
 */
class CollectorIsolationTest {

  /** Every way a collector or callback can make a family unwritable, each registered last. */
  static Stream<Arguments> badCollectors() {
    GaugeDataPoint one = new GaugeDataPoint(1, Labels.of("k", "v"));
    return Stream.of(
        bad("throws", "broken", r -> r.register(named("broken", () -> {
          throw new IllegalStateException("database down");
        }))),
        bad("counter callback returns NaN", "counter 'nan'",
            r -> CounterWithCallback.builder().name("nan_total").help("NaN.").valueFrom(() -> Double.NaN).register(r)),
        bad("gauge callback throws", "gauge 'flaky'", r -> GaugeWithCallback.builder().name("flaky").help("Flaky.")
            .valueFrom(() -> {
              throw new IllegalStateException("no value");
            }).register(r)),
        bad("repeated labels", "repeated", r -> r.register(named("repeated", () -> List.of(
            new GaugeSnapshot(new MetricMetadata("twice", ""), List.of(one, one)))))),
        bad("null label value", "null-label", r -> r.register(named("null-label", () -> List.of(
            new GaugeSnapshot(new MetricMetadata("nulls", ""), List.of(
                new GaugeDataPoint(1, Labels.of("k", (String) null)))))))),
        bad("null data point", "null-point", r -> r.register(named("null-point", () -> List.of(
            new GaugeSnapshot(new MetricMetadata("holes", ""), Arrays.asList((GaugeDataPoint) null)))))),
        bad("name of an earlier metric", "squatter", r -> r.register(named("squatter", () -> List.of(
            new GaugeSnapshot(new MetricMetadata("requests_total", ""), List.of(one)))))),
        bad("two families of one name", "doubled", r -> r.register(named("doubled", () -> List.of(
            new GaugeSnapshot(new MetricMetadata("doubled", ""), List.of(one)),
            new GaugeSnapshot(new MetricMetadata("doubled", ""), List.of(one)))))),
        bad("state set name no label can have", "states", r -> r.register(named("states", () -> List.of(
            new StateSetSnapshot(new MetricMetadata("mode:current", ""), List.of(
                new StateSetDataPoint(new String[] {"on"}, new boolean[] {true}, Labels.EMPTY))))))));
  }

  private static Arguments bad(String what, String label, Consumer<CollectorRegistry> register) {
    return Arguments.of(what, label, register);
  }

  /** Two metrics and a healthy custom collector, the part of the registry that must survive. */
  private static CollectorRegistry healthyRegistry() {
    CollectorRegistry registry = new CollectorRegistry();
    Counter.builder().name("requests_total").help("Requests.").register(registry).inc(3);
    Gauge.builder().name("temperature").help("Temperature.").register(registry).set(21.5);
    registry.register(named("fine", () -> List.of(
        new GaugeSnapshot(new MetricMetadata("queue_depth", "Queue depth."),
            List.of(new GaugeDataPoint(7, Labels.EMPTY))))));
    return registry;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCollectors")
  void theBadCollectorIsLeftOutAndEverythingElseIsWritten(String what, String label,
      Consumer<CollectorRegistry> register) throws IOException {
    for (ExpositionFormat format : CollectorIsolation.FORMATS) {
      CollectorRegistry healthy = healthyRegistry();
      String expected = write(format, healthy, ALL, ExpositionOptions.defaults());
      CollectorRegistry registry = healthyRegistry();
      register.accept(registry);

      String written = write(format, registry, ALL, ExpositionOptions.defaults());

      assertThat(withoutFailureFamily(written)).as(format.name()).isEqualTo(expected);
      assertThat(written).as(format.name())
          .contains("# TYPE promsdk_collector_failures")
          .contains("promsdk_collector_failures_total{collector=\"" + label + "\"} 1.0\n");
      // A name[] filter that leaves the bad collector's families out gets exactly the healthy answer.
      BiPredicate<String, MetricType> temperature = (name, type) -> name.equals("temperature");
      assertThat(write(format, registry, temperature, ExpositionOptions.defaults()))
          .isEqualTo(write(format, healthy, temperature, ExpositionOptions.defaults()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCollectors")
  void strictWritesFailBeforeAnyByteAsBefore(String what, String label,
      Consumer<CollectorRegistry> register) {
    for (ExpositionFormat format : CollectorIsolation.FORMATS) {
      CollectorRegistry registry = healthyRegistry();
      register.accept(registry);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      // A collector that fails: CollectionException naming it; a collision: IllegalArgumentException.
      assertThatThrownBy(() -> format.write(out, registry, ALL, STRICT))
          .isInstanceOfAny(CollectorRegistry.CollectionException.class, IllegalArgumentException.class);
      assertThat(out.size()).as(format.name()).isZero();
      assertThat(RegistryAccess.collectorFailures(registry)).isNull(); // strict: nothing left out, nothing counted
    }
  }

  @Test
  void ofTwoCollidingCollectorsTheOneRegisteredLaterIsLeftOut() throws IOException {
    Collector gaugeX = named("gauge-x", () -> List.of(
        new GaugeSnapshot(new MetricMetadata("x", ""), List.of(new GaugeDataPoint(1, Labels.EMPTY)))));
    Collector otherGaugeX = named("other-gauge-x", () -> List.of(
        new GaugeSnapshot(new MetricMetadata("x", ""), List.of(new GaugeDataPoint(2, Labels.EMPTY)))));
    for (List<Collector> order : List.of(List.of(gaugeX, otherGaugeX), List.of(otherGaugeX, gaugeX))) {
      CollectorRegistry registry = new CollectorRegistry();
      order.forEach(registry::register);
      for (int scrape = 1; scrape <= 3; scrape++) {
        String written = write(ExpositionFormat.PROMETHEUS_TEXT, registry, ALL, ExpositionOptions.defaults());
        String first = order.get(0) == gaugeX ? "1.0" : "2.0";
        assertThat(written).contains("\nx " + first + "\n").containsOnlyOnce("\nx ")
            .contains("promsdk_collector_failures_total{collector=\"" + order.get(1) + "\"} " + scrape + ".0");
      }
    }
  }

  @Test
  void aCollisionOnlyOpenMetricsHasLeavesTheLaterCollectorOutOfOpenMetricsOnly() throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Counter.builder().name("jobs_total").register(registry).inc();
    registry.register(named("created-gauge", () -> List.of(
        new GaugeSnapshot(new MetricMetadata("jobs_created", ""), List.of(new GaugeDataPoint(5, Labels.EMPTY))))));

    assertThat(write(ExpositionFormat.PROMETHEUS_TEXT, registry, ALL, ExpositionOptions.defaults()))
        .contains("jobs_created 5.0").doesNotContain("promsdk_collector_failures");
    assertThat(write(ExpositionFormat.OPENMETRICS_TEXT, registry, ALL, ExpositionOptions.defaults()))
        .doesNotContain("jobs_created 5.0").contains("jobs_total 1.0")
        .contains("promsdk_collector_failures_total{collector=\"created-gauge\"} 1.0");
  }

  @Test
  void aHealthyRegistryWritesNoFailureFamily() throws IOException {
    for (ExpositionFormat format : CollectorIsolation.FORMATS) {
      assertThat(write(format, healthyRegistry(), ALL, ExpositionOptions.defaults()))
          .doesNotContain("promsdk_collector_failures");
    }
  }

  @Test
  void aFailureCounterThatCollidesIsLeftOutAndTheScrapeStillSucceeds() throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(named("users-own", () -> List.of(new GaugeSnapshot(
        new MetricMetadata("promsdk_collector_failures_total", ""), List.of(new GaugeDataPoint(9, Labels.EMPTY))))));
    registry.register(named("broken", () -> {
      throw new IllegalStateException("x");
    }));
    String written = write(ExpositionFormat.PROMETHEUS_TEXT, registry, ALL, ExpositionOptions.defaults());
    assertThat(written).contains("promsdk_collector_failures_total 9.0")
        .doesNotContain("collector=\"broken\"");
  }
}
