package io.promsdk.core.model;

import java.util.Objects;

/**
 * Name, help and unit of a metric family.
 *
 * <p>The name is the family name as OpenMetrics defines it: without the {@code _total} suffix of a
 * counter or the {@code _info} suffix of an info metric; writers add the suffixes the format needs.
 * When a unit is set the name ends with {@code _<unit>}.
 */
public final class MetricMetadata {
  private final String name;
  private final String help;
  private final Unit unit;

  public MetricMetadata(String name, String help, Unit unit) {
    String problem = Names.metricNameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException("'" + name + "': " + problem);
    }
    if (unit != null && !name.endsWith("_" + unit.name())) {
      throw new IllegalArgumentException(
          "'" + name + "': a metric with unit '" + unit + "' must have a name ending in _" + unit);
    }
    this.name = name;
    this.help = help == null ? "" : help;
    this.unit = unit;
  }

  public MetricMetadata(String name, String help) {
    this(name, help, null);
  }

  public String name() {
    return name;
  }

  /** The help text; empty when none was given. */
  public String help() {
    return help;
  }

  /** The unit, or null. */
  public Unit unit() {
    return unit;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MetricMetadata m
        && m.name.equals(name)
        && m.help.equals(help)
        && Objects.equals(m.unit, unit);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, help, unit);
  }

  @Override
  public String toString() {
    return name + (unit == null ? "" : "[" + unit + "]");
  }
}
