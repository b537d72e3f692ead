package io.promsdk.exposition;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Supplier;

/** Test helpers for collectors that fail: named collectors and writes to a String. */
final class CollectorIsolation {
  static final BiPredicate<String, MetricType> ALL = (name, type) -> true;
  static final ExpositionOptions STRICT = ExpositionOptions.builder().strictCollectors(true).build();
  static final List<ExpositionFormat> FORMATS =
      List.of(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.OPENMETRICS_TEXT);

  private CollectorIsolation() {}

  /** A collector whose {@code toString()} is {@code name}, returning what {@code families} gives. */
  static Collector named(String name, Supplier<Collection<? extends MetricSnapshot<?>>> families) {
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

  static String write(ExpositionFormat format, CollectorRegistry registry,
      BiPredicate<String, MetricType> filter, ExpositionOptions options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    format.write(out, registry, filter, options);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The exposition without the lines of the failure counter's family. */
  static String withoutFailureFamily(String exposition) {
    StringBuilder kept = new StringBuilder();
    exposition.lines().filter(l -> !l.contains("promsdk_collector_failures"))
        .forEach(l -> kept.append(l).append('\n'));
    return kept.toString();
  }
}
