package io.promsdk.core.model;

/** A counter series as a writer reads it: a value that never goes down (never NaN). */
public interface CounterDataPointView extends DataPointView {
  double value();
}
