package io.promsdk.core.model;

/**
 * A histogram (or gauge histogram) series as a writer reads it: classic buckets with ascending
 * upper bounds, the last one {@code +Inf}, and cumulative counts; {@link #count()} equals the
 * {@code +Inf} bucket's count.
 *
 * <p>A histogram may also have native (exponential) buckets, as the Prometheus native histogram
 * specification and {@code metrics.proto} define them: at schema {@code s} the base is
 * {@code 2^(2^-s)} and bucket index {@code i} holds observations {@code v} with
 * {@code base^(i-1) < |v| <= base^i}; observations with {@code |v| <= zeroThreshold} are in the zero
 * bucket. Only populated buckets are listed, by ascending index, with absolute (not delta) counts;
 * a format derives spans and deltas from them. A native-only histogram has one classic bucket,
 * {@code +Inf}; a classic-only one answers {@code false} to {@link #hasNativeBuckets()}.
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

  /** Whether the native accessors below describe this series. */
  default boolean hasNativeBuckets() {
    return false;
  }

  /** The native schema, -4..8; meaningful only when {@link #hasNativeBuckets()}. */
  default int nativeSchema() {
    return 0;
  }

  /** The zero bucket's width: observations with {@code |v| <= nativeZeroThreshold()} are counted there. */
  default double nativeZeroThreshold() {
    return 0;
  }

  /** The observations in the zero bucket. */
  default long nativeZeroCount() {
    return 0;
  }

  /** The number of populated positive native buckets. */
  default int nativePositiveBucketCount() {
    return 0;
  }

  /** The index of the {@code i}-th populated positive bucket, ascending in {@code i}. */
  default int nativePositiveBucketIndex(int i) {
    throw new IndexOutOfBoundsException(i);
  }

  /** The (absolute, non-cumulative) count of the {@code i}-th populated positive bucket, &gt; 0. */
  default long nativePositiveBucketValue(int i) {
    throw new IndexOutOfBoundsException(i);
  }

  /** The number of populated negative native buckets (for observations below zero). */
  default int nativeNegativeBucketCount() {
    return 0;
  }

  /** The index of the {@code i}-th populated negative bucket, ascending in {@code i}. */
  default int nativeNegativeBucketIndex(int i) {
    throw new IndexOutOfBoundsException(i);
  }

  /** The (absolute, non-cumulative) count of the {@code i}-th populated negative bucket, &gt; 0. */
  default long nativeNegativeBucketValue(int i) {
    throw new IndexOutOfBoundsException(i);
  }

  // ---------------------------------------------------------------- exemplars

  /**
   * The exemplar of classic bucket {@code i} (an observation at or below {@link #upperBound(int)
   * upperBound(i)} and above the bound before it), written after that {@code _bucket} sample;
   * null when none.
   */
  default Exemplar bucketExemplar(int i) {
    return null;
  }

  /**
   * How many exemplars the native histogram carries ({@code Histogram.exemplars} in
   * {@code metrics.proto}); 0 without native buckets.
   */
  default int nativeExemplarCount() {
    return 0;
  }

  /** The {@code i}-th exemplar of the native histogram, {@code i < nativeExemplarCount()}. */
  default Exemplar nativeExemplar(int i) {
    throw new IndexOutOfBoundsException(i);
  }
}
