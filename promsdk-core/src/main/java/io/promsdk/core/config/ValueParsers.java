package io.promsdk.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses raw configuration strings into typed values; each failure names the rule it broke. */
final class ValueParsers {
  private ValueParsers() {}

  static boolean bool(ConfigValue v) {
    String s = v.raw().trim().toLowerCase(Locale.ROOT);
    if (s.equals("true")) {
      return true;
    }
    if (s.equals("false")) {
      return false;
    }
    throw v.invalid("not a boolean", "true or false");
  }

  static int port(ConfigValue v) {
    int port = integer(v, "an integer from 0 to 65535");
    if (port < 0 || port > 65535) {
      throw v.invalid("out of range", "an integer from 0 to 65535");
    }
    return port;
  }

  static int positiveInt(ConfigValue v) {
    int n = integer(v, "a positive integer");
    if (n <= 0) {
      throw v.invalid("not positive", "a positive integer");
    }
    return n;
  }

  static int nonNegativeInt(ConfigValue v) {
    int n = integer(v, "an integer of 0 or more");
    if (n < 0) {
      throw v.invalid("negative", "an integer of 0 or more");
    }
    return n;
  }

  private static int integer(ConfigValue v, String rule) {
    try {
      return Integer.parseInt(v.raw().trim());
    } catch (NumberFormatException e) {
      throw v.invalid("not an integer", rule);
    }
  }

  static String nonEmpty(ConfigValue v) {
    String s = v.raw().trim();
    if (s.isEmpty()) {
      throw v.invalid("empty", "a non-empty string");
    }
    return s;
  }

  /** A positive number of milliseconds, as the long-standing {@code promsdk.exemplars.intervalMillis} takes. */
  static Duration positiveMillis(ConfigValue v) {
    String rule = "a positive number of milliseconds";
    long millis;
    try {
      millis = Long.parseLong(v.raw().trim());
    } catch (NumberFormatException e) {
      throw v.invalid("not a number", rule);
    }
    if (millis <= 0) {
      throw v.invalid("not positive", rule);
    }
    return Duration.ofMillis(millis);
  }

  static final String DURATION_RULE =
      "a positive duration: a number with a unit ms, s, m or h (e.g. 500ms, 15s, 10m), or ISO-8601 (PT15S)";

  /** {@code 500ms}, {@code 15s}, {@code 10m}, {@code 1h} or ISO-8601 {@code PT15S}; positive. */
  static Duration positiveDuration(ConfigValue v) {
    String s = v.raw().trim().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (s.startsWith("p")) {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      } else if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      } else if (s.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
      } else {
        throw v.invalid("no unit", DURATION_RULE);
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw v.invalid("not a duration", DURATION_RULE);
    }
    if (d.isNegative() || d.isZero()) {
      throw v.invalid("not positive", DURATION_RULE);
    }
    return d;
  }

  static HistogramKind histogramKind(ConfigValue v) {
    String s = v.raw().trim();
    for (HistogramKind kind : HistogramKind.values()) {
      if (kind.configName().equalsIgnoreCase(s)) {
        return kind;
      }
    }
    throw v.invalid("unknown histogram kind", "one of classic, native, classicAndNative");
  }

  static final String BUCKETS_RULE = "finite upper bounds, comma-separated, strictly ascending (e.g. 0.1,0.5,1)";

  static double[] buckets(ConfigValue v) {
    String[] parts = v.raw().split(",");
    double[] bounds = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      bounds[i] = finiteDouble(v, parts[i], BUCKETS_RULE);
      if (i > 0 && !(bounds[i] > bounds[i - 1])) {
        throw v.invalid(parts[i].trim() + " does not exceed " + parts[i - 1].trim(), BUCKETS_RULE);
      }
    }
    return bounds;
  }

  static final String QUANTILES_RULE =
      "comma-separated quantile:error pairs, both strictly between 0 and 1 (e.g. 0.5:0.05,0.99:0.001)";

  static List<PromsdkConfig.Quantile> quantiles(ConfigValue v) {
    List<PromsdkConfig.Quantile> quantiles = new ArrayList<>();
    if (v.raw().trim().isEmpty()) {
      return quantiles; // no quantiles: a summary of count and sum only
    }
    for (String pair : v.raw().split(",")) {
      int colon = pair.indexOf(':');
      if (colon < 0) {
        throw v.invalid("'" + pair.trim() + "' lacks ':error'", QUANTILES_RULE);
      }
      double q = finiteDouble(v, pair.substring(0, colon), QUANTILES_RULE);
      double e = finiteDouble(v, pair.substring(colon + 1), QUANTILES_RULE);
      if (!(q > 0 && q < 1) || !(e > 0 && e < 1)) {
        throw v.invalid("'" + pair.trim() + "' outside (0, 1)", QUANTILES_RULE);
      }
      quantiles.add(new PromsdkConfig.Quantile(q, e));
    }
    return quantiles;
  }

  static final String PAIRS_RULE = "comma-separated name=value pairs (e.g. instance=host1,zone=a)";

  /** {@code a=1,b=2}; names must be non-empty, values may be empty. Insertion order kept. */
  static Map<String, String> pairs(ConfigValue v) {
    Map<String, String> map = new LinkedHashMap<>();
    if (v.raw().trim().isEmpty()) {
      return map;
    }
    String[] pairs = v.raw().split(",");
    for (int i = 0; i < pairs.length; i++) {
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      if (eq <= 0 || pair.substring(0, eq).isBlank()) {
        // A header's entry may be a token (X-BK-TOKEN:abc): named by position, never quoted.
        String which = v.isSecret() ? "entry " + (i + 1) : "'" + pair.trim() + "'";
        throw v.invalid(which + " is no name=value pair", PAIRS_RULE);
      }
      String name = pair.substring(0, eq).trim();
      if (map.put(name, pair.substring(eq + 1).trim()) != null) {
        // A second value would silently replace the first: say which entry repeats the name.
        String which = v.isSecret() ? "entry " + (i + 1) : "'" + name + "'";
        throw v.invalid(which + " repeats an earlier name", PAIRS_RULE);
      }
    }
    return map;
  }

  private static double finiteDouble(ConfigValue v, String s, String rule) {
    try {
      double d = Double.parseDouble(s.trim());
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw v.invalid("'" + s.trim() + "' is not a finite number", rule);
  }
}
