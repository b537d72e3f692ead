package io.promsdk.core.model;

import java.util.Objects;

/**
 * The unit of a metric. Setting one appends {@code _<unit>} to the metric name (unless already
 * present) and writes a {@code # UNIT} line in OpenMetrics. Use base units, as Prometheus advises.
 *
 * <pre>{@code
 * Histogram.builder().name("request_duration").unit(Unit.SECONDS) // request_duration_seconds
 * }</pre>
 */
public final class Unit {
  public static final Unit SECONDS = new Unit("seconds");
  public static final Unit BYTES = new Unit("bytes");
  public static final Unit RATIO = new Unit("ratio");
  public static final Unit CELSIUS = new Unit("celsius");
  public static final Unit METERS = new Unit("meters");
  public static final Unit GRAMS = new Unit("grams");
  public static final Unit JOULES = new Unit("joules");
  public static final Unit VOLTS = new Unit("volts");
  public static final Unit AMPERES = new Unit("amperes");

  private final String name;

  public Unit(String name) {
    Objects.requireNonNull(name, "unit name");
    if (name.isEmpty() || !Names.isValidMetricName(name) || name.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a valid unit: units must match [a-zA-Z_][a-zA-Z0-9_]*");
    }
    this.name = name;
  }

  public String name() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Unit u && u.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
