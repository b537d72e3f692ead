package io.promsdk.exposition;

/**
 * A fast path for the text of the non-integral doubles between 0.01 and 10^7 in magnitude (the
 * sums of seconds and bytes a service exposes): the shortest decimal that reads back as the
 * double, the closest to it if several, written as {@link Double#toString} writes that range
 * ({@code 1234.5678901234567}, {@code 0.015}). For that range JDK 17's {@code Double.toString}
 * writes exactly these digits (checked against it on millions of random doubles by {@code
 * ShortestDecimalTest}); it is several times slower, as it develops the digits one long
 * division at a time. Outside the range, on a tie between two closest decimals and for powers of
 * two (whose interval is lopsided), {@link #put} declines and the caller uses {@code
 * Double.toString}, so nothing is written differently.
 *
 * <p>How: a positive double is {@code m * 2^q}. The decimals that read back as it are those in
 * its rounding interval, {@code ((4m - 2) * 2^(q-2), (4m + 2) * 2^(q-2))}. Whether its ends
 * count does not matter here: an end is an odd multiple of {@code 2^(q-1)} with q - 1 at most -30,
 * so it has at least 30 decimals and is never a candidate of at most 18. With {@code k}
 * decimals, the candidates are the integers {@code N} with {@code N * 2^(2-q)} between {@code (4m
 * - 2) * 10^k} and {@code (4m + 2) * 10^k}: exact 128-bit products of 64-bit numbers (q is -60
 * to -29 here, k at most 18). A {@code k} that has a candidate keeps one with every larger
 * {@code k}, so the fewest decimals are found by testing the two counts below the most (where
 * full-precision values end) and then by bisection, and the candidate closest to {@code m * 2^q *
 * 10^k} is taken.
 */
final class ShortestDecimal {
  private ShortestDecimal() {}

  static final double MIN = 0.01;
  static final double MAX = 1e7;
  /** The most bytes {@link #put} writes: a sign, 17 digits, a dot and a leading {@code 0.0}. */
  static final int MAX_LENGTH = 24;

  /** 10^0 to 10^18 (do not modify). */
  private static final long[] POWERS_OF_TEN = TextBuffer.POWERS_OF_TEN;
  /** 10^-2 to 10^6 as doubles, for the decimal exponent of a value in range. */
  private static final double[] DECADES = {1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};

  /**
   * Writes {@code v} as {@link Double#toString} does at {@code b[p]} (room for {@link
   * #MAX_LENGTH} bytes) and returns the position after it, or returns -1 and writes nothing when
   * {@code v} is not a non-integral double of magnitude in [{@link #MIN}, {@link #MAX}) or is one
   * this path leaves to {@code Double.toString}.
   */
  static int put(double v, byte[] b, int p) {
    double a = Math.abs(v);
    if (!(a >= MIN && a < MAX) || a == (long) a) {
      return -1;
    }
    long bits = Double.doubleToRawLongBits(a);
    long m = (bits & 0x000F_FFFF_FFFF_FFFFL) | 0x0010_0000_0000_0000L;
    if (m == 0x0010_0000_0000_0000L) {
      return -1; // a power of two: its interval is narrower below than above
    }
    int shift = 1075 - (int) (bits >>> 52) + 2; // v = m * 2^q, q = exponent - 1075; and the 4 of 4m
    long low = 4 * m - 2;
    long high = 4 * m + 2;

    int decade = 0; // floor(log10(a)) + 2, so that 10^(decade - 2) <= a (up to rounding of 1e-1)
    while (decade + 1 < DECADES.length && a >= DECADES[decade + 1]) {
      decade++;
    }
    int exponent = decade - 2;
    // 17 significant digits always read back: k = 16 - exponent decimals have a candidate.
    int k = Math.min(16 - exponent, POWERS_OF_TEN.length - 1); // at least 10
    if (!hasCandidate(low, high, shift, k)) {
      return -1; // cannot happen for a double in range; declined rather than trusted
    }
    // The sums a service exposes mostly need all 16 or 17 significant digits: one or two tests
    // just below k find those, with branches the CPU learns to predict, where a bisection over
    // 1..k took four or five that it could not. Shorter decimals are bisected for below that.
    if (hasCandidate(low, high, shift, k - 1)) {
      k--;
      if (hasCandidate(low, high, shift, k - 1)) {
        k = fewestDecimals(low, high, shift, k - 1);
      }
    }
    long ten = POWERS_OF_TEN[k];
    long min = candidateMin(low, ten, shift);
    long max = candidateMax(high, ten, shift);
    // The candidate closest to the exact value 4m * 10^k / 2^shift.
    long exactHigh = Math.multiplyHigh(4 * m, ten);
    long exactLow = 4 * m * ten;
    long floor = quotient(exactHigh, exactLow, shift);
    long rest = exactLow & ((1L << shift) - 1);
    long half = 1L << (shift - 1);
    if (rest == half) {
      return -1; // a tie between two closest decimals: Double.toString decides
    }
    long n = rest > half ? floor + 1 : floor;
    n = Math.max(min, Math.min(max, n));
    return write(v < 0, n, k, b, p);
  }

  /** The fewest decimals, 1 to {@code hi}, that have a candidate; {@code hi} has one. */
  private static int fewestDecimals(long low, long high, int shift, int hi) {
    int lo = 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (hasCandidate(low, high, shift, mid)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static boolean hasCandidate(long low, long high, int shift, int k) {
    long ten = POWERS_OF_TEN[k];
    return candidateMin(low, ten, shift) <= candidateMax(high, ten, shift);
  }

  /**
   * The least integer N with N * 2^shift above low * ten. Never equal to it: low * ten is 2 * odd
   * * 2^k * 5^k, with k + 1 below shift.
   */
  private static long candidateMin(long low, long ten, int shift) {
    return quotient(Math.multiplyHigh(low, ten), low * ten, shift) + 1;
  }

  /** The greatest integer N with N * 2^shift below high * ten (never equal, as for the least). */
  private static long candidateMax(long high, long ten, int shift) {
    return quotient(Math.multiplyHigh(high, ten), high * ten, shift);
  }

  /** floor((high * 2^64 + unsigned low) / 2^shift), for 0 < shift < 64 and a result below 2^63. */
  private static long quotient(long high, long low, int shift) {
    return high << (64 - shift) | low >>> shift;
  }

  /** {@code -}, the digits of n with a dot before the last k ({@code 0.} and zeros if fewer). */
  private static int write(boolean negative, long n, int k, byte[] b, int p) {
    if (negative) {
      b[p++] = '-';
    }
    int digits = TextBuffer.digits(n);
    if (digits <= k) {
      b[p++] = '0';
      b[p++] = '.';
      for (int i = digits; i < k; i++) {
        b[p++] = '0';
      }
      return TextBuffer.putLong(n, b, p);
    }
    // All digits two at a time, then the last k moved one place right to make room for the dot.
    int end = TextBuffer.putLong(n, b, p);
    int dot = end - k;
    System.arraycopy(b, dot, b, dot + 1, k);
    b[dot] = '.';
    return end + 1;
  }
}
