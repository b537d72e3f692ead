package io.promsdk.tracer.otel;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.promsdk.core.exemplars.SpanContextSupplier;
import io.promsdk.core.model.Labels;

/**
 * Automatic exemplars from the OpenTelemetry API's current span ({@code Span.current()}): its
 * {@code trace_id} and {@code span_id} when it is valid and sampled. Found by promsdk-core through
 * {@link java.util.ServiceLoader}; nothing to configure.
 *
 * <pre>{@code
 * Span span = tracer.spanBuilder("GET /orders").startSpan();
 * try (Scope ignored = span.makeCurrent()) {
 *   requests.inc(); // keeps {trace_id="..", span_id=".."} as the series' exemplar
 * } finally {
 *   span.end();
 * }
 * }</pre>
 *
 * <p>Under the OpenTelemetry Java agent the application's API calls are bridged to the agent's
 * context, so this supplier sees the agent's spans too. Its construction fails with a {@link
 * NoClassDefFoundError} when the API is not on the class path, and promsdk-core then tries the
 * next provider ({@link OpenTelemetryAgentSpanContextSupplier}).
 */
public final class OpenTelemetrySpanContextSupplier implements SpanContextSupplier {

  /** Fails fast, with a {@link NoClassDefFoundError}, where the OpenTelemetry API is missing. */
  public OpenTelemetrySpanContextSupplier() {
    Span.getInvalid();
  }

  @Override
  public Labels exemplarLabels() {
    SpanContext context = Span.current().getSpanContext();
    if (!context.isValid() || !context.isSampled()) {
      return null;
    }
    return SpanLabels.of(context.getTraceId(), context.getSpanId());
  }
}
