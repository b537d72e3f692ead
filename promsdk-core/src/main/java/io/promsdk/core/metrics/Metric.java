package io.promsdk.core.metrics;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.LiveFamilyCollector;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.Names;
import io.promsdk.core.model.SampleSuffixes;
import io.promsdk.core.model.Unit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Base of every metric type: a named, registrable collector of exactly one family, and the live
 * {@link FamilyView} of that family, which formats read series by series ({@link
 * LiveFamilyCollector}: it puts itself into the registry's sink).
 */
public abstract class Metric implements LiveFamilyCollector {
  final MetricMetadata metadata;
  final Labels constLabels;
  private final Set<String> exposedNames;

  Metric(Builder<?, ?> builder) {
    this.metadata = builder.metadata();
    this.constLabels = builder.constLabels;
    this.exposedNames = computeExposedNames(metadata.name(), SampleSuffixes.of(type()));
  }

  /** The family name, without a counter's {@code _total} or an info's {@code _info} suffix. */
  @Override
  public String name() {
    return metadata.name();
  }

  @Override
  public MetricMetadata metadata() {
    return metadata;
  }

  /** The type of the family this metric exposes, as its snapshot has it. */
  @Override
  public abstract MetricType type();

  /**
   * The current state of this metric as an immutable snapshot: a copy of the data points {@link
   * #forEachDataPoint} visits (callback metrics: what their callback reports now).
   */
  @Override
  public abstract MetricSnapshot<?> snapshot();

  /**
   * Passes every series that {@link #snapshot()} would list, in the same order and with the same
   * values, to the {@code visitor} method of this metric's type: an exposition writer's way to
   * read a metric without an object per series.
   *
   * <pre>{@code
   * histogram.forEachDataPoint(new DataPointVisitor() {
   *   public void dataPoint(DataPointView p) {}
   *   public void histogram(HistogramDataPointView p) { System.out.println(p.labels() + " " + p.count()); }
   * });
   * }</pre>
   *
   * <p>Promsdk's recorded metrics read their children directly into one pooled cursor and
   * allocate nothing; callback metrics run their callback and visit its snapshot. The view passed
   * is only valid during the call.
   */
  @Override
  public abstract void forEachDataPoint(DataPointVisitor visitor) throws IOException;

  @Override
  public Set<String> exposedNames() {
    return exposedNames;
  }

  /** The type as error messages name it, e.g. "counter". */
  final String typeName() {
    return type().name().toLowerCase(Locale.ROOT);
  }

  private static Set<String> computeExposedNames(String name, List<String> suffixes) {
    Set<String> names = new LinkedHashSet<>();
    names.add(name);
    for (String s : suffixes) {
      names.add(name + s);
    }
    return Set.copyOf(names);
  }

  @Override
  public String toString() {
    return typeName() + " '" + metadata.name() + "'";
  }

  /**
   * Settings shared by every metric builder.
   *
   * @param <B> the concrete builder, so that chained calls keep their type
   * @param <M> the metric it builds
   */
  public abstract static class Builder<B extends Builder<B, M>, M extends Metric> {
    String name;
    String help = "";
    Unit unit;
    String[] labelNames = new String[0];
    Labels constLabels = Labels.EMPTY;

    Builder() {}

    /** The metric name; required. */
    public B name(String name) {
      this.name = name;
      return self();
    }

    public B help(String help) {
      this.help = help;
      return self();
    }

    /** Sets the unit; {@code _<unit>} is appended to the name unless it already ends with it. */
    public B unit(Unit unit) {
      this.unit = unit;
      return self();
    }

    /** The names of the labels whose values are given per child with {@code labelValues(..)}. */
    public B labelNames(String... labelNames) {
      this.labelNames = labelNames.clone();
      return self();
    }

    /** A label with the same value on every series of this metric. */
    public B constLabel(String name, String value) {
      return constLabels(constLabels.and(Labels.of(name, value)));
    }

    public B constLabels(Labels labels) {
      this.constLabels = labels;
      return self();
    }

    /** Builds the metric without registering it; see {@link CollectorRegistry#register}. */
    public abstract M build();

    /** Builds the metric and registers it with {@code registry}. */
    public M register(CollectorRegistry registry) {
      M metric = build();
      registry.register(metric);
      return metric;
    }

    /** Builds the metric and registers it with {@link CollectorRegistry#defaultRegistry()}. */
    public M register() {
      return register(CollectorRegistry.defaultRegistry());
    }

    @SuppressWarnings("unchecked")
    final B self() {
      return (B) this;
    }

    /** The type name for error messages, e.g. "counter". */
    abstract String typeName();

    /** Suffixes users commonly write that this type adds itself (e.g. {@code _total}). */
    String stripSuffix() {
      return null;
    }

    /** Label names this type reserves, besides the {@code __} prefix. */
    String[] reservedLabelNames() {
      return new String[0];
    }

    MetricMetadata metadata() {
      if (name == null) {
        throw new IllegalArgumentException(typeName() + ": a metric name is required (builder().name(..))");
      }
      String problem = Names.metricNameProblem(name);
      if (problem != null) {
        throw new IllegalArgumentException(typeName() + " '" + name + "': invalid metric name: " + problem);
      }
      String family = name;
      String strip = stripSuffix();
      if (strip != null && family.endsWith(strip) && family.length() > strip.length()) {
        family = family.substring(0, family.length() - strip.length());
      }
      if (unit != null && !family.endsWith("_" + unit.name())) {
        family = family + "_" + unit.name();
      }
      checkLabelNames(family);
      return new MetricMetadata(family, help, unit);
    }

    private void checkLabelNames(String family) {
      List<String> all = new ArrayList<>();
      for (int i = 0; i < constLabels.size(); i++) {
        all.add(constLabels.name(i));
      }
      all.addAll(Arrays.asList(labelNames));
      Set<String> seen = new LinkedHashSet<>();
      for (String label : all) {
        String problem = Names.labelNameProblem(label);
        if (problem != null) {
          throw new IllegalArgumentException(
              typeName() + " '" + family + "': invalid label name '" + label + "': " + problem);
        }
        for (String reserved : reservedLabelNames()) {
          if (reserved.equals(label)) {
            throw new IllegalArgumentException(typeName() + " '" + family + "': label name '" + label
                + "' is reserved for a " + typeName() + "'s own use");
          }
        }
        if (!seen.add(label)) {
          throw new IllegalArgumentException(
              typeName() + " '" + family + "': label name '" + label + "' is given twice");
        }
      }
    }
  }
}
