package io.promsdk.benchmarks;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.promsdk.core.exemplars.Exemplars;
import io.promsdk.core.exemplars.SpanContextSupplier;
import io.promsdk.tracer.otel.OpenTelemetrySpanContextSupplier;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the exemplar rows of {@link CounterIncBenchmark} and {@link HistogramObserveBenchmark}
 * share: metrics built with automatic exemplars from the OpenTelemetry supplier (whatever the
 * class path's ServiceLoader would find), and a sampled span made current on each benchmark thread.
 */
public final class ExemplarVariants {
  private ExemplarVariants() {}

  /** Builds a metric while automatic exemplars come from the OpenTelemetry API's current span. */
  static <M> M withOtelExemplars(Supplier<M> build) {
    SpanContextSupplier before = Exemplars.spanContextSupplier();
    Exemplars.setSpanContextSupplier(new OpenTelemetrySpanContextSupplier());
    try {
      return build.get();
    } finally {
      Exemplars.setSpanContextSupplier(before);
    }
  }

  /**
   * A sampled span of the OpenTelemetry SDK, current on the benchmark thread for the whole trial
   * (JMH runs a thread-scoped state's setup on the thread that uses it).
   */
  @State(Scope.Thread)
  public static class SampledSpan {
    SdkTracerProvider provider;
    Span span;
    io.opentelemetry.context.Scope scope;

    @Setup(Level.Trial)
    public void start() {
      // The SDK hands out invalid, non-recording spans when no processor is registered.
      provider = SdkTracerProvider.builder().addSpanProcessor(new NothingProcessor()).build();
      span = provider.get("benchmark").spanBuilder("request").startSpan();
      scope = span.makeCurrent();
      if (!span.getSpanContext().isSampled()) {
        throw new IllegalStateException("the benchmark's span is not sampled");
      }
    }

    @TearDown(Level.Trial)
    public void end() {
      scope.close();
      span.end();
      provider.close();
    }
  }

  /** Keeps and exports nothing. */
  private static final class NothingProcessor implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }
  }
}
