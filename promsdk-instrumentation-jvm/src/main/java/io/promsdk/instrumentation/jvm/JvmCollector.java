package io.promsdk.instrumentation.jvm;

import io.promsdk.core.Collector;
import io.promsdk.core.FamilySink;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.SampleSuffixes;
import io.promsdk.core.model.Unit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The collector of one {@link JvmMetrics.Group}: reads its management beans on every scrape and
 * puts the families into the sink, each with label sets distinct by construction (one per bean,
 * pool or state), so the registry passes them on unchecked. Holds no state that a scrape changes,
 * so concurrent scrapes need no lock.
 */
abstract class JvmCollector implements Collector {
  private final JvmMetrics.Group group;
  private final Set<String> exposedNames;

  /**
   * @param names every sample name this collector can expose ({@link #gauges}, {@link #counters},
   *     {@link #summaries}, {@link #infos}), for the registry's check that no other collector
   *     exposes the same names
   */
  @SafeVarargs
  JvmCollector(JvmMetrics.Group group, Set<String>... names) {
    this.group = group;
    Set<String> all = new HashSet<>();
    for (Set<String> some : names) {
      all.addAll(some);
    }
    this.exposedNames = Set.copyOf(all);
  }

  /** The sample names of gauge families: their names. */
  static Set<String> gauges(MetricMetadata... families) {
    return sampleNames(families);
  }

  /** The sample names of counter families: {@code x}, {@code x_total}, {@code x_created}. */
  static Set<String> counters(MetricMetadata... families) {
    return sampleNames(families, SampleSuffixes.TOTAL, SampleSuffixes.CREATED);
  }

  /** The sample names of summary families: {@code x}, {@code x_count}, {@code x_sum}, {@code x_created}. */
  static Set<String> summaries(MetricMetadata... families) {
    return sampleNames(families, SampleSuffixes.COUNT, SampleSuffixes.SUM, SampleSuffixes.CREATED);
  }

  /** The sample names of info families: {@code x}, {@code x_info}. */
  static Set<String> infos(MetricMetadata... families) {
    return sampleNames(families, SampleSuffixes.INFO);
  }

  private static Set<String> sampleNames(MetricMetadata[] families, String... suffixes) {
    Set<String> names = new HashSet<>();
    for (MetricMetadata family : families) {
      names.add(family.name());
      for (String suffix : suffixes) {
        names.add(family.name() + suffix);
      }
    }
    return names;
  }

  /** Reads the beans now and puts every family of this group into the sink. */
  @Override
  public abstract void collect(FamilySink sink);

  /** The families as snapshots (the registry uses {@link #collect(FamilySink)} instead). */
  @Override
  public final Collection<? extends MetricSnapshot<?>> collect() {
    List<MetricSnapshot<?>> families = new ArrayList<>();
    collect(new FamilySink() {
      @Override
      public void collected(MetricSnapshot<?> family) {
        families.add(family);
      }

      @Override
      public void family(FamilyView family) {
        families.add(family.snapshot());
      }
    });
    return families;
  }

  @Override
  public final Set<String> exposedNames() {
    return exposedNames;
  }

  @Override
  public String toString() {
    return "JvmMetrics." + group;
  }

  static MetricMetadata metadata(String name, String help, Unit unit) {
    return new MetricMetadata(name, help, unit);
  }

  static MetricMetadata metadata(String name, String help) {
    return new MetricMetadata(name, help);
  }

  /** One label set {@code name=value} per element of {@code items}, in their order. */
  static <T> Labels[] labelSets(String name, List<T> items, Function<T, String> value) {
    Labels[] labels = new Labels[items.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = Labels.of(name, value.apply(items.get(i)));
    }
    return labels;
  }
}
