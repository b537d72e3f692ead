package io.promsdk.core.metrics;

import java.math.BigInteger;

/**
 * The bucket arithmetic of native (exponential) histograms, as the Prometheus native histogram
 * specification defines it: at schema {@code s} (-4..8) the base is {@code 2^(2^-s)} and bucket
 * {@code i} holds the magnitudes {@code v} with {@code base^(i-1) < v <= base^i}. Lowering the
 * schema by one merges buckets {@code 2j-1} and {@code 2j} into bucket {@code j}.
 *
 * <p>The index is exact, not a rounded logarithm: for schema {@code s > 0} the fraction {@code f}
 * of {@code v = f * 2^e} ({@code 0.5 <= f < 1}) is compared with the bucket bounds inside
 * {@code [0.5, 1)}, held as the largest doubles at or below the real bound (for a double {@code f}
 * and an irrational bound {@code b}, {@code f <= b} exactly when {@code f <= roundDown(b)}); they
 * are computed at class load with exact integer powers. To find the bound quickly the fraction's
 * range is cut into 512 equal pieces, narrower than the gap between two bounds at schema 8 (and so
 * at every schema), so a piece's first candidate and one comparison give the index.
 */
final class NativeBucketMath {
  // The schema range is the model's (one definition: core.model.NativeBuckets).
  static final int MIN_SCHEMA = io.promsdk.core.model.NativeBuckets.MIN_SCHEMA;
  static final int MAX_SCHEMA = io.promsdk.core.model.NativeBuckets.MAX_SCHEMA;

  /** BOUNDS[s][j], s in 1..8, j in 0..2^s: roundDown(2^(j/2^s - 1)); the last is 1.0. */
  private static final double[][] BOUNDS = new double[MAX_SCHEMA + 1][];
  /**
   * For the index, per schema {@code s} 1..8 a row packed so that a lookup is one load and an add:
   * for each of the {@value #PIECES} pieces of [0.5, 1) (cut by the top mantissa bits, the same at
   * every schema, so the shift is a constant; at schema 8 a piece is narrower than the gap between
   * two bounds, and so at every schema), {@code (j << 53) + (2^53 - 1 - b)}, where {@code j} is
   * the piece's first candidate bound and {@code b} that bound's mantissa bits (all bounds are in
   * [0.5, 1), so they share one exponent and their mantissas order as the values do; 1.0 as 2^52,
   * above every mantissa). Adding a mantissa {@code m} carries into bit 53 exactly when
   * {@code m > b}: the sum's bits from 53 up are the bucket, with no compare. 32 KB in all; a series
   * touches the 4 KB row of its schema.
   */
  private static final long[][] PIECE_ROWS = new long[MAX_SCHEMA + 1][];
  private static final int PIECE_BITS = MAX_SCHEMA + 1;
  private static final int PIECES = 1 << PIECE_BITS;
  private static final int CANDIDATE_SHIFT = 53;
  private static final long BELOW_CANDIDATE = (1L << CANDIDATE_SHIFT) - 1;
  private static final long MANTISSA = 0xF_FFFF_FFFF_FFFFL;

  static {
    for (int s = 1; s <= MAX_SCHEMA; s++) {
      int n = 1 << s;
      double[] bounds = new double[n + 1];
      for (int j = 0; j <= n; j++) {
        bounds[j] = roundedDownPowerOfTwo(j, s) / 2;
      }
      BOUNDS[s] = bounds;
      long[] row = new long[PIECES];
      int j = 0;
      for (int p = 0; p < PIECES; p++) {
        double start = 0.5 + (double) p / (2 * PIECES);
        while (bounds[j] < start) {
          j++;
        }
        long boundMantissa = j == n ? 1L << 52 : Double.doubleToRawLongBits(bounds[j]) & MANTISSA;
        row[p] = ((long) j << CANDIDATE_SHIFT) + BELOW_CANDIDATE - boundMantissa;
      }
      PIECE_ROWS[s] = row;
    }
  }

  private NativeBucketMath() {}

  /**
   * The index of the bucket of {@code magnitude} (finite and &gt; 0; subnormals included) at
   * {@code schema}.
   */
  static int index(double magnitude, int schema) {
    return index(Double.doubleToRawLongBits(magnitude), schema, pieceRow(schema));
  }

  /** The table {@link #index(long, int, long[])} takes for {@code schema}; null for schema 0 and below. */
  static long[] pieceRow(int schema) {
    return schema > 0 ? PIECE_ROWS[schema] : null;
  }

  /**
   * As {@link #index(double, int)}, for the raw bits of the magnitude and with the schema's
   * {@link #pieceRow}: what the hot path has at hand (a stripe keeps its schema's row).
   */
  static int index(long bits, int schema, long[] pieceRow) {
    int exponent = (int) (bits >>> 52); // biased; magnitude > 0 so the sign bit is 0
    long mantissa = bits & MANTISSA;
    if (exponent == 0) { // subnormal: normalise the mantissa
      int shift = Long.numberOfLeadingZeros(mantissa) - 11;
      mantissa = (mantissa << shift) & MANTISSA;
      exponent = 1 - shift;
    }
    int exp = exponent - 1022; // magnitude = frac * 2^exp with frac in [0.5, 1)
    if (schema <= 0) {
      int key = mantissa == 0 ? exp - 1 : exp; // frac == 0.5: an exact power of two, upper bound
      return (key + (1 << -schema) - 1) >> -schema;
    }
    // The piece: frac's top 9 mantissa bits after the leading one; its first candidate is the
    // bucket unless frac is above that bound, when the add carries (no branch to mispredict).
    long piece = pieceRow[(int) (mantissa >>> (52 - PIECE_BITS))];
    return (int) ((piece + mantissa) >>> CANDIDATE_SHIFT) + ((exp - 1) << schema);
  }

  /** The index for {@code +Inf} or {@code -Inf} at {@code schema}: one past the largest double's. */
  static int infinityIndex(int schema) {
    return index(Double.MAX_VALUE, schema) + 1;
  }

  /** The index at {@code schema - by} of the bucket {@code index} at {@code schema}: ceil(index / 2^by). */
  static int downscale(int index, int by) {
    return (int) (((long) index + (1L << by) - 1) >> by);
  }

  /**
   * The upper bound {@code base^index} at {@code schema}, rounded down to a double (so that a value
   * at or below it is in that bucket or a lower one); 0 or {@code +Inf} beyond the double range.
   */
  static double upperBound(int index, int schema) {
    if (schema <= 0) {
      long exponent = (long) index << -schema;
      return exponent > 1024 ? Double.POSITIVE_INFINITY : Math.scalb(1.0, (int) Math.max(exponent, -1100));
    }
    int n = 1 << schema;
    int whole = Math.floorDiv(index, n);
    int j = Math.floorMod(index, n);
    // base^index = 2^whole * 2^(j/n) = 2^(whole + 1) * BOUNDS[j]
    return Math.scalb(BOUNDS[schema][j], whole + 1);
  }

  /** The largest double {@code c} with {@code c^(2^s) <= 2^j}, i.e. roundDown(2^(j/2^s)) for 0 <= j <= 2^s. */
  private static double roundedDownPowerOfTwo(int j, int s) {
    double c = Math.pow(2, (double) j / (1 << s));
    while (!atOrBelow(c, j, s)) {
      c = Math.nextDown(c);
    }
    while (atOrBelow(Math.nextUp(c), j, s)) {
      c = Math.nextUp(c);
    }
    return c;
  }

  /** Whether {@code c^(2^s) <= 2^j} exactly, for c in [1, 2]. */
  private static boolean atOrBelow(double c, int j, int s) {
    // c = m * 2^-52 with m an integer (c in [1, 2]); c^(2^s) <= 2^j  <=>  m^(2^s) <= 2^(j + 52 * 2^s)
    BigInteger m = BigInteger.valueOf((long) Math.scalb(c, 52));
    return m.pow(1 << s).compareTo(BigInteger.ONE.shiftLeft(j + 52 * (1 << s))) <= 0;
  }
}
