package io.promsdk.exposition;

import static io.promsdk.core.model.MetricType.COUNTER;
import static io.promsdk.core.model.MetricType.GAUGE;
import static io.promsdk.core.model.MetricType.GAUGE_HISTOGRAM;
import static io.promsdk.core.model.MetricType.HISTOGRAM;
import static io.promsdk.core.model.MetricType.INFO;
import static io.promsdk.core.model.MetricType.STATESET;
import static io.promsdk.core.model.MetricType.SUMMARY;
import static io.promsdk.core.model.MetricType.UNKNOWN;

import io.promsdk.core.metrics.Series;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricType;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The OpenMetrics 1.0.0 text format (github.com/OpenObservability/OpenMetrics,
 * specification/OpenMetrics.md).
 *
 * <p>Metadata in the order the spec recommends, TYPE, UNIT, HELP; {@code _created} samples (in
 * seconds) for counters, histograms and summaries whose data point has a created timestamp, if
 * {@link ExpositionOptions#createdTimestamps()} asks for them (off by default);
 * sample timestamps in seconds; {@code # EOF} at the end.
 *
 * <p>Values this format forbids are left out rather than written: the spec makes those samples
 * optional, and the Python client's parser rejects the whole exposition otherwise. So a histogram's {@code _count} and {@code _sum} are left
 * out when the sum is NaN or negative, or when a bucket bound is negative (a gauge histogram's
 * {@code _gcount} and {@code _gsum} when the sum is NaN, or negative without negative buckets);
 * a summary's {@code _sum} when NaN or negative; a quantile whose value is negative. The
 * Prometheus text format has no such rules and writes all of them.
 */
final class OpenMetricsTextFormat extends TextFormat {
  /**
   * The names each type may write, as suffixes of the family name. Every name a type MAY write
   * counts, even {@code _created} without a created timestamp: "The name of a MetricFamily MUST
   * NOT result in a potential clash for sample metric names".
   */
  static final Map<MetricType, List<String>> OCCUPIED_SUFFIXES =
      Map.of(COUNTER, List.of("", "_total", "_created"), GAUGE, List.of(""), UNKNOWN, List.of(""),
          STATESET, List.of(""), INFO, List.of("", "_info"),
          HISTOGRAM, List.of("", "_bucket", "_count", "_sum", "_created"),
          GAUGE_HISTOGRAM, List.of("", "_bucket", "_gcount", "_gsum"),
          SUMMARY, List.of("", "_count", "_sum", "_created"));

  // After OCCUPIED_SUFFIXES, which the constructor reads.
  static final OpenMetricsTextFormat INSTANCE = new OpenMetricsTextFormat();

  private OpenMetricsTextFormat() {
    super("OpenMetricsText1.0.0", "application/openmetrics-text; version=1.0.0; charset=utf-8",
        "OpenMetrics", OCCUPIED_SUFFIXES);
  }

  @Override
  void counter(TextBuffer b, String name, Series s) throws IOException {
    // No NaN check: counters refuse NaN (CounterDataPoint, Counter.inc), so none reaches here.
    sample(b, name, "_total", s, s.value());
    created(b, name, s);
  }

  @Override
  void histogram(TextBuffer b, String name, boolean gauge, Series s) throws IOException {
    buckets(b, name, s);
    if (hasValidSum(s, gauge)) {
      sample(b, name, gauge ? "_gcount" : "_count", s, s.count());
      sample(b, name, gauge ? "_gsum" : "_sum", s, s.sum());
    }
    if (!gauge) {
      created(b, name, s);
    }
  }

  @Override
  void summary(TextBuffer b, String name, Series s) throws IOException {
    quantiles(b, name, s, true);
    sample(b, name, "_count", s, s.count());
    if (s.sum() >= 0) {
      sample(b, name, "_sum", s, s.sum());
    }
    created(b, name, s);
  }

  /** Whether the spec allows this histogram series a sum (and so a count). */
  private static boolean hasValidSum(Series s, boolean gauge) {
    boolean negativeBuckets = s.upperBound(0) < 0;
    if (gauge) {
      return !Double.isNaN(s.sum()) && (s.sum() >= 0 || negativeBuckets);
    }
    return s.sum() >= 0 && !negativeBuckets;
  }

  @Override
  void header(TextBuffer b, MetricMetadata m, MetricType type) throws IOException {
    metadata(b, "TYPE", m.name(), "").ascii(typeName(type)).ascii('\n');
    if (m.unit() != null) {
      metadata(b, "UNIT", m.name(), "").ascii(m.unit().name()).ascii('\n');
    }
    if (!m.help().isEmpty()) {
      metadata(b, "HELP", m.name(), "").escaped(m.help(), true).ascii('\n');
    }
  }

  private static String typeName(MetricType type) {
    return switch (type) {
      case COUNTER -> "counter";
      case GAUGE -> "gauge";
      case HISTOGRAM -> "histogram";
      case GAUGE_HISTOGRAM -> "gaugehistogram";
      case SUMMARY -> "summary";
      case INFO -> "info";
      case STATESET -> "stateset";
      case UNKNOWN -> "unknown";
    };
  }

  /**
   * {@code x_created{labels} <seconds> [timestamp]}, if the scrape's options ask for created
   * timestamps and the series has one.
   */
  private void created(TextBuffer b, String name, Series s) throws IOException {
    if (s.hasCreatedTimestamp() && b.scrape().createdTimestamps()) {
      b.name(name, "_created").labels(s).ascii(' ').seconds(s.createdTimestampMillis());
      end(b, s);
    }
  }

  @Override
  void writeEnd(TextBuffer b) throws IOException {
    b.ascii("# EOF\n");
  }

  @Override
  void timestamp(TextBuffer b, long millis) throws IOException {
    b.seconds(millis);
  }
}
