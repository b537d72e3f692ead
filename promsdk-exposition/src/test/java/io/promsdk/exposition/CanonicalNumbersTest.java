package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.exposition.internal.CanonicalNumbers;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import io.promsdk.testsupport.Draw;
import io.promsdk.testsupport.Seeded;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Canonical {@code le} and {@code quantile} values (OpenMetrics 1.0, "Canonical Numbers"). */
@Tag("peers")
class CanonicalNumbersTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // The spec's examples for 0.0 to 10.0 ...
    "0.0, 0.0", "0.001, 0.001", "0.002, 0.002", "0.01, 0.01", "0.1, 0.1", "0.9, 0.9",
    "0.95, 0.95", "0.99, 0.99", "0.999, 0.999", "1.0, 1.0", "1.7, 1.7", "10.0, 10.0",
    // ... for powers of ten ...
    "1e-10, 1e-10", "1e-9, 1e-09", "1e-5, 1e-05", "1e-4, 0.0001", "100000, 100000.0",
    "1e6, 1e+06", "1e10, 1e+10",
    // ... and from its histogram example; 1e23 is where JDK 17's Double.toString is not shortest.
    "1e23, 1e+23", "1.1e23, 1.1e+23",
    // Go's %g: fixed notation for exponents -4 to 5, shortest digits.
    "0.005, 0.005", "0.025, 0.025", "2.5, 2.5", "123456.7, 123456.7", "1234567, 1.234567e+06",
    "0.00012, 0.00012", "0.000012, 1.2e-05", "-0.5, -0.5", "-1e6, -1e+06", "-0.0, -0.0",
    "4.9e-324, 5e-324", "1.7976931348623157e308, 1.7976931348623157e+308",
    "0.30000000000000004, 0.30000000000000004", "2.82879384806159e17, 2.82879384806159e+17",
  })
  void rendersLikeGoWithDotZero(double value, String expected) {
    assertThat(CanonicalNumbers.format(value)).isEqualTo(expected);
    assertThat(new String(CanonicalNumbers.bytes(value), StandardCharsets.US_ASCII)).isEqualTo(expected);
  }

  @Test
  void nonFinite() {
    assertThat(CanonicalNumbers.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(CanonicalNumbers.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(CanonicalNumbers.format(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void theCacheHandsOutTheSameBytes() {
    assertThat(CanonicalNumbers.bytes(0.025)).isSameAs(CanonicalNumbers.bytes(0.025));
  }

  @Test
  void roundTripsWithTheFewestDigits() {
    Seeded.check(2000, random -> roundTripsWithTheFewestDigits(Draw.anyDouble(random)));
  }

  private static void roundTripsWithTheFewestDigits(double v) {
    String s = CanonicalNumbers.format(v);

    // Bits, not ==: NaN must come back as NaN and -0.0 as -0.0.
    assertThat(Double.doubleToLongBits(ExpositionLines.parseDouble(s))).as("%s -> %s", v, s)
        .isEqualTo(Double.doubleToLongBits(v));
    if (Double.isFinite(v) && v != 0) {
      String mantissa = s.replace("-", "").split("e")[0];
      int digits = new BigDecimal(mantissa).stripTrailingZeros().precision();
      assertThat(Double.parseDouble(new BigDecimal(Math.abs(v))
          .round(new java.math.MathContext(digits, java.math.RoundingMode.HALF_EVEN)).toString()))
          .as("the nearest %s-digit decimal round-trips", digits).isEqualTo(Math.abs(v));
    }
  }

  @Test
  void theUsualRangeIsFixedNotation() {
    Seeded.check(500, random -> {
      double v = Draw.between(random, 0.0001, 999999.9, 8);
      assertThat(CanonicalNumbers.format(v)).as("%s", v).doesNotContain("e").contains(".");
    });
  }

  /**
   * Cross-checks with Python, whose {@code repr} produces the same shortest round-trip digits as
   * Go (David Gay's algorithm, an implementation independent of ours), laid out as Go's %g.
   */
  @Test
  void agreesWithPythonsShortestDigits() throws IOException, InterruptedException {
    Random random = new Random(42);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      values.add(switch (i % 3) {
        case 0 -> Double.longBitsToDouble(random.nextLong() & Long.MAX_VALUE);
        case 1 -> random.nextInt(100000) / 1000.0;
        default -> Math.pow(10, random.nextInt(40) - 20) * random.nextInt(20);
      });
    }
    values.removeIf(v -> !Double.isFinite(v));
    String script = """
        import sys
        def go(v):
            r = repr(v)  # shortest round-trip digits
            mant, _, exp = r.partition('e')
            neg = mant.startswith('-')
            mant = mant.lstrip('-')
            ip, _, fp = mant.partition('.')
            digits = (ip + fp).lstrip('0')
            point = len(ip) + (int(exp) if exp else 0) - (len(ip + fp) - len((ip + fp).lstrip('0')))
            digits = digits.rstrip('0') or '0'
            if digits == '0':
                return ('-' if neg else '') + '0.0'
            x = point - 1
            if x < -4 or x >= 6:
                s = digits[0] + ('.' + digits[1:] if len(digits) > 1 else '') + 'e' + ('-' if x < 0 else '+') + '%02d' % abs(x)
            elif point <= 0:
                s = '0.' + '0' * -point + digits
            elif point >= len(digits):
                s = digits + '0' * (point - len(digits)) + '.0'
            else:
                s = digits[:point] + '.' + digits[point:]
            return ('-' if neg else '') + s
        for line in sys.stdin:
            print(go(float.fromhex(line.strip())))
        """;
    Process p = new ProcessBuilder("/usr/bin/python3", "-I", "-c", script).redirectErrorStream(true).start();
    StringBuilder in = new StringBuilder();
    for (double v : values) {
      in.append(Double.toHexString(v)).append('\n');
    }
    p.getOutputStream().write(in.toString().getBytes(StandardCharsets.US_ASCII));
    p.getOutputStream().close();
    List<String> python = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

    List<String> ours = values.stream().map(CanonicalNumbers::format).toList();
    assertThat(ours).containsExactlyElementsOf(python);
  }
}
