package io.promsdk.tracer.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.promsdk.core.exemplars.Exemplars;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.Labels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The supplier against real spans of the OpenTelemetry SDK (in memory, no exporter), found by
 * promsdk-core's {@link java.util.ServiceLoader} look-up, and the exemplars counters and
 * histograms take by themselves inside those spans.
 */
class OpenTelemetrySpanContextSupplierTest {
  private static final SdkTracerProvider SAMPLED = RecordingSpans.provider(Sampler.alwaysOn(), new RecordingSpans());
  private static final SdkTracerProvider UNSAMPLED =
      RecordingSpans.provider(Sampler.alwaysOff(), new RecordingSpans());

  @AfterAll
  static void shutdown() {
    SAMPLED.close();
    UNSAMPLED.close();
  }

  private static Tracer tracer(SdkTracerProvider provider) {
    return provider.get("promsdk-test");
  }

  @Test
  void serviceLoaderFindsTheApiSupplier() {
    assertThat(Exemplars.spanContextSupplier()).isInstanceOf(OpenTelemetrySpanContextSupplier.class);
  }

  @Test
  void theAgentSupplierDoesNotLoadWithoutTheAgent() {
    assertThatThrownBy(() -> Class.forName(OpenTelemetryAgentSpanContextSupplier.class.getName(), true,
        getClass().getClassLoader()))
        .isInstanceOf(ExceptionInInitializerError.class)
        .hasRootCauseInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void aSampledSpanGivesItsIdsAndNoSpanOrAnUnsampledOneNothing() {
    OpenTelemetrySpanContextSupplier supplier = new OpenTelemetrySpanContextSupplier();
    assertThat(supplier.exemplarLabels()).isNull();
    Span span = tracer(SAMPLED).spanBuilder("sampled").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      assertThat(span.getSpanContext().isValid()).isTrue();
      assertThat(supplier.exemplarLabels()).isEqualTo(Labels.of(
          "trace_id", span.getSpanContext().getTraceId(), "span_id", span.getSpanContext().getSpanId()));
    } finally {
      span.end();
    }
    Span unsampled = tracer(UNSAMPLED).spanBuilder("unsampled").startSpan();
    try (Scope ignored = unsampled.makeCurrent()) {
      assertThat(unsampled.getSpanContext().isValid()).isTrue();
      assertThat(supplier.exemplarLabels()).isNull();
    } finally {
      unsampled.end();
    }
  }

  @Test
  void counterAndHistogramTakeTheSpansIdsByThemselves() {
    Counter requests = Counter.builder().name("requests_total").build();
    Histogram latency = Histogram.builder().name("latency_seconds").buckets(0.1, 1).build();
    Counter off = Counter.builder().name("off_total").withoutExemplars().build();
    Span span = tracer(SAMPLED).spanBuilder("request").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      requests.inc();
      latency.observe(0.5);
      off.inc();
    } finally {
      span.end();
    }
    Exemplar e = requests.snapshot().dataPoints().get(0).exemplar();
    assertThat(e.labels().get("trace_id")).isEqualTo(span.getSpanContext().getTraceId());
    assertThat(e.labels().get("span_id")).isEqualTo(span.getSpanContext().getSpanId());
    assertThat(e.value()).isEqualTo(1.0);
    Exemplar bucket = latency.snapshot().dataPoints().get(0).bucketExemplar(1);
    assertThat(bucket.labels().get("trace_id")).isEqualTo(span.getSpanContext().getTraceId());
    assertThat(bucket.value()).isEqualTo(0.5);
    assertThat(off.snapshot().dataPoints().get(0).exemplar()).isNull();
  }
}
