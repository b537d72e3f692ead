package io.promsdk.core.metrics;

import io.promsdk.core.model.Labels;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Something that records durations in seconds: histograms and summaries observe them, gauges are set
 * to them. Mirrors the Python client's {@code time()} decorator and context manager.
 *
 * <pre>{@code
 * String body = histogram.time(() -> fetch(url));
 * }</pre>
 */
public interface DurationObserver {

  /** Records a duration in seconds. */
  void observeDuration(double seconds);

  /**
   * Records a duration with an exemplar of it ({@code exemplarLabels}, e.g. {@code trace_id}):
   * histograms keep the exemplar in the duration's bucket; observers without exemplars (gauges,
   * summaries) record the duration only.
   */
  default void observeDurationWithExemplar(double seconds, Labels exemplarLabels) {
    observeDuration(seconds);
  }

  /** Starts a timer that records on {@link Timer#close()}. */
  default Timer startTimer() {
    return new Timer(this);
  }

  /** Runs {@code task} and records how long it took, also when it throws. */
  default void time(Runnable task) {
    try (Timer ignored = startTimer()) {
      task.run();
    }
  }

  /** Runs {@code task}, records how long it took (also when it throws) and returns its result. */
  default <T> T time(Supplier<T> task) {
    try (Timer ignored = startTimer()) {
      return task.get();
    }
  }

  /** Like {@link #time(Supplier)} for code that throws checked exceptions. */
  default <T> T timeChecked(Callable<T> task) throws Exception {
    try (Timer ignored = startTimer()) {
      return task.call();
    }
  }
}
