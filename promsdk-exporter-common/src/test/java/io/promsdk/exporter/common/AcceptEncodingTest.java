package io.promsdk.exporter.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.testsupport.Draw;
import io.promsdk.testsupport.Seeded;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AcceptEncodingTest {
  /** Cases of the property test; replay one run with {@code -Dpromsdk.seed=N}. */
  private static final int CASES = 20_000;

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "GZIP", "x-gzip", "X-GZip", "*", "br, gzip", "gzip;q=0.5", "deflate ,  gzip ; q=1",
      "gzip, deflate, br", "identity;q=1, gzip;q=0.001", "gzip;Q=1.0", "gzip;q=1.000", "\tgzip\t;\tq=0.1",
      "identity;q=0, *", "*;q=0.5", ", ,gzip,", "gzip;level=9;q=0.2", "br;q=0, *"})
  void accepts(String header) {
    assertThat(AcceptEncoding.allowsGzip(header)).isTrue();
    assertThat(Rfc9110.allowsGzip(header)).as("reference").isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"identity", "br", "deflate", "gzip;q=0", "gzip;q=0.000", "gzipx", "xgzip", "gzip;q=0, br",
      "*;q=0", "gzip;q=0, *", "*, gzip;q=0", "x-gzip;q=0, *;q=1", "gzip;q=2", "gzip;q=1.001", "gzip;q=0.0001",
      "gzip;q=abc", "gzip;q=", "gzip;q=.5", "gzip;q=-1", "gzip, gzip;q=0", "*;q=0.000", "GZIP ; Q=0", "gz ip", "gzip;q=0.", "identity;q=0"})
  void refuses(String header) {
    assertThat(AcceptEncoding.allowsGzip(header)).isFalse();
    assertThat(Rfc9110.allowsGzip(header)).as("reference").isFalse();
  }

  /** The example of issue 9: an explicit {@code q=0} for gzip beats the wildcard. */
  @Test
  void anExplicitZeroForGzipBeatsTheWildcard() {
    assertThat(AcceptEncoding.allowsGzip("gzip;q=0, *")).isFalse();
  }

  /** Random headers built from the pieces that matter agree with the plain reference below. */
  @Test
  void agreesWithTheReferenceOnRandomHeaders() {
    Seeded.check(CASES, random -> {
      String header = randomHeader(random);
      assertThat(AcceptEncoding.allowsGzip(header)).as("Accept-Encoding [%s]", header)
          .isEqualTo(Rfc9110.allowsGzip(header));
    });
  }

  private static final String[] CODINGS = {"gzip", "GZIP", "Gzip", "x-gzip", "X-GZIP", "*", "identity", "br",
      "deflate", "gzipx", "x-gzipp", "zip", "", "**", "gz ip"};
  private static final String[] QVALUES = {"0", "0.", "0.0", "0.00", "0.000", "0.0000", "0.001", "0.5", "0.999", "1",
      "1.", "1.0", "1.000", "1.0000", "1.001", "1.5", "2", ".5", "", "abc", "-0", "0.5x", "00", "01", "0,5"};
  private static final String[] SPACES = {"", "", "", " ", "  ", "\t", " \t"};

  private static String randomHeader(Random r) {
    StringBuilder b = new StringBuilder();
    int elements = r.nextInt(5);
    for (int e = 0; e < elements; e++) {
      if (e > 0) {
        b.append(Draw.oneOf(r, SPACES)).append(',');
      }
      b.append(Draw.oneOf(r, SPACES)).append(Draw.oneOf(r, CODINGS));
      int params = r.nextInt(4) == 0 ? 0 : r.nextInt(3);
      for (int p = 0; p < params; p++) {
        b.append(Draw.oneOf(r, SPACES)).append(';').append(Draw.oneOf(r, SPACES));
        switch (r.nextInt(4)) {
          case 0 -> b.append("level=1");
          case 1 -> b.append("Q=").append(Draw.oneOf(r, QVALUES));
          default -> b.append("q=").append(Draw.oneOf(r, QVALUES));
        }
      }
      b.append(Draw.oneOf(r, SPACES));
    }
    return b.toString();
  }

  /**
   * RFC 9110 §12.5.3 as plainly as possible, with the choices {@link AcceptEncoding} documents:
   * named gzip (or x-gzip) decides over {@code *}; every deciding element must accept; a
   * malformed q-value refuses; no header refuses.
   */
  static final class Rfc9110 {
    private static final Pattern QVALUE = Pattern.compile("(0(\\.[0-9]{0,3})?|1(\\.0{0,3})?)");

    static boolean allowsGzip(String header) {
      if (header == null) {
        return false;
      }
      List<Double> gzip = new ArrayList<>();
      List<Double> wildcard = new ArrayList<>();
      for (String element : header.split(",", -1)) {
        String[] parts = element.split(";", -1);
        String coding = parts[0].strip().toLowerCase(Locale.ROOT);
        double q = 1;
        for (int i = 1; i < parts.length; i++) {
          String param = parts[i].strip();
          if (param.length() >= 2 && param.substring(0, 2).equalsIgnoreCase("q=")) {
            Matcher m = QVALUE.matcher(param.substring(2));
            q = m.matches() ? Double.parseDouble(param.substring(2)) : 0;
            break;
          }
        }
        if (coding.equals("gzip") || coding.equals("x-gzip")) {
          gzip.add(q);
        } else if (coding.equals("*")) {
          wildcard.add(q);
        }
      }
      List<Double> deciding = gzip.isEmpty() ? wildcard : gzip;
      return !deciding.isEmpty() && deciding.stream().allMatch(q -> q > 0);
    }
  }
}
