package io.promsdk.core.model;

import java.util.Arrays;
import java.util.List;

/**
 * The exemplars of one histogram data point: at most one per classic bucket, by bucket index, and
 * a list for the native histogram. Immutable.
 *
 * <pre>{@code
 * HistogramExemplars e = HistogramExemplars.of(
 *     new Exemplar[] {null, new Exemplar(Labels.of("trace_id", "abc"), 0.3, now), null},
 *     List.of());
 * }</pre>
 */
public final class HistogramExemplars {
  /** No exemplars at all. */
  public static final HistogramExemplars NONE = new HistogramExemplars(new Exemplar[0], List.of());

  private final Exemplar[] perBucket;
  private final List<Exemplar> nativeExemplars;

  private HistogramExemplars(Exemplar[] perBucket, List<Exemplar> nativeExemplars) {
    this.perBucket = perBucket;
    this.nativeExemplars = nativeExemplars;
  }

  /**
   * @param perBucket by classic bucket index, null where a bucket has none (copied); may be
   *     shorter than the buckets, the rest have none
   * @param nativeExemplars the native histogram's (copied; no nulls)
   */
  public static HistogramExemplars of(Exemplar[] perBucket, List<Exemplar> nativeExemplars) {
    int n = perBucket.length;
    while (n > 0 && perBucket[n - 1] == null) {
      n--;
    }
    if (n == 0 && nativeExemplars.isEmpty()) {
      return NONE;
    }
    return new HistogramExemplars(Arrays.copyOf(perBucket, n), List.copyOf(nativeExemplars));
  }

  /** The exemplar of classic bucket {@code i}; null when it has none. */
  public Exemplar bucket(int i) {
    if (i < 0) {
      throw new IndexOutOfBoundsException(i);
    }
    return i < perBucket.length ? perBucket[i] : null;
  }

  public List<Exemplar> nativeExemplars() {
    return nativeExemplars;
  }

  /** The index past the last classic bucket with an exemplar, checked against the bucket count. */
  int classicLength() {
    return perBucket.length;
  }
}
