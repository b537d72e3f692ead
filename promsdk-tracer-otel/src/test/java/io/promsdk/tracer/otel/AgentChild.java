package io.promsdk.tracer.otel;

import io.promsdk.core.exemplars.Exemplars;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.model.Exemplar;

/**
 * The application {@link OpenTelemetryAgentPeerTest} runs under the OpenTelemetry Java agent,
 * without the OpenTelemetry API on its class path: the agent wraps {@link #handle} in a span
 * ({@code otel.instrumentation.methods.include}), and the counter it increments should keep that
 * span's ids. Prints what the test checks.
 */
public final class AgentChild {
  private AgentChild() {}

  public static void main(String[] args) {
    Counter requests = Counter.builder().name("agent_requests_total").build();
    handle(requests);
    Exemplar e = requests.snapshot().dataPoints().get(0).exemplar();
    System.out.println("supplier=" + Exemplars.spanContextSupplier().getClass().getName());
    System.out.println("trace_id=" + (e == null ? "none" : e.labels().get("trace_id")));
    System.out.println("span_id=" + (e == null ? "none" : e.labels().get("span_id")));
  }

  /** A request: the agent runs it in a span of its own. */
  static void handle(Counter requests) {
    requests.inc();
  }
}
