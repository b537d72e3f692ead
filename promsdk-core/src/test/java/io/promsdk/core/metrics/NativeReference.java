package io.promsdk.core.metrics;

import java.math.BigInteger;
import java.util.TreeMap;

/**
 * The native histogram arithmetic done the plain way, for tests to compare with: the index of a
 * magnitude from exact integer powers (no tables, no rounding), and a histogram as a sorted map
 * from index to count.
 */
final class NativeReference {
  private NativeReference() {}

  /**
   * The i with base^(i-1) < v <= base^i at schema s, base = 2^(2^-s), decided exactly: v is
   * m * 2^e with integers m, e, so v <= 2^(i / 2^s) iff m^(2^s) <= 2^(i - e * 2^s) for s >= 0, and
   * iff v <= 2^(i * 2^-s) for s < 0.
   */
  static int index(double v, int s) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("not a positive finite magnitude: " + v);
    }
    double estimate = Math.ceil(Math.log(v) / Math.log(2) * Math.pow(2, s));
    int i = (int) estimate;
    while (!atOrBelowBound(v, i, s)) {
      i++;
    }
    while (atOrBelowBound(v, i - 1, s)) {
      i--;
    }
    return i;
  }

  /** Whether v <= base^i at schema s, exactly. */
  static boolean atOrBelowBound(double v, int i, int s) {
    // v = m * 2^e with integers m (the significand) and e
    long bits = Double.doubleToRawLongBits(v);
    int biased = (int) (bits >>> 52) & 0x7FF;
    long m = biased == 0 ? bits & 0xF_FFFF_FFFF_FFFFL : (bits & 0xF_FFFF_FFFF_FFFFL) | (1L << 52);
    long e = biased == 0 ? -1074 : biased - 1075;
    BigInteger mantissa = BigInteger.valueOf(m);
    // s >= 0: v^(2^s) <= 2^i  <=>  m^(2^s) <= 2^(i - e * 2^s)
    // s < 0:  v <= 2^(i * 2^-s) <=>  m <= 2^(i * 2^-s - e)
    long shift = s >= 0 ? i - e * (1L << s) : ((long) i << -s) - e;
    if (shift < 0) {
      return false;
    }
    if (shift > 1_000_000) {
      return true;
    }
    BigInteger left = s >= 0 ? mantissa.pow(1 << s) : mantissa;
    return left.compareTo(BigInteger.ONE.shiftLeft((int) shift)) <= 0;
  }

  /** Buckets of the values with |v| > zeroThreshold and of the given sign, at schema s; ±Inf at the index past the largest double's. */
  static TreeMap<Integer, Long> buckets(double[] values, int s, double zeroThreshold, boolean positive) {
    TreeMap<Integer, Long> buckets = new TreeMap<>();
    java.util.HashMap<Double, Integer> known = new java.util.HashMap<>(); // race tests repeat values
    for (double v : values) {
      if (Double.isNaN(v) || Math.abs(v) <= zeroThreshold || (v > 0) != positive) {
        continue;
      }
      int i = known.computeIfAbsent(v, x -> Double.isInfinite(x) ? index(Double.MAX_VALUE, s) + 1 : index(Math.abs(x), s));
      buckets.merge(i, 1L, Long::sum);
    }
    return buckets;
  }

  static long zeroCount(double[] values, double zeroThreshold) {
    long n = 0;
    for (double v : values) {
      n += Math.abs(v) <= zeroThreshold ? 1 : 0;
    }
    return n;
  }
}
