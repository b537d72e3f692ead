package io.promsdk.core.model;

/** A summary series as a writer reads it: count, sum and quantiles ordered by quantile. */
public interface SummaryDataPointView extends DataPointView {
  long count();

  double sum();

  /** The number of quantiles; 0 for a summary that tracks none. */
  int quantileCount();

  /** Quantile {@code i}, in [0, 1]. */
  double quantile(int i);

  /** The estimated value at {@link #quantile(int) quantile(i)}; NaN without observations. */
  double quantileValue(int i);
}
