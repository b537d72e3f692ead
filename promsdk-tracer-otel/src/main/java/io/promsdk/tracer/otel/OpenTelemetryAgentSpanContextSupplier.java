package io.promsdk.tracer.otel;

import io.promsdk.core.exemplars.SpanContextSupplier;
import io.promsdk.core.model.Labels;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Automatic exemplars from the OpenTelemetry Java agent's current span, for applications that
 * run under the agent without the OpenTelemetry API on their own class path.
 *
 * <p>The agent relocates its copy of the API to {@value #AGENT_API} and loads it in the bootstrap
 * class loader, so every class can see it. client_java compiles a module against the API and
 * relocates (shades) its references to that package at build time; this class needs no shading:
 * it looks the relocated {@code Span.current()}, {@code getSpanContext()}, {@code isValid()},
 * {@code isSampled()}, {@code getTraceId()} and {@code getSpanId()} up once, as method handles in
 * static finals, which the JIT inlines like direct calls. Without the agent the look-up fails, the
 * class does not initialise, and promsdk-core skips this provider.
 */
public final class OpenTelemetryAgentSpanContextSupplier implements SpanContextSupplier {
  /** The package the agent relocates {@code io.opentelemetry.api} to. */
  static final String AGENT_API = "io.opentelemetry.javaagent.shaded.io.opentelemetry.api";

  private static final MethodHandle CURRENT;
  private static final MethodHandle CONTEXT;
  private static final MethodHandle IS_VALID;
  private static final MethodHandle IS_SAMPLED;
  private static final MethodHandle TRACE_ID;
  private static final MethodHandle SPAN_ID;

  static {
    try {
      ClassLoader loader = OpenTelemetryAgentSpanContextSupplier.class.getClassLoader();
      Class<?> span = Class.forName(AGENT_API + ".trace.Span", false, loader);
      Class<?> context = Class.forName(AGENT_API + ".trace.SpanContext", false, loader);
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      CURRENT = lookup.findStatic(span, "current", MethodType.methodType(span))
          .asType(MethodType.methodType(Object.class));
      CONTEXT = lookup.findVirtual(span, "getSpanContext", MethodType.methodType(context))
          .asType(MethodType.methodType(Object.class, Object.class));
      IS_VALID = lookup.findVirtual(context, "isValid", MethodType.methodType(boolean.class))
          .asType(MethodType.methodType(boolean.class, Object.class));
      IS_SAMPLED = lookup.findVirtual(context, "isSampled", MethodType.methodType(boolean.class))
          .asType(MethodType.methodType(boolean.class, Object.class));
      TRACE_ID = lookup.findVirtual(context, "getTraceId", MethodType.methodType(String.class))
          .asType(MethodType.methodType(String.class, Object.class));
      SPAN_ID = lookup.findVirtual(context, "getSpanId", MethodType.methodType(String.class))
          .asType(MethodType.methodType(String.class, Object.class));
    } catch (ReflectiveOperationException e) {
      // No agent (or one without these methods): ServiceLoader reports the failed initialisation
      // and promsdk-core moves on to the next provider.
      throw new IllegalStateException("the OpenTelemetry Java agent's API (" + AGENT_API + ") is not loaded", e);
    }
  }

  @Override
  public Labels exemplarLabels() {
    try {
      Object context = (Object) CONTEXT.invokeExact((Object) CURRENT.invokeExact());
      if (!(boolean) IS_VALID.invokeExact(context) || !(boolean) IS_SAMPLED.invokeExact(context)) {
        return null;
      }
      return SpanLabels.of((String) TRACE_ID.invokeExact(context), (String) SPAN_ID.invokeExact(context));
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) { // the methods declare no checked exceptions
      throw new IllegalStateException(e);
    }
  }
}
