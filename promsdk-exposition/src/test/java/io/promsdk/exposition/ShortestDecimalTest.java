package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ShortestDecimal} writes what {@link Double#toString} writes, on every double it does not
 * decline: millions of random doubles from a fixed seed, drawn so that every decade of its range,
 * every bit pattern of the mantissa and the short decimals (sums of latencies, prices, ratios)
 * all come up; and its range's edges.
 */
class ShortestDecimalTest {
  private static final long SEED = 20261201L;
  private static final int CASES = 3_000_000;

  /** What {@link ShortestDecimal#put} writes for {@code v}, or null when it declines. */
  private static String fast(double v) {
    byte[] b = new byte[ShortestDecimal.MAX_LENGTH + 8];
    int end = ShortestDecimal.put(v, b, 3);
    return end < 0 ? null : new String(b, 3, end - 3, StandardCharsets.US_ASCII);
  }

  private static void check(double v, long caseNumber) {
    String fast = fast(v);
    if (fast != null) {
      assertThat(fast).as("case %d (seed %d): %s", caseNumber, SEED, Double.toString(v))
          .isEqualTo(Double.toString(v));
    }
  }

  @Test
  void writesWhatDoubleToStringWritesOnRandomDoubles() {
    SplittableRandom random = new SplittableRandom(SEED);
    long written = 0;
    for (int i = 0; i < CASES; i++) {
      double v = switch (i % 4) {
        // Uniform over the whole range, and uniform per decade (so the small decades count too).
        case 0 -> random.nextDouble(ShortestDecimal.MIN, ShortestDecimal.MAX);
        case 1 -> random.nextDouble(1, 10) * Math.pow(10, random.nextInt(-2, 7));
        // Any mantissa bits at any exponent of the range.
        case 2 -> Math.scalb(1 + random.nextDouble(), random.nextInt(-7, 24));
        // Short decimals: n / 10^d, and their neighbours one ulp away.
        default -> {
          double d = random.nextLong(1, 100_000_000) / Math.pow(10, random.nextInt(1, 9));
          int step = random.nextInt(-1, 2);
          yield step == 0 ? d : step < 0 ? Math.nextDown(d) : Math.nextUp(d);
        }
      };
      v = random.nextBoolean() ? v : -v;
      check(v, i);
      if (fast(v) != null) {
        written++;
      }
    }
    assertThat(written).as("doubles the fast path wrote").isGreaterThan(CASES * 9L / 10);
  }

  @Test
  void edgesOfTheRange() {
    double[] values = {0.01, Math.nextUp(0.01), Math.nextDown(0.01), 0.1, Math.nextDown(0.1), 0.5,
        0.3, 0.7, 1.5, 2.675, 9.999999999999998, Math.nextDown(1e7), 9999999.5, 1e7, 1e-3, 1234.5678901234567,
        0.015625, 1.0 / 3, 2.0 / 3, 100.1, 26.099999999999998, 0.1 + 0.2, Math.nextUp(1.0),
        Math.nextDown(2.0), 4503599627370495.5 / 1e9};
    long i = 0;
    for (double v : values) {
      check(v, i++);
      check(-v, i++);
    }
    assertThat(fast(1.0)).as("integral: declined").isNull();
    assertThat(fast(1e7 + 0.5)).as("out of range: declined").isNull();
    assertThat(fast(0.009)).as("out of range: declined").isNull();
    assertThat(fast(0.5)).as("a power of two: declined").isNull();
    assertThat(fast(1234.5678901234567)).isEqualTo("1234.5678901234567");
    assertThat(fast(-0.015)).isEqualTo("-0.015");
  }
}
