package io.promsdk.core.model;

/**
 * A histogram (or gauge histogram) series as a writer reads it: classic buckets with ascending
 * upper bounds, the last one {@code +Inf}, and cumulative counts; {@link #count()} equals the
 * {@code +Inf} bucket's count. Native buckets will be added beside these accessors.
 *
 * <pre>{@code
 * for (int i = 0; i < h.bucketCount(); i++) {
 *   out.bucket(h.upperBound(i), h.cumulativeCount(i));
 * }
 * }</pre>
 */
public interface HistogramDataPointView extends DataPointView {
  long count();

  /** The sum of observations; NaN when unknown. */
  double sum();

  /** The number of classic buckets, {@code +Inf} included; at least 1. */
  int bucketCount();

  double upperBound(int i);

  /** The observations at or below {@link #upperBound(int) upperBound(i)}. */
  long cumulativeCount(int i);
}
