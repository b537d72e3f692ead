package io.promsdk.core.exemplars;

import io.promsdk.core.model.Labels;

/**
 * Where automatic exemplars come from: the labels that link a counter increment or a histogram
 * observation to the trace it happened in. promsdk-core has no tracing dependency; an optional
 * module implements this for a tracer (promsdk-tracer-otel: OpenTelemetry) and registers it in
 * {@code META-INF/services/io.promsdk.core.exemplars.SpanContextSupplier}, where {@link
 * Exemplars#spanContextSupplier()} finds it.
 *
 * <pre>{@code
 * public final class MyTracerSupplier implements SpanContextSupplier {
 *   public Labels exemplarLabels() {
 *     MySpan span = MyTracer.currentSpan();
 *     return span == null || !span.sampled() ? null
 *         : Labels.of("trace_id", span.traceId(), "span_id", span.spanId());
 *   }
 * }
 * }</pre>
 *
 * <p>A provider whose constructor throws (for example because its tracer's classes are not on the
 * class path) is skipped, and the next one is tried.
 */
public interface SpanContextSupplier {

  /**
   * The labels of an exemplar taken now on this thread: {@code trace_id} and {@code span_id} of
   * the current span if it is sampled, as OpenMetrics and Prometheus name them; null when no
   * sampled span is current. Called on the thread that increments or observes, at most once per
   * series (and histogram bucket) per sample interval plus once per clock tick while no span is
   * current, so it may allocate; it must not block or throw.
   */
  Labels exemplarLabels();
}
