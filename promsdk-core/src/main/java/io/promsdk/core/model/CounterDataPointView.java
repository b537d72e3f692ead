package io.promsdk.core.model;

/** A counter series as a writer reads it: a value that never goes down (never NaN). */
public interface CounterDataPointView extends DataPointView {
  double value();

  // ---------------------------------------------------------------- exemplars

  /** The series' latest exemplar, written after the {@code _total} sample; null when none. */
  default Exemplar exemplar() {
    return null;
  }
}
