package io.promsdk.core.metrics;

/**
 * What a labelled metric does with a new label set once it holds its {@code cardinalityLimit} of
 * them. Either way the label set is counted in {@code
 * promsdk_cardinality_limit_exceeded_total{metric="..."}} and the first one is logged.
 *
 * <pre>{@code
 * Counter requests = Counter.builder().name("requests_total").labelNames("user")
 *     .cardinalityLimit(500, CardinalityOverflow.DROP).register(registry);
 * }</pre>
 */
public enum CardinalityOverflow {
  /**
   * Recorded in one overflow series whose variable labels all have the value {@value
   * #LABEL_VALUE} (constant labels keep theirs), as OpenTelemetry's {@code otel.metric.overflow}
   * series: totals across the metric stay right. The default.
   */
  OVERFLOW_SERIES,
  /** Not recorded: the update goes to a child that is never exposed. */
  DROP;

  /** The value of every variable label of the overflow series. */
  public static final String LABEL_VALUE = "_overflow_";
}
