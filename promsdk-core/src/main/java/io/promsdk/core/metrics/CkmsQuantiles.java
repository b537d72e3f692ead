package io.promsdk.core.metrics;

import java.util.Arrays;

/**
 * Targeted-quantile estimator after Cormode, Korn, Muthukrishnan and Srivastava, "Effective
 * Computation of Biased Quantiles over Data Streams" (2005), fed with sorted batches.
 *
 * <p>For every configured pair (φ, ε) with n observations, {@link #get(double) get(φ)} returns an
 * observed value v whose rank interval [count(&lt; v), count(&le; v)] intersects [(φ-ε)n, (φ+ε)n].
 * φ = 0 and φ = 1 return the exact minimum and maximum.
 *
 * <p>Samples live in three parallel primitive arrays (value, g, Δ) in ascending value order, as in
 * the paper: g is the gap between the lowest possible rank of a sample and that of its predecessor,
 * Δ the uncertainty of its rank, so a sample's rank lies in [rmin, rmin + Δ] with rmin the running
 * sum of g. A batch is merged and compressed in a single pass into a spare set of arrays that is
 * then swapped in, the old arrays becoming the spare.
 *
 * <p>Memory: a sample costs 16 bytes. The arrays start empty and grow by an eighth (plus 8) when a
 * merge's output does not fit, so they stay within about 1.2× the samples kept, and a warm estimator
 * allocates nothing. {@link #sibling() Siblings} share their immutable targets and one spare (they
 * must be fed by one thread at a time, as {@link SlidingWindowQuantiles} does): five age buckets
 * then hold six sets of arrays instead of ten.
 *
 * <p>Not thread-safe; {@link SlidingWindowQuantiles} serialises access.
 */
final class CkmsQuantiles {

  private static final double[] NO_VALUES = {};
  private static final int[] NO_INTS = {};

  private final Targets targets;
  /** The merge target, shared with {@link #sibling() siblings}. */
  private final Spare spare;

  private double[] values = NO_VALUES;
  private int[] g = NO_INTS;
  private int[] delta = NO_INTS;
  private int size;
  private long count;

  /**
   * @param quantiles the targeted quantiles φ, each in [0, 1]
   * @param errors the allowed rank error ε of each quantile, each in [0, 1]
   */
  CkmsQuantiles(double[] quantiles, double[] errors) {
    this(new Targets(quantiles, errors), new Spare());
  }

  /** A new, empty estimator for {@code targets}, which any number of estimators may share. */
  CkmsQuantiles(Targets targets) {
    this(targets, new Spare());
  }

  private CkmsQuantiles(Targets targets, Spare spare) {
    this.targets = targets;
    this.spare = spare;
  }

  /**
   * A new, empty estimator for the same targets that shares this one's immutable targets and its
   * spare arrays: insertions into the two must never overlap.
   */
  CkmsQuantiles sibling() {
    return new CkmsQuantiles(targets, spare);
  }

  /** The slopes derived from the configured (φ, ε) pairs; immutable, so shareable. */
  static final class Targets {
    /** 2ε/φ per interior quantile: how wide samples right of the target rank may grow. */
    final double[] upperSlope;
    /** 2ε/(1-φ) per interior quantile: how wide samples left of the target rank may grow. */
    final double[] lowerSlope;
    /** lowerSlope / (1 + lowerSlope), for {@link #maxWidth}. */
    final double[] lowerReach;
    /** Smallest 2ε over interior quantiles: a width w never exceeds the limit while w ≤ 2ε(n-w). */
    final double minTwoEpsilon;

    Targets(double[] quantiles, double[] errors) {
      validate(quantiles, errors);
      int interior = 0;
      for (double q : quantiles) {
        if (q > 0 && q < 1) {
          interior++;
        }
      }
      upperSlope = new double[interior];
      lowerSlope = new double[interior];
      lowerReach = new double[interior];
      double minTwoEps = Double.POSITIVE_INFINITY;
      for (int i = 0, j = 0; i < quantiles.length; i++) {
        double q = quantiles[i];
        if (q > 0 && q < 1) {
          upperSlope[j] = 2 * errors[i] / q;
          lowerSlope[j] = 2 * errors[i] / (1 - q);
          lowerReach[j] = lowerSlope[j] / (1 + lowerSlope[j]);
          minTwoEps = Math.min(minTwoEps, 2 * errors[i]);
          j++;
        }
      }
      minTwoEpsilon = minTwoEps;
    }
  }

  /** The arrays a merge writes into; after it they hold the estimator's previous samples. */
  private static final class Spare {
    double[] values = NO_VALUES;
    int[] g = NO_INTS;
    int[] delta = NO_INTS;
  }

  /** Throws {@link IllegalArgumentException} unless the two arrays describe valid targets. */
  static void validate(double[] quantiles, double[] errors) {
    if (quantiles.length == 0) {
      throw new IllegalArgumentException("at least one quantile is required");
    }
    if (quantiles.length != errors.length) {
      throw new IllegalArgumentException("need one error per quantile, got "
          + quantiles.length + " quantiles and " + errors.length + " errors");
    }
    for (int i = 0; i < quantiles.length; i++) {
      if (!(quantiles[i] >= 0 && quantiles[i] <= 1)) {
        throw new IllegalArgumentException("quantile must be within [0, 1]: " + quantiles[i]);
      }
      if (!(errors[i] >= 0 && errors[i] <= 1)) {
        throw new IllegalArgumentException("error of quantile " + quantiles[i]
            + " must be within [0, 1]: " + errors[i]);
      }
      for (int j = 0; j < i; j++) {
        if (quantiles[j] == quantiles[i]) {
          throw new IllegalArgumentException("duplicate quantile: " + quantiles[i]);
        }
      }
    }
  }

  /** Number of observations inserted since construction or the last {@link #reset()}. */
  long count() {
    return count;
  }

  /** Number of samples currently kept. */
  int sampleCount() {
    return size;
  }

  /** Forgets all observations; keeps the arrays. */
  void reset() {
    size = 0;
    count = 0;
  }

  /**
   * Adds {@code batch[from..to)}, which must be sorted ascending and free of NaN, merging and
   * compressing in one pass.
   */
  void insertSorted(double[] batch, int from, int to) {
    if (to <= from) {
      return;
    }
    final long n = count + (to - from);
    final double[] inV = values;
    final int[] inG = g;
    final int[] inD = delta;
    final int inSize = size;
    int out = 0;
    // Sum of g over emitted samples: the rank just below the pending sample.
    long rank = 0;
    boolean hasPending = false;
    double pv = 0;
    int pg = 0;
    int pd = 0;
    int i = 0;
    int j = from;
    while (i < inSize || j < to) {
      if (j < to && (i == inSize || batch[j] < inV[i])) {
        // A run of new values below the next kept sample (or above all). Each ranks below that
        // sample, so inherits its uncertainty (GK-style, tighter than the paper's f(r) - 1), and
        // all share it; that makes the greedy merge of the run computable in closed form.
        int runEnd = to;
        if (i < inSize) {
          double bound = inV[i];
          runEnd = j + 1;
          while (runEnd < to && batch[runEnd] < bound) {
            runEnd++;
          }
        }
        final int d = i < inSize ? inG[i] + inD[i] - 1 : 0;
        while (j < runEnd) {
          if (hasPending && out > 0) {
            // Absorbing m run values into the pending sample yields width pg + m + d.
            long m = Math.min(runEnd - j, Math.max(0, maxWidth(rank, n) - d - pg));
            if (m > 0) {
              j += (int) m;
              pv = batch[j - 1];
              pg += (int) m;
              pd = d;
              if (j == runEnd) {
                break;
              }
            }
          }
          if (hasPending) {
            emit(out++, pv, pg, pd);
            rank += pg;
          }
          pv = batch[j++];
          pg = 1;
          pd = d;
          hasPending = true;
        }
        continue;
      }
      double cv = inV[i];
      int cg = inG[i];
      int cd = inD[i];
      i++;
      if (hasPending) {
        long width = (long) pg + cg + cd;
        // out > 0: the minimum (first sample) is never merged away, so it stays exact.
        if (out > 0 && width <= Integer.MAX_VALUE
            && (width <= targets.minTwoEpsilon * (n - width)
                || width <= allowedWidth(rank, rank + width, n))) {
          cg += pg;
        } else {
          emit(out++, pv, pg, pd);
          rank += pg;
        }
      }
      pv = cv;
      pg = cg;
      pd = cd;
      hasPending = true;
    }
    emit(out++, pv, pg, pd);

    Spare merged = spare; // the merge's output becomes the samples; the old ones the spare
    values = merged.values;
    g = merged.g;
    delta = merged.delta;
    merged.values = inV;
    merged.g = inG;
    merged.delta = inD;
    size = out;
    count = n;
  }

  /** Appends a sample to the spare arrays (the merge's output), growing them when full. */
  private void emit(int index, double value, int gValue, int deltaValue) {
    Spare out = spare;
    if (index == out.values.length) {
      // Grow by an eighth: memory per series matters more than the few copies while warming up.
      int capacity = index + (index >> 3) + 8;
      out.values = Arrays.copyOf(out.values, capacity);
      out.g = Arrays.copyOf(out.g, capacity);
      out.delta = Arrays.copyOf(out.delta, capacity);
    }
    out.values[index] = value;
    out.g[index] = gValue;
    out.delta[index] = deltaValue;
  }

  /**
   * The widest rank interval (lo, hi] a sample may cover. For each target φ this is
   * 2ε·max(lo/φ, (n-hi)/(1-φ)), which is below 2εn whenever the interval straddles
   * [(φ-ε)n, (φ+ε)n] — exactly what {@link #get} needs — and which never shrinks as further
   * observations are inserted anywhere, so the invariant survives insertion. The paper (and
   * client_java) use lo in both terms, which only bounds the error by ε/(1 - 2ε/(1-φ)); random
   * inputs then exceed ε (by up to 1.9× in our tests).
   *
   * <p>Over all positions of an interval of width w this is at least 2ε(n-w) (where the two terms
   * meet), which lets {@link #insertSorted} skip the evaluation for narrow samples.
   */
  private double allowedWidth(long lo, long hi, long n) {
    double[] up = targets.upperSlope;
    double[] down = targets.lowerSlope;
    double result = Double.POSITIVE_INFINITY;
    double below = lo;
    double above = n - hi;
    for (int k = 0; k < up.length; k++) {
      double w = Math.max(up[k] * below, down[k] * above);
      if (w < result) {
        result = w;
      }
    }
    return result;
  }

  /**
   * The widest sample allowed to start at rank {@code lo}: the largest w with
   * w ≤ {@link #allowedWidth allowedWidth}(lo, lo + w, n). For each target, w ≤ max(a, b - c·w)
   * holds exactly when w ≤ max(a, b / (1 + c)); a final check undoes any rounding up.
   */
  private long maxWidth(long lo, long n) {
    double[] up = targets.upperSlope;
    double[] reach = targets.lowerReach;
    double limit = Integer.MAX_VALUE;
    double below = lo;
    double notBelow = n - lo;
    for (int k = 0; k < up.length; k++) {
      double w = Math.max(up[k] * below, reach[k] * notBelow);
      if (w < limit) {
        limit = w;
      }
    }
    long w = (long) limit;
    // Rounding can only have lifted the limit past an integer if it lies just above one.
    if (limit - w <= 1e-9 * limit) {
      while (w > 0 && w > allowedWidth(lo, lo + w, n)) {
        w--;
      }
    }
    return w;
  }

  /**
   * The estimate for quantile {@code q}; NaN when empty. The accuracy guarantee holds for configured
   * quantiles; other values of q get a best-effort answer.
   */
  double get(double q) {
    if (size == 0) {
      return Double.NaN;
    }
    // Pick the sample whose possible ranks stray least from the target rank. Rank r is read as the
    // interval [r-1, r], so exact samples resolve to rank ceil(q·n), as client_java reports them.
    final double target = q * count;
    final double[] v = values;
    final int[] gs = g;
    final int[] ds = delta;
    long rmin = 0;
    double best = Double.POSITIVE_INFINITY;
    int bestIndex = 0;
    for (int i = 0; i < size; i++) {
      rmin += gs[i];
      double lowMiss = target - rmin;
      double highMiss = rmin + ds[i] - 1 - target;
      double miss = Math.max(lowMiss, highMiss);
      // The tolerance settles near-ties such as 0.55·100 = 55.00000000000001 on the lower sample.
      if (miss < best - 1e-9) {
        best = miss;
        bestIndex = i;
      } else if (-lowMiss - 1 > best) {
        break; // every later sample misses by more
      }
    }
    return v[bestIndex];
  }

  /** Test hook: the samples as {value, g, delta} triples, in order. */
  double[][] samples() {
    double[][] result = new double[size][];
    for (int i = 0; i < size; i++) {
      result[i] = new double[] {values[i], g[i], delta[i]};
    }
    return result;
  }
}
