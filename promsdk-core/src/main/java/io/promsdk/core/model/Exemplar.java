package io.promsdk.core.model;

import java.util.Objects;

/**
 * An exemplar: one observed value picked out of a series (a counter's increment, an observation in
 * a histogram bucket) with labels that say where it came from, typically the {@code trace_id} and
 * {@code span_id} of the request that made it, so that a dashboard can jump from a metric to a
 * trace. Written in OpenMetrics text ({@code ... # {trace_id="..",span_id=".."} 0.25 1700000000.123})
 * and in the protobuf format; never in the Prometheus text format 0.0.4, which has no syntax for it.
 *
 * <pre>{@code
 * Exemplar e = new Exemplar(Labels.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"), 0.25,
 *     System.currentTimeMillis());
 * }</pre>
 *
 * <p>OpenMetrics limits an exemplar's label names and values to 128 UTF-8 code points in total
 * ({@link #MAX_LABEL_CODE_POINTS}); more is refused. Immutable.
 */
public final class Exemplar {
  /** OpenMetrics: "The combined length of the label names and values of an Exemplar's LabelSet MUST NOT exceed 128 UTF-8 character code points." */
  public static final int MAX_LABEL_CODE_POINTS = 128;

  private final Labels labels;
  private final double value;
  private final long timestampMillis;

  /**
   * @param labels what the exemplar points to; at most {@value #MAX_LABEL_CODE_POINTS} code points
   *     in names and values together
   * @param value the observed value (a counter's increment, a histogram observation)
   * @param timestampMillis when it was observed, milliseconds since the epoch; 0 for none
   * @throws IllegalArgumentException if the labels are too long
   */
  public Exemplar(Labels labels, double value, long timestampMillis) {
    this.labels = Objects.requireNonNull(labels, "labels");
    String problem = labelsProblem(labels);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    this.value = value;
    this.timestampMillis = timestampMillis;
  }

  /**
   * Why {@code labels} cannot be an exemplar's, naming the labels and the rule; null if they can.
   * For callers that put the metric's name in front of the message.
   */
  public static String labelsProblem(Labels labels) {
    int codePoints = 0;
    for (int i = 0; i < labels.size(); i++) {
      codePoints += codePoints(labels.name(i)) + codePoints(labels.value(i));
    }
    if (codePoints > MAX_LABEL_CODE_POINTS) {
      return "exemplar labels " + labels + " have " + codePoints + " UTF-8 code points in their names"
          + " and values; OpenMetrics allows at most " + MAX_LABEL_CODE_POINTS + " in total";
    }
    return null;
  }

  private static int codePoints(String s) {
    return s.codePointCount(0, s.length());
  }

  public Labels labels() {
    return labels;
  }

  public double value() {
    return value;
  }

  /** Milliseconds since the epoch; 0 when the exemplar has no timestamp. */
  public long timestampMillis() {
    return timestampMillis;
  }

  public boolean hasTimestamp() {
    return timestampMillis != 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Exemplar e && e.labels.equals(labels)
        && Double.compare(e.value, value) == 0 && e.timestampMillis == timestampMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(labels, value, timestampMillis);
  }

  @Override
  public String toString() {
    return "Exemplar" + labels + " " + value + (hasTimestamp() ? " @" + timestampMillis : "");
  }
}
