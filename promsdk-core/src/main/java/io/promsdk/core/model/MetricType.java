package io.promsdk.core.model;

/** The metric families of the OpenMetrics data model. */
public enum MetricType {
  COUNTER,
  GAUGE,
  HISTOGRAM,
  /** A histogram whose buckets may go down, exposed as {@code gaugehistogram}. */
  GAUGE_HISTOGRAM,
  SUMMARY,
  INFO,
  STATESET,
  /** Untyped in the Prometheus text format. */
  UNKNOWN
}
