package io.promsdk.exposition.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The canonical rendering of {@code le} and {@code quantile} label values (OpenMetrics 1.0,
 * "Considerations: Canonical Numbers"): Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}, with
 * {@code .0} appended when the result has neither a dot nor an exponent. So {@code 0.001},
 * {@code 1.0}, {@code 100000.0}, {@code 1e+06}, {@code 1e-05}, {@code 1.1e+23}.
 *
 * <p>Bucket bounds and quantiles repeat on every scrape, so renderings are kept in a small
 * direct-mapped cache: after the first scrape they cost no allocation. The cache is shared and
 * unsynchronized, which is safe because its entries are immutable.
 */
public final class CanonicalNumbers {
  private static final int CACHE_BITS = 10;
  private static final Entry[] CACHE = new Entry[1 << CACHE_BITS];

  private record Entry(long bits, byte[] text, String string) {}

  private CanonicalNumbers() {}

  /** The ASCII bytes of {@link #format}; do not modify them. */
  public static byte[] bytes(double v) {
    return cached(v).text;
  }

  /**
   * {@link #format}, from the cache: the same String object while {@code v} keeps its slot (a
   * remote-write read labels every bucket series with it).
   */
  public static String string(double v) {
    return cached(v).string;
  }

  private static Entry cached(double v) {
    long bits = Double.doubleToRawLongBits(v);
    int slot = ((int) (bits ^ bits >>> 32) * 0x9E3779B9) >>> (32 - CACHE_BITS);
    Entry e = CACHE[slot];
    if (e == null || e.bits != bits) {
      String s = format(v);
      e = new Entry(bits, s.getBytes(StandardCharsets.US_ASCII), s);
      CACHE[slot] = e;
    }
    return e;
  }

  /** The canonical rendering of any double. */
  public static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    boolean negative = v < 0 || Double.doubleToRawLongBits(v) == Long.MIN_VALUE;
    if (v == 0) {
      return negative ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortest(Math.abs(v));
    String digits = shortest.unscaledValue().toString();
    int point = digits.length() - shortest.scale(); // value = 0.<digits> x 10^point

    StringBuilder out = new StringBuilder(24);
    if (negative) {
      out.append('-');
    }
    int x = point - 1; // the exponent in d.ddd x 10^x
    if (x < -4 || x >= 6) {
      // Go's %g with the shortest digits switches to %e here: at least two exponent digits.
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      out.append('e').append(x < 0 ? '-' : '+');
      if (Math.abs(x) < 10) {
        out.append('0');
      }
      return out.append(Math.abs(x)).toString();
    }
    if (point <= 0) {
      out.append("0.").append("0".repeat(-point)).append(digits);
    } else if (point >= digits.length()) {
      out.append(digits).append("0".repeat(point - digits.length())).append(".0");
    } else {
      out.append(digits, 0, point).append('.').append(digits, point, digits.length());
    }
    return out.toString();
  }

  /**
   * The decimal with the fewest digits that parses back to {@code v} (positive, finite), the
   * closest to {@code v} among those: what Go's shortest formatting produces. Java's own
   * {@link Double#toString} is not always shortest before JDK 19 (JDK-4511638: 1e23 comes out
   * as 9.999999999999999E22), so the digits are searched for exactly.
   */
  private static BigDecimal shortest(double v) {
    BigDecimal exact = new BigDecimal(v);
    for (int precision = 1; ; precision++) {
      BigDecimal down = exact.round(new MathContext(precision, RoundingMode.FLOOR));
      BigDecimal up = exact.round(new MathContext(precision, RoundingMode.CEILING));
      boolean downOk = down.doubleValue() == v;
      boolean upOk = up.doubleValue() == v;
      if (downOk && upOk) {
        int cmp = exact.subtract(down).compareTo(up.subtract(exact));
        BigDecimal closest = cmp < 0 ? down : cmp > 0 ? up
            : exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
        return closest.stripTrailingZeros();
      }
      if (downOk || upOk) {
        return (downOk ? down : up).stripTrailingZeros();
      }
    }
  }
}
