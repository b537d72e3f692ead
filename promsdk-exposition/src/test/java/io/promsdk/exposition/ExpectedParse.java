package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.exposition.internal.CanonicalNumbers;
import io.promsdk.core.model.DataPointSnapshot;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.InfoSnapshot;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.StateSetSnapshot;
import io.promsdk.core.model.StateSetSnapshot.StateSetDataPoint;
import io.promsdk.core.model.SummarySnapshot;
import io.promsdk.core.model.SummarySnapshot.SummaryDataPoint;
import io.promsdk.core.model.UnknownSnapshot;
import io.promsdk.testsupport.ParsedFamily;
import io.promsdk.testsupport.ParsedSample;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Python client's parsers must report for our snapshots, stated independently of the
 * writers: the data model as each parser represents it, with the spec's rules for what
 * OpenMetrics cannot carry.
 */
final class ExpectedParse {
  private ExpectedParse() {}

  /** An expected sample; {@code millis} marks a value that is a time in ms (written as seconds). */
  record Sample(String name, Map<String, String> labels, double value, boolean millis, long timestamp) {}

  record Family(String name, String type, String help, String unit, List<Sample> samples) {}

  /** What {@code prometheus_client.parser} (text format 0.0.4) reports. */
  static List<Family> text(List<MetricSnapshot<?>> snapshots) {
    List<Family> families = new ArrayList<>();
    for (MetricSnapshot<?> s : snapshots) {
      String name = s.name();
      String help = pythonStrip(utf8(s.metadata().help()));
      List<Sample> samples = new ArrayList<>();
      switch (s.type()) {
        case COUNTER -> {
          for (var d : ((CounterSnapshot) s).dataPoints()) {
            samples.add(sample(name + "_total", d, d.value()));
          }
          families.add(new Family(name, "counter", help, "", samples));
        }
        case GAUGE -> {
          for (var d : ((GaugeSnapshot) s).dataPoints()) {
            samples.add(sample(name, d, d.value()));
          }
          families.add(new Family(name, "gauge", help, "", samples));
        }
        case UNKNOWN -> {
          for (var d : ((UnknownSnapshot) s).dataPoints()) {
            samples.add(sample(name, d, d.value()));
          }
          // We write "# TYPE x untyped"; Python's Metric renames untyped to unknown.
          families.add(new Family(name, "unknown", help, "", samples));
        }
        case INFO -> {
          for (var d : ((InfoSnapshot) s).dataPoints()) {
            samples.add(sample(name + "_info", d, 1));
          }
          families.add(new Family(name + "_info", "gauge", help, "", samples));
        }
        case STATESET -> {
          for (var d : ((StateSetSnapshot) s).dataPoints()) {
            states(samples, name, d);
          }
          families.add(new Family(name, "gauge", help, "", samples));
        }
        case HISTOGRAM, GAUGE_HISTOGRAM -> {
          for (var d : ((HistogramSnapshot) s).dataPoints()) {
            buckets(samples, name, d);
            samples.add(sample(name + "_count", d, d.count()));
            samples.add(sample(name + "_sum", d, d.sum()));
          }
          families.add(new Family(name, "histogram", help, "", samples));
        }
        case SUMMARY -> {
          for (var d : ((SummarySnapshot) s).dataPoints()) {
            quantiles(samples, name, d, false);
            samples.add(sample(name + "_count", d, d.count()));
            samples.add(sample(name + "_sum", d, d.sum()));
          }
          families.add(new Family(name, "summary", help, "", samples));
        }
      }
    }
    return families;
  }

  /** What {@code prometheus_client.openmetrics.parser} reports. */
  static List<Family> openMetrics(List<MetricSnapshot<?>> snapshots) {
    List<Family> families = new ArrayList<>();
    for (MetricSnapshot<?> s : snapshots) {
      String name = s.name();
      List<Sample> samples = new ArrayList<>();
      switch (s.type()) {
        case COUNTER -> {
          for (var d : ((CounterSnapshot) s).dataPoints()) {
            if (!Double.isNaN(d.value())) { // Total MUST NOT be NaN
              samples.add(sample(name + "_total", d, d.value()));
              created(samples, name, d);
            }
          }
        }
        case GAUGE -> ((GaugeSnapshot) s).dataPoints().forEach(d -> samples.add(sample(name, d, d.value())));
        case UNKNOWN -> ((UnknownSnapshot) s).dataPoints().forEach(d -> samples.add(sample(name, d, d.value())));
        case INFO -> ((InfoSnapshot) s).dataPoints().forEach(d -> samples.add(sample(name + "_info", d, 1)));
        case STATESET -> ((StateSetSnapshot) s).dataPoints().forEach(d -> states(samples, name, d));
        case HISTOGRAM -> {
          for (var d : ((HistogramSnapshot) s).dataPoints()) {
            buckets(samples, name, d);
            // Sum MUST NOT be NaN or negative, nor present with negative buckets; _count iff _sum.
            if (d.sum() >= 0 && d.buckets().upperBound(0) >= 0) {
              samples.add(sample(name + "_count", d, d.count()));
              samples.add(sample(name + "_sum", d, d.sum()));
            }
            created(samples, name, d);
          }
        }
        case GAUGE_HISTOGRAM -> {
          for (var d : ((HistogramSnapshot) s).dataPoints()) {
            buckets(samples, name, d);
            // Gsum MUST NOT be NaN; negative only with negative buckets.
            if (d.sum() >= 0 || (d.sum() < 0 && d.buckets().upperBound(0) < 0)) {
              samples.add(sample(name + "_gcount", d, d.count()));
              samples.add(sample(name + "_gsum", d, d.sum()));
            }
          }
        }
        case SUMMARY -> {
          for (var d : ((SummarySnapshot) s).dataPoints()) {
            quantiles(samples, name, d, true); // quantile values MUST NOT be negative
            samples.add(sample(name + "_count", d, d.count()));
            if (d.sum() >= 0) { // Sum MUST NOT be NaN or negative
              samples.add(sample(name + "_sum", d, d.sum()));
            }
            created(samples, name, d);
          }
        }
      }
      String unit = s.metadata().unit() == null ? "" : s.metadata().unit().name();
      families.add(new Family(name, typeName(s.type()), utf8(s.metadata().help()), unit, samples));
    }
    return families;
  }

  private static String typeName(MetricType type) {
    return type == MetricType.GAUGE_HISTOGRAM ? "gaugehistogram" : type.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Sample sample(String name, DataPointSnapshot d, double value) {
    return sample(name, d.labels(), null, null, value, false, d);
  }

  private static Sample sample(String name, Labels labels, String extraName, String extraValue,
      double value, boolean millis, DataPointSnapshot d) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      map.put(labels.name(i), utf8(labels.value(i)));
    }
    if (extraName != null) {
      map.put(extraName, extraValue);
    }
    return new Sample(name, map, value, millis, d.scrapeTimestampMillis());
  }

  private static void created(List<Sample> samples, String name, DataPointSnapshot d) {
    if (d.hasCreatedTimestamp()) {
      samples.add(sample(name + "_created", d.labels(), null, null, d.createdTimestampMillis(), true, d));
    }
  }

  private static void buckets(List<Sample> samples, String name, HistogramDataPoint d) {
    for (int i = 0; i < d.buckets().size(); i++) {
      samples.add(sample(name + "_bucket", d.labels(), "le", CanonicalNumbers.format(d.buckets().upperBound(i)),
          d.buckets().cumulativeCount(i), false, d));
    }
  }

  private static void quantiles(List<Sample> samples, String name, SummaryDataPoint d, boolean skipNegative) {
    for (int i = 0; i < d.quantiles().size(); i++) {
      if (!(skipNegative && d.quantiles().value(i) < 0)) {
        samples.add(sample(name, d.labels(), "quantile", CanonicalNumbers.format(d.quantiles().quantile(i)),
            d.quantiles().value(i), false, d));
      }
    }
  }

  private static void states(List<Sample> samples, String name, StateSetDataPoint d) {
    for (int i = 0; i < d.size(); i++) {
      samples.add(sample(name, d.labels(), name, utf8(d.name(i)), d.isEnabled(i) ? 1 : 0, false, d));
    }
  }

  /** What survives UTF-8 encoding: lone surrogates become '?'. */
  static String utf8(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  /**
   * The text format ignores leading and trailing whitespace of a line, so Python's text parser
   * strips the HELP text (with str.strip(), which knows more whitespace than Java's strip()).
   * Line feeds are escaped and survive.
   */
  static String pythonStrip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isPythonSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isPythonSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isPythonSpace(char c) {
    return (c >= 0x09 && c <= 0x0d && c != '\n') || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0
        || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f
        || c == 0x205f || c == 0x3000;
  }

  /** Asserts that Python's families match the expectation, with a precise message. */
  static void assertMatches(List<ParsedFamily> actual, List<Family> expected) {
    assertThat(actual).extracting(ParsedFamily::name)
        .containsExactlyElementsOf(expected.stream().map(Family::name).toList());
    for (int f = 0; f < expected.size(); f++) {
      Family e = expected.get(f);
      ParsedFamily a = actual.get(f);
      String where = "family " + e.name();
      assertThat(a.type()).as(where + " type").isEqualTo(e.type());
      assertThat(a.help()).as(where + " help").isEqualTo(e.help());
      assertThat(a.unit()).as(where + " unit").isEqualTo(e.unit());
      assertThat(a.samples()).as(where + " samples").hasSameSizeAs(e.samples());
      for (int i = 0; i < e.samples().size(); i++) {
        Sample es = e.samples().get(i);
        ParsedSample as = a.samples().get(i);
        String at = where + " sample " + i + " " + es;
        assertThat(as.name()).as(at).isEqualTo(es.name());
        assertThat(as.labels()).as(at).isEqualTo(es.labels());
        if (es.millis()) {
          assertThat(Math.round(as.value() * 1000)).as(at).isEqualTo((long) es.value());
        } else {
          assertThat(Double.doubleToLongBits(as.value())).as(at + " value " + as.value())
              .isEqualTo(Double.doubleToLongBits(es.value()));
        }
        if (es.timestamp() == 0) {
          assertThat(as.timestamp()).as(at).isNull();
        } else {
          assertThat(as.timestamp()).as(at).isNotNull();
          assertThat(Math.round(as.timestamp() * 1000)).as(at + " timestamp").isEqualTo(es.timestamp());
        }
      }
    }
  }
}
