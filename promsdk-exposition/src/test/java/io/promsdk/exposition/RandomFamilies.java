package io.promsdk.exposition;

import io.promsdk.core.model.ClassicBuckets;
import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.InfoSnapshot;
import io.promsdk.core.model.InfoSnapshot.InfoDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.Quantiles;
import io.promsdk.core.model.StateSetSnapshot;
import io.promsdk.core.model.StateSetSnapshot.StateSetDataPoint;
import io.promsdk.core.model.SummarySnapshot;
import io.promsdk.core.model.SummarySnapshot.SummaryDataPoint;
import io.promsdk.core.model.Unit;
import io.promsdk.core.model.UnknownSnapshot;
import io.promsdk.core.model.UnknownSnapshot.UnknownDataPoint;
import io.promsdk.testsupport.Draw;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Random valid metric families of every type, with hostile strings and numbers, drawn from the
 * {@link Random} of a {@link io.promsdk.testsupport.Seeded} case.
 *
 * <p>Family names are unique and never end in a suffix a format appends ({@code _total},
 * {@code _bucket}, ...), so no two families collide in either format. Data point details are
 * drawn from a {@link Random} of its own inside each family (seeded from the case's), so that a
 * family's points do not shift when a generator of the family's name changes.
 */
final class RandomFamilies {
  private static final String[] RESERVED_SUFFIXES = {
    "_total", "_created", "_count", "_sum", "_bucket", "_gcount", "_gsum", "_info"
  };
  /** Pieces that break naive writers and parsers. */
  private static final String[] TRICKY = {
    "\\", "\"", "\n", "\\n", "\\\"", "\r", "\t", " ", "  ", "\u0000", "#", "# ", " # ", "{", "}",
    ",", "=", "\"}", "ü", "☃", "𝄞", "\u2028", "\u0085", "\u00a0", "\u3000", "\ud800", "\udfff",
    "NaN", "+Inf", "le", "=\"", "\\\\", "\u007f", "\ufeff",
  };
  private static final double[] SPECIAL = {
    Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, 1.0, -1.0,
    Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
    1e300, -1e-300, 1e15, 9.007199254740993E15, 123456789.0, 0.1, 1e23, 9.2e18, 1e19,
  };

  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String DIGITS = "0123456789";

  private RandomFamilies() {}

  /** {@code min} to {@code max} families with distinct names. */
  static List<MetricSnapshot<?>> families(Random r, int min, int max) {
    int size = Draw.size(r, min, max);
    List<MetricSnapshot<?>> families = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int attempt = 0; families.size() < size; attempt++) {
      if (attempt > 100 * size + 100) {
        throw new IllegalStateException("no " + size + " distinct family names after " + attempt + " draws");
      }
      MetricSnapshot<?> family = family(r);
      if (names.add(family.name())) {
        families.add(family);
      }
    }
    return families;
  }

  static MetricSnapshot<?> family(Random r) {
    MetricType type = Draw.oneOf(r, MetricType.values());
    String name = metricName(r);
    String labelSafeName = labelName(r);
    String help = string(r);
    String unit = unitName(r);
    return family(type, name, labelSafeName, help, unit, new Random(r.nextLong()));
  }

  private static MetricSnapshot<?> family(MetricType type, String name, String labelSafeName, String help,
      String unit, Random r) {
    boolean unitAllowed = type != MetricType.INFO && type != MetricType.STATESET;
    if (type == MetricType.STATESET) {
      name = labelSafeName; // its states are a label named after it
    }
    MetricMetadata meta = unitAllowed && unit != null
        ? new MetricMetadata(name + "_" + unit, help, new Unit(unit))
        : new MetricMetadata(name, help);
    String reserved = switch (type) {
      case HISTOGRAM, GAUGE_HISTOGRAM -> "le";
      case SUMMARY -> "quantile";
      case STATESET -> meta.name();
      default -> null;
    };
    String[] labelNames = labelNames(r, reserved);
    int points = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(4); // some families are empty
    List<Labels> labelSets = labelSets(r, labelNames, points);
    return switch (type) {
      case COUNTER -> new CounterSnapshot(meta, map(labelSets, l ->
          new CounterDataPoint(counterValue(r), l, timestamp(r), timestamp(r))));
      case GAUGE -> new GaugeSnapshot(meta, map(labelSets, l -> new GaugeDataPoint(value(r), l, timestamp(r))));
      case UNKNOWN -> new UnknownSnapshot(meta, map(labelSets, l -> new UnknownDataPoint(value(r), l, timestamp(r))));
      case INFO -> new InfoSnapshot(meta, map(labelSets, InfoDataPoint::new));
      case STATESET -> new StateSetSnapshot(meta, map(labelSets, l -> stateSetPoint(r, l)));
      case HISTOGRAM, GAUGE_HISTOGRAM -> new HistogramSnapshot(type == MetricType.GAUGE_HISTOGRAM, meta,
          map(labelSets, l -> histogramPoint(r, l)));
      case SUMMARY -> new SummarySnapshot(meta, map(labelSets, l -> summaryPoint(r, l)));
    };
  }

  private interface PointMaker<D> {
    D make(Labels labels);
  }

  private static <D> List<D> map(List<Labels> labelSets, PointMaker<D> maker) {
    List<D> points = new ArrayList<>();
    for (Labels l : labelSets) {
      points.add(maker.make(l));
    }
    return points;
  }

  // ---------------------------------------------------------------- names and strings

  static String metricName(Random r) {
    return filtered(() -> Draw.of(r, "_:" + LETTERS, 1, 1) + Draw.of(r, "_:" + LETTERS + DIGITS, 0, 12),
        n -> !n.startsWith("__") && !endsWithReservedSuffix(n));
  }

  static String labelName(Random r) {
    return filtered(() -> Draw.of(r, "_" + LETTERS, 1, 1) + Draw.of(r, "_" + LETTERS + DIGITS, 0, 10),
        n -> !n.startsWith("__") && !endsWithReservedSuffix(n));
  }

  /** The first draw that {@code accept}s; the filters here reject a small fraction. */
  private static String filtered(Supplier<String> draw, Predicate<String> accept) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      String s = draw.get();
      if (accept.test(s)) {
        return s;
      }
    }
    throw new IllegalStateException("1000 draws in a row were filtered out");
  }

  private static boolean endsWithReservedSuffix(String name) {
    for (String s : RESERVED_SUFFIXES) {
      if (name.endsWith(s)) {
        return true;
      }
    }
    return false;
  }

  /** Units that keep names free of reserved suffixes; null (no unit) 60% of the time. */
  private static String unitName(Random r) {
    return Draw.chance(r, 0.6) ? null
        : Draw.oneOf(r, "seconds", "bytes", "ratio", "celsius", "meters", "joules", "requests", "a1");
  }

  /**
   * Help texts: up to six tokens, each a tricky piece, a short alphanumeric run or up to three
   * arbitrary UTF-16 units (lone surrogates included); unicode, escapes, quotes, newlines,
   * whitespace, empty.
   */
  static String string(Random r) {
    StringBuilder sb = new StringBuilder();
    for (int tokens = Draw.size(r, 0, 6); tokens > 0; tokens--) {
      sb.append(switch (r.nextInt(3)) {
        case 0 -> TRICKY[r.nextInt(TRICKY.length)];
        case 1 -> Draw.of(r, LETTERS + DIGITS, 0, 6);
        default -> Draw.chars(r, 3);
      });
    }
    return sb.toString();
  }

  /** Label values (and state names): a few tricky pieces and arbitrary BMP characters. */
  private static String labelValue(Random r) {
    StringBuilder sb = new StringBuilder();
    for (int i = r.nextInt(4); i > 0; i--) {
      sb.append(r.nextInt(3) == 0 ? (char) r.nextInt(0x3000) : TRICKY[r.nextInt(TRICKY.length)]);
    }
    return sb.toString();
  }

  private static String withoutLoneSurrogates(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (!Character.isSurrogate(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String[] labelNames(Random r, String reserved) {
    String[] pool = {"a", "path", "le", "quantile", "code_2", "_x", "Method", "inner_ip", "z9"};
    List<String> names = new ArrayList<>();
    for (int n = r.nextInt(4); names.size() < n; ) {
      String name = pool[r.nextInt(pool.length)];
      if (!name.equals(reserved) && !names.contains(name)) {
        names.add(name);
      }
    }
    return names.toArray(new String[0]);
  }

  /**
   * Distinct label sets, also after UTF-8 encoding: label values that differ only in lone
   * surrogates would be written the same (see ExpectedParse.utf8).
   */
  private static List<Labels> labelSets(Random r, String[] names, int count) {
    List<Labels> sets = new ArrayList<>();
    Set<List<String>> written = new HashSet<>();
    for (int attempt = 0; sets.size() < count && attempt < 20; attempt++) {
      String[] values = new String[names.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = withoutLoneSurrogates(labelValue(r)); // Labels refuses what UTF-8 cannot encode
      }
      if (written.add(Arrays.stream(values).map(ExpectedParse::utf8).toList())) {
        sets.add(Labels.of(names, values));
      }
    }
    return sets;
  }

  // ---------------------------------------------------------------- numbers

  static double value(Random r) {
    return switch (r.nextInt(5)) {
      case 0 -> SPECIAL[r.nextInt(SPECIAL.length)];
      case 1 -> Double.longBitsToDouble(r.nextLong());
      case 2 -> (double) r.nextLong() / (1L << r.nextInt(63));
      case 3 -> r.nextInt(2001) - 1000;
      default -> r.nextGaussian() * 1000;
    };
  }

  private static double counterValue(Random r) {
    double v = Math.abs(value(r));
    return Double.isNaN(v) ? 0 : v; // the model refuses NaN counters
  }

  /**
   * 0 (none) mostly; else a positive millisecond time or a negative whole second (the Python
   * OpenMetrics parser mis-reads negative fractional timestamps: -1.5 becomes -0.5).
   */
  private static long timestamp(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> 1 + (long) (r.nextDouble() * 4_000_000_000_000L);
      case 1 -> r.nextInt(10) == 0 ? -1000L * (1 + r.nextInt(1_000_000)) : 0;
      default -> 0;
    };
  }

  private static StateSetDataPoint stateSetPoint(Random r, Labels labels) {
    int n = 1 + r.nextInt(4);
    String[] names = new String[n];
    boolean[] enabled = new boolean[n];
    for (int i = 0; i < n; i++) {
      names[i] = i + labelValue(r); // distinct
      enabled[i] = r.nextBoolean();
    }
    return new StateSetDataPoint(names, enabled, labels, timestamp(r));
  }

  private static HistogramDataPoint histogramPoint(Random r, Labels labels) {
    TreeSet<Double> bounds = new TreeSet<>();
    for (int i = r.nextInt(6); i > 0; i--) {
      double b = switch (r.nextInt(3)) {
        case 0 -> SPECIAL[r.nextInt(SPECIAL.length)];
        case 1 -> r.nextInt(100) / 8.0 - 2;
        default -> Math.pow(10, r.nextInt(20) - 10);
      };
      if (Double.isFinite(b) && b != 0.0 || (b == 0.0 && Double.doubleToRawLongBits(b) == 0)) {
        bounds.add(b);
      }
    }
    bounds.add(Double.POSITIVE_INFINITY);
    double[] upper = bounds.stream().mapToDouble(Double::doubleValue).toArray();
    long[] counts = new long[upper.length];
    long c = 0;
    for (int i = 0; i < counts.length; i++) {
      c += r.nextInt(3) == 0 ? 0 : (r.nextInt(10) == 0 ? (long) r.nextInt(Integer.MAX_VALUE) << 20 : r.nextInt(100));
      counts[i] = c;
    }
    double sum = r.nextInt(4) == 0 ? value(r) : Math.abs(value(r));
    return new HistogramDataPoint(ClassicBuckets.of(upper, counts), sum, labels, timestamp(r), timestamp(r));
  }

  private static SummaryDataPoint summaryPoint(Random r, Labels labels) {
    TreeSet<Double> qs = new TreeSet<>();
    for (int i = r.nextInt(5); i > 0; i--) {
      qs.add(switch (r.nextInt(3)) {
        case 0 -> new double[] {0, 0.5, 0.9, 0.95, 0.99, 0.999, 1}[r.nextInt(7)];
        case 1 -> r.nextDouble();
        default -> r.nextInt(1001) / 1000.0;
      });
    }
    double[] quantiles = qs.stream().mapToDouble(Double::doubleValue).toArray();
    double[] values = new double[quantiles.length];
    Arrays.setAll(values, i -> value(r));
    long count = r.nextInt(5) == 0 ? Long.MAX_VALUE - r.nextInt(1000) : r.nextInt(1000);
    double sum = r.nextInt(3) == 0 ? value(r) : Math.abs(value(r));
    return new SummaryDataPoint(count, sum, Quantiles.of(quantiles, values), labels, timestamp(r), timestamp(r));
  }
}
