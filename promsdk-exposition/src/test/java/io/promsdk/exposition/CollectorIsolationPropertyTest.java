package io.promsdk.exposition;

import static io.promsdk.exposition.CollectorIsolation.ALL;
import static io.promsdk.exposition.CollectorIsolation.STRICT;
import static io.promsdk.exposition.CollectorIsolation.named;
import static io.promsdk.exposition.CollectorIsolation.withoutFailureFamily;
import static io.promsdk.exposition.CollectorIsolation.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.Quantiles;
import io.promsdk.core.model.SummarySnapshot;
import io.promsdk.core.model.SummarySnapshot.SummaryDataPoint;
import io.promsdk.testsupport.Seeded;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Random registries of healthy, failing and colliding collectors (seeded generators; a failure
 * names its seed, and the registry it describes). In both formats the default write never fails,
 * and what it leaves out is exactly right:
 *
 * <ul>
 *   <li>every collector that fails by itself is reported in the failure counter;
 *   <li>the collectors kept, written strictly on their own, give the same output: nothing of a
 *       left-out collector remains, nothing of a kept one is missing, no collision remains;
 *   <li>a healthy collector left out really collides: with the kept collectors registered before
 *       it, or with itself, a strict write fails. So of two colliding collectors the later goes,
 *       never both.
 * </ul>
 */
class CollectorIsolationPropertyTest {
  private static final String[] NAMES = {"a", "b", "c", "a_total", "b_count", "c_created", "c_sum", "d"};
  private static final Pattern FAILURE = Pattern.compile(
      "^promsdk_collector_failures_total\\{collector=\"([^\"]*)\"} 1\\.0$", Pattern.MULTILINE);

  /** One collector of the random registry: how to register it, and whether it fails by itself. */
  private record Spec(String label, boolean failsByItself, String description, Consumer<CollectorRegistry> register) {}

  @Test
  void leftOutAreExactlyTheFailingAndTheLaterOfCollidingCollectors() {
    Seeded.check(150, random -> {
      List<Spec> specs = randomSpecs(random);
      String context = specs.stream().map(s -> s.label() + "=" + s.description()).toList().toString();
      for (ExpositionFormat format : CollectorIsolation.FORMATS) {
        String written = write(format, registryOf(specs), ALL, ExpositionOptions.defaults());

        Set<String> leftOut = new LinkedHashSet<>();
        Matcher m = FAILURE.matcher(written);
        while (m.find()) {
          leftOut.add(m.group(1));
        }
        List<Spec> kept = specs.stream().filter(s -> !leftOut.contains(s.label())).toList();
        String as = context + " in " + format.name() + ", left out " + leftOut;
        assertThat(leftOut).as(as).containsAll(specs.stream().filter(Spec::failsByItself).map(Spec::label).toList());
        assertThat(write(format, registryOf(kept), ALL, STRICT)).as(as).isEqualTo(withoutFailureFamily(written));
        for (int i = 0; i < specs.size(); i++) {
          Spec s = specs.get(i);
          if (leftOut.contains(s.label()) && !s.failsByItself()) {
            List<Spec> before = new ArrayList<>(specs.subList(0, i).stream().filter(kept::contains).toList());
            before.add(s);
            assertThatThrownBy(() -> write(format, registryOf(before), ALL, STRICT)).as(as + ": " + s.label())
                .isInstanceOf(IllegalArgumentException.class);
          }
        }
      }
    });
  }

  private static CollectorRegistry registryOf(List<Spec> specs) {
    CollectorRegistry registry = new CollectorRegistry();
    specs.forEach(s -> s.register().accept(registry));
    return registry;
  }

  private static List<Spec> randomSpecs(Random random) {
    List<Spec> specs = new ArrayList<>();
    int n = 2 + random.nextInt(6);
    int metricAt = random.nextBoolean() ? random.nextInt(n) : -1;
    for (int i = 0; i < n; i++) {
      if (i == metricAt) {
        // A metric of promsdk, streamed, declaring its names: a, a_total, a_created.
        specs.add(new Spec("counter 'a'", false, "metric a",
            r -> Counter.builder().name("a_total").register(r).inc(2)));
        continue;
      }
      String label = "c" + i;
      int kind = random.nextInt(10);
      List<MetricSnapshot<?>> families = new ArrayList<>();
      StringBuilder description = new StringBuilder();
      for (int f = 0, count = 1 + random.nextInt(3); f < count; f++) {
        families.add(randomFamily(random, description));
      }
      boolean fails = kind < 4;
      switch (kind) {
        case 0 -> {
          description.append(" throws");
          specs.add(new Spec(label, true, description.toString(), r -> r.register(named(label, () -> {
            throw new IllegalStateException("failure of " + label);
          }))));
          continue;
        }
        case 1 -> {
          description.append(" +repeated labels");
          GaugeDataPoint p = new GaugeDataPoint(1, Labels.of("k", "same"));
          families.add(random.nextInt(families.size() + 1),
              new GaugeSnapshot(new MetricMetadata("repeated_" + label, ""), List.of(p, p)));
        }
        case 2 -> {
          description.append(" +null data point");
          families.add(new GaugeSnapshot(new MetricMetadata("holes_" + label, ""),
              Arrays.asList((GaugeDataPoint) null)));
        }
        case 3 -> {
          description.append(" +null label value");
          List<MetricSnapshot<?>> good = List.copyOf(families);
          specs.add(new Spec(label, true, description.toString(), r -> r.register(named(label, () -> {
            List<MetricSnapshot<?>> all = new ArrayList<>(good);
            all.add(new GaugeSnapshot(new MetricMetadata("nulls_" + label, ""),
                List.of(new GaugeDataPoint(1, Labels.of("k", (String) null))))); // throws here
            return all;
          }))));
          continue;
        }
        default -> { }
      }
      List<MetricSnapshot<?>> returned = List.copyOf(families);
      specs.add(new Spec(label, fails, description.toString(), r -> r.register(named(label, () -> returned))));
    }
    return specs;
  }

  private static MetricSnapshot<?> randomFamily(Random random, StringBuilder description) {
    String name = NAMES[random.nextInt(NAMES.length)];
    List<Labels> labels = new ArrayList<>();
    for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
      labels.add(Labels.of("k", "v" + i));
    }
    MetricMetadata meta = new MetricMetadata(name, "");
    // Counters' family names never end in _total (the model refuses them): those become gauges.
    switch (name.endsWith("_total") ? 0 : random.nextInt(3)) {
      case 0 -> {
        description.append(" gauge ").append(name);
        return new GaugeSnapshot(meta, labels.stream().map(l -> new GaugeDataPoint(random.nextInt(9), l)).toList());
      }
      case 1 -> {
        description.append(" counter ").append(name);
        return new CounterSnapshot(meta, labels.stream()
            .map(l -> new CounterDataPoint(random.nextInt(9), l, 1_700_000_000_000L, 0)).toList());
      }
      default -> {
        description.append(" summary ").append(name);
        return new SummarySnapshot(meta, labels.stream()
            .map(l -> new SummaryDataPoint(3, 1.5, Quantiles.EMPTY, l)).toList());
      }
    }
  }
}
