package io.promsdk.testsupport;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Random inputs for {@link Seeded} checks, with the edge cases that break code drawn far more
 * often than a uniform draw would: zeros, signs, extremes, non-finite numbers, escapes, control
 * characters, surrogate pairs, empty and long strings.
 *
 * <pre>{@code
 * Seeded.check(500, random -> {
 *   String s = Draw.string(random, 255);
 *   double v = Draw.anyDouble(random);
 *   ...
 * });
 * }</pre>
 */
public final class Draw {
  /** Characters that matter to the text formats, HTTP headers and URL paths. */
  private static final String HOSTILE = "\\\"\n\r\t\0 #{}=,;/%+@?&'\u007f\u0085\u00a0\u2028\u3000\ufeff\uffff";
  private static final double[] SPECIAL_DOUBLES = {
    0.0, -0.0, 1.0, -1.0, 0.1, -0.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
    Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
    1e23, 9.007199254740993E15, 0x1p53, 0x1p63, -0x1p63, 0x1p64, 1e15, 1e16, 1e-5, 1e-4, 1e6, 1e21,
  };

  private Draw() {}

  /** A whole number in [{@code min}, {@code max}], both included. */
  public static int between(Random r, int min, int max) {
    if (min > max) {
      throw new IllegalArgumentException("min " + min + " > max " + max);
    }
    return (int) (min + (long) (r.nextDouble() * ((long) max - min + 1)));
  }

  /** True with probability {@code p}. */
  public static boolean chance(Random r, double p) {
    return r.nextDouble() < p;
  }

  /** One of {@code values}, each as likely. */
  @SafeVarargs
  public static <T> T oneOf(Random r, T... values) {
    return values[r.nextInt(values.length)];
  }

  /** One of {@code values}, each as likely. */
  public static <T> T oneOf(Random r, List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  /**
   * A size in [{@code min}, {@code max}]: the bounds themselves one time in ten each, small sizes
   * often (where off-by-one bugs live), else any.
   */
  public static int size(Random r, int min, int max) {
    int pick = r.nextInt(10);
    if (pick == 0) {
      return min;
    } else if (pick == 1) {
      return max;
    } else if (pick < 5) {
      return between(r, min, Math.min(max, min + 8));
    }
    return between(r, min, max);
  }

  /** Any long: edges (0, ±1, MIN, MAX, powers of two and ten and their neighbours), small, any. */
  public static long anyLong(Random r) {
    return switch (r.nextInt(10)) {
      case 0, 1 -> {
        long power = r.nextBoolean() ? 1L << r.nextInt(63) : pow10(r.nextInt(19));
        long v = power + r.nextInt(3) - 1; // the power and its neighbours
        yield r.nextBoolean() ? v : -v;
      }
      case 2 -> oneOf(r, 0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1);
      case 3, 4 -> r.nextInt(2001) - 1000;
      case 5, 6 -> r.nextLong() >> r.nextInt(64); // any magnitude
      default -> r.nextLong();
    };
  }

  private static long pow10(int exponent) {
    long v = 1;
    for (int i = 0; i < exponent; i++) {
      v *= 10;
    }
    return v;
  }

  /**
   * Any double, NaN and the infinities included: specials, any bit pattern (subnormals, NaN
   * payloads), integral values of any size, decimals with two places, any decimal magnitude.
   */
  public static double anyDouble(Random r) {
    return switch (r.nextInt(10)) {
      case 0, 1 -> SPECIAL_DOUBLES[r.nextInt(SPECIAL_DOUBLES.length)];
      case 2, 3 -> Double.longBitsToDouble(r.nextLong());
      case 4 -> (double) (r.nextLong() >> r.nextInt(64));
      case 5, 6 -> scaled(sign(r) * r.nextDouble() * Math.pow(10, r.nextInt(16)), 2);
      case 7 -> sign(r) * r.nextDouble() * Math.pow(10, r.nextInt(617) - 308);
      case 8 -> (r.nextInt(8001) - 4000) / 8.0;
      default -> sign(r) * Math.nextUp(Math.pow(10, r.nextInt(40) - 20)) * (r.nextBoolean() ? 1 : 3);
    };
  }

  private static double sign(Random r) {
    return r.nextBoolean() ? 1 : -1;
  }

  /**
   * A double in [{@code min}, {@code max}] with at most {@code scale} decimal places: the bounds
   * one time in ten each, else uniform or (for a positive range) uniform in the logarithm, so that
   * small magnitudes come up too.
   */
  public static double between(Random r, double min, double max, int scale) {
    double v = switch (r.nextInt(10)) {
      case 0 -> min;
      case 1 -> max;
      case 2, 3, 4, 5 -> min > 0 ? Math.exp(Math.log(min) + r.nextDouble() * (Math.log(max) - Math.log(min)))
          : min + r.nextDouble() * (max - min);
      default -> min + r.nextDouble() * (max - min);
    };
    return Math.max(min, Math.min(max, scaled(v, scale)));
  }

  private static double scaled(double v, int scale) {
    return new BigDecimal(v).setScale(scale, RoundingMode.HALF_UP).doubleValue();
  }

  /** {@code size(min, max)} elements, each drawn by {@code element}. */
  public static double[] doubles(Random r, int min, int max, ToDoubleFunction<Random> element) {
    double[] values = new double[size(r, min, max)];
    for (int i = 0; i < values.length; i++) {
      values[i] = element.applyAsDouble(r);
    }
    return values;
  }

  /**
   * A well-formed string (no lone surrogate; it has a UTF-8 form) of up to {@code maxLength}
   * code points: escapes and control characters, ASCII, the rest of the BMP and the
   * supplementary planes.
   */
  public static String string(Random r, int maxLength) {
    StringBuilder sb = new StringBuilder();
    for (int n = size(r, 0, maxLength); n > 0; n--) {
      sb.appendCodePoint(codePoint(r));
    }
    return sb.toString();
  }

  /** Like {@link #string} but any UTF-16 units, lone surrogates included. */
  public static String chars(Random r, int maxLength) {
    StringBuilder sb = new StringBuilder();
    for (int n = size(r, 0, maxLength); n > 0; n--) {
      if (r.nextInt(8) == 0) {
        sb.append((char) between(r, Character.MIN_SURROGATE, Character.MAX_SURROGATE));
      } else {
        sb.appendCodePoint(codePoint(r));
      }
    }
    return sb.toString();
  }

  /** A string of {@code minLength} to {@code maxLength} characters from {@code alphabet}. */
  public static String of(Random r, String alphabet, int minLength, int maxLength) {
    StringBuilder sb = new StringBuilder();
    for (int n = size(r, minLength, maxLength); n > 0; n--) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static int codePoint(Random r) {
    int pick = r.nextInt(20);
    if (pick < 5) {
      return HOSTILE.charAt(r.nextInt(HOSTILE.length()));
    } else if (pick < 11) {
      return between(r, 0x20, 0x7e);
    } else if (pick < 12) {
      return between(r, 0, 0x1f);
    } else if (pick < 17) {
      int c = between(r, 0x80, 0xffff - (Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1));
      return c < Character.MIN_SURROGATE ? c : c + (Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1);
    }
    return between(r, Character.MIN_SUPPLEMENTARY_CODE_POINT, Character.MAX_CODE_POINT);
  }
}
