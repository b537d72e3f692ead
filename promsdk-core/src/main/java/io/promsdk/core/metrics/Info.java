package io.promsdk.core.metrics;

import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.InfoSnapshot;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Constant facts about the target as labels on a series valued 1, exposed as {@code <name>_info}:
 * version, revision, build date.
 *
 * <pre>{@code
 * Info build = Info.builder().name("build").help("Build information")
 *     .labelNames("version", "revision").register(registry);
 * build.setLabelValues("1.4.2", "6f1c2ab");
 * }</pre>
 */
public final class Info extends Metric {
  private final String[] labelNames;
  // The current set of info series; replaced as a whole so a scrape never sees half an update.
  private final AtomicReference<List<Labels>> current = new AtomicReference<>(List.of());

  private Info(Builder builder) {
    super(builder);
    this.labelNames = builder.labelNames.clone();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Replaces all info series with one carrying these values (in {@code labelNames} order). */
  public void setLabelValues(String... values) {
    Labels labels = toLabels(values);
    current.set(List.of(labels));
  }

  /** Adds one more info series (e.g. one per loaded plugin). */
  public void addLabelValues(String... values) {
    Labels labels = toLabels(values);
    current.updateAndGet(list -> {
      if (list.contains(labels)) {
        return list;
      }
      List<Labels> next = new ArrayList<>(list);
      next.add(labels);
      return List.copyOf(next);
    });
  }

  /**
   * Python-client style: sets the single info series from a map whose keys are exactly the declared
   * label names.
   */
  public void info(Map<String, String> values) {
    if (values.size() != labelNames.length) {
      throw new IllegalArgumentException(this + " has label names " + List.of(labelNames)
          + " but got the keys " + values.keySet());
    }
    String[] ordered = new String[labelNames.length];
    for (int i = 0; i < labelNames.length; i++) {
      ordered[i] = values.get(labelNames[i]);
      if (ordered[i] == null) {
        throw new IllegalArgumentException(this + ": no value for label '" + labelNames[i] + "' in " + values);
      }
    }
    setLabelValues(ordered);
  }

  /** Removes the info series with these values. */
  public void remove(String... values) {
    Labels labels = toLabels(values);
    current.updateAndGet(list -> {
      List<Labels> next = new ArrayList<>(list);
      next.remove(labels);
      return List.copyOf(next);
    });
  }

  public void clear() {
    current.set(List.of());
  }

  private Labels toLabels(String... values) {
    if (values.length != labelNames.length) {
      throw new IllegalArgumentException(this + " has " + labelNames.length + " label names "
          + List.of(labelNames) + " but got " + values.length + " values");
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new NullPointerException(this + ": the value of label '" + labelNames[i] + "' is null");
      }
    }
    return constLabels.and(Labels.of(labelNames, values));
  }

  /** The current series, copied from the same view the formats read. */
  @Override
  public InfoSnapshot snapshot() {
    return (InfoSnapshot) MetricSnapshot.copyOf(this);
  }

  /** Reads the current series into a pooled cursor, allocating nothing in the steady state. */
  @Override
  public void forEachDataPoint(DataPointVisitor visitor) throws IOException {
    List<Labels> all = current.get();
    LiveDataPoint cursor = LiveDataPoint.acquire(MetricType.INFO);
    try {
      for (int i = 0; i < all.size(); i++) {
        cursor.start(all.get(i), 0).value(1).passTo(visitor);
      }
    } finally {
      cursor.release();
    }
  }

  @Override
  public MetricType type() {
    return MetricType.INFO;
  }

  /** Builds an {@link Info}; an {@code _info} suffix in the name is accepted and not doubled. */
  public static final class Builder extends Metric.Builder<Builder, Info> {
    private Builder() {}

    @Override
    public Info build() {
      if (unit != null) {
        throw new IllegalArgumentException("info '" + name + "': info metrics have no unit");
      }
      return new Info(this);
    }

    @Override
    String typeName() {
      return "info";
    }

    @Override
    String stripSuffix() {
      return "_info";
    }
  }
}
