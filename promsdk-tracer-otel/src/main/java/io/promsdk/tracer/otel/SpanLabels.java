package io.promsdk.tracer.otel;

import io.promsdk.core.model.Labels;

/** The exemplar labels of a span, named as OpenMetrics, Prometheus and Grafana expect them. */
final class SpanLabels {
  static final String TRACE_ID = "trace_id";
  static final String SPAN_ID = "span_id";

  private SpanLabels() {}

  static Labels of(String traceId, String spanId) {
    return Labels.of(TRACE_ID, traceId, SPAN_ID, spanId);
  }
}
