package io.promsdk.tracer.otel;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory span processor for tests: keeps the trace ids of ended spans, exports nothing.
 * The SDK needs one: without a processor (1.68) it hands out invalid, non-recording spans.
 */
final class RecordingSpans implements SpanProcessor {
  final List<String> endedTraceIds = new CopyOnWriteArrayList<>();

  /** A tracer provider with the given sampler whose spans end up here. */
  static SdkTracerProvider provider(Sampler sampler, RecordingSpans spans) {
    return SdkTracerProvider.builder().setSampler(sampler).addSpanProcessor(spans).build();
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    endedTraceIds.add(span.getSpanContext().getTraceId());
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }
}
