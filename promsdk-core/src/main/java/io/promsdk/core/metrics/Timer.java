package io.promsdk.core.metrics;

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
 * Closing twice records once.
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

  @Override
  public void close() {
    observeDuration();
  }
}
