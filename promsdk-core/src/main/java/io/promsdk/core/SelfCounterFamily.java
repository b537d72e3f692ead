package io.promsdk.core;

import io.promsdk.core.model.CounterDataPointView;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.SampleSuffixes;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the registry's own counter families ({@code promsdk_collector_failures_total}, {@code
 * promsdk_cardinality_limit_exceeded_total}) share: a live counter family, with a name and help
 * of its own, that describes itself as promsdk's counters do, since it stands for one in messages.
 * Subclasses list their series in {@link #forEachDataPoint}.
 */
abstract class SelfCounterFamily implements LiveFamilyCollector {
  private final MetricMetadata metadata;
  private final Set<String> exposedNames;

  SelfCounterFamily(String name, String help) {
    this.metadata = new MetricMetadata(name, help);
    Set<String> names = new LinkedHashSet<>();
    names.add(name);
    for (String suffix : SampleSuffixes.of(MetricType.COUNTER)) {
      names.add(name + suffix);
    }
    this.exposedNames = Set.copyOf(names);
  }

  @Override
  public final Set<String> exposedNames() {
    return exposedNames;
  }

  @Override
  public final MetricMetadata metadata() {
    return metadata;
  }

  @Override
  public final MetricType type() {
    return MetricType.COUNTER;
  }

  @Override
  public final MetricSnapshot<?> snapshot() {
    return MetricSnapshot.copyOf(this);
  }

  @Override
  public String toString() {
    return "counter '" + metadata.name() + "'";
  }

  /** One series of such a family, read as its own data view; subclasses say its value. */
  abstract static class Series implements CounterDataPointView {
    final Labels labels;
    final long createdMillis = System.currentTimeMillis();

    Series(Labels labels) {
      this.labels = labels;
    }

    @Override
    public Labels labels() {
      return labels;
    }

    @Override
    public long createdTimestampMillis() {
      return createdMillis;
    }

    @Override
    public long scrapeTimestampMillis() {
      return 0;
    }
  }
}
