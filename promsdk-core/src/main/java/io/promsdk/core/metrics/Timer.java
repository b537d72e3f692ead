package io.promsdk.core.metrics;

import io.promsdk.core.model.Labels;

/**
 * Measures the time from {@code startTimer()} to {@link #close()} and records it, in seconds, on the
 * metric that started it. Use it in try-with-resources:
 *
 * <pre>{@code
 * try (Timer timer = histogram.startTimer()) {
 *   handleRequest();
 * }
 * }</pre>
 *
 * Closing twice records once. To keep the duration as an exemplar (with the trace it belongs to),
 * end the timer with {@link #observeDurationWithExemplar}; inside a sampled OpenTelemetry span,
 * with promsdk-tracer-otel on the class path, a plain {@code close()} takes one by itself.
 */
public final class Timer implements AutoCloseable {
  private final DurationObserver target;
  private final long startNanos;
  private boolean closed;

  Timer(DurationObserver target) {
    this.target = target;
    this.startNanos = System.nanoTime();
  }

  /** Seconds elapsed so far, without recording them. */
  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Records the elapsed seconds and returns them. */
  public double observeDuration() {
    double seconds = elapsedSeconds();
    if (!closed) {
      closed = true;
      target.observeDuration(seconds);
    }
    return seconds;
  }

  /**
   * Records the elapsed seconds with an exemplar of them and returns them; as {@link
   * #observeDuration()}, records once.
   *
   * <pre>{@code
   * Timer timer = histogram.startTimer();
   * handleRequest();
   * timer.observeDurationWithExemplar(Labels.of("trace_id", traceId));
   * }</pre>
   */
  public double observeDurationWithExemplar(Labels exemplarLabels) {
    double seconds = elapsedSeconds();
    if (!closed) {
      closed = true;
      target.observeDurationWithExemplar(seconds, exemplarLabels);
    }
    return seconds;
  }

  @Override
  public void close() {
    observeDuration();
  }
}
