package io.promsdk.exposition;

import static io.promsdk.core.model.MetricType.COUNTER;
import static io.promsdk.core.model.MetricType.GAUGE;
import static io.promsdk.core.model.MetricType.GAUGE_HISTOGRAM;
import static io.promsdk.core.model.MetricType.HISTOGRAM;
import static io.promsdk.core.model.MetricType.INFO;
import static io.promsdk.core.model.MetricType.STATESET;
import static io.promsdk.core.model.MetricType.SUMMARY;
import static io.promsdk.core.model.MetricType.UNKNOWN;

import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.DataPointSnapshot;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.StateSetSnapshot;
import io.promsdk.core.model.SummarySnapshot;
import io.promsdk.core.model.SummarySnapshot.SummaryDataPoint;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The OpenMetrics 1.0.0 text format (github.com/OpenObservability/OpenMetrics,
 * specification/OpenMetrics.md).
 *
 * <p>Metadata in the order the spec recommends, TYPE, UNIT, HELP; {@code _created} samples (in
 * seconds) for counters, histograms and summaries whose data point has a created timestamp;
 * sample timestamps in seconds; {@code # EOF} at the end.
 *
 * <p>Values this format forbids are left out rather than written: the spec makes those samples
 * optional, and the Python client's parser rejects the whole exposition otherwise. So a counter
 * whose value is NaN has no sample at all; a histogram's {@code _count} and {@code _sum} are left
 * out when the sum is NaN or negative, or when a bucket bound is negative (a gauge histogram's
 * {@code _gcount} and {@code _gsum} when the sum is NaN, or negative without negative buckets);
 * a summary's {@code _sum} when NaN or negative; a quantile whose value is negative. The
 * Prometheus text format has no such rules and writes all of them.
 */
final class OpenMetricsTextFormat extends TextFormat {
  static final OpenMetricsTextFormat INSTANCE = new OpenMetricsTextFormat();

  private OpenMetricsTextFormat() {
    // Every name a type MAY write counts, even _created without a created timestamp: "The name of
    // a MetricFamily MUST NOT result in a potential clash for sample metric names".
    super("OpenMetricsText1.0.0", "application/openmetrics-text; version=1.0.0; charset=utf-8",
        "OpenMetrics",
        Map.of(COUNTER, List.of("", "_total", "_created"), GAUGE, List.of(""), UNKNOWN, List.of(""),
            STATESET, List.of(""), INFO, List.of("", "_info"),
            HISTOGRAM, List.of("", "_bucket", "_count", "_sum", "_created"),
            GAUGE_HISTOGRAM, List.of("", "_bucket", "_gcount", "_gsum"),
            SUMMARY, List.of("", "_count", "_sum", "_created")));
  }

  @Override
  void writeFamily(TextBuffer b, MetricSnapshot<?> family) throws IOException {
    String name = family.name();
    header(b, family.metadata(), family.type());
    switch (family.type()) {
      case COUNTER -> {
        List<CounterDataPoint> points = ((CounterSnapshot) family).dataPoints();
        for (int i = 0; i < points.size(); i++) {
          CounterDataPoint d = points.get(i);
          if (!Double.isNaN(d.value())) {
            sample(b, name, "_total", d, d.value());
            created(b, name, d);
          }
        }
      }
      case GAUGE, UNKNOWN -> values(b, family, "");
      case INFO -> values(b, family, "_info");
      case STATESET -> stateSets(b, (StateSetSnapshot) family);
      case HISTOGRAM, GAUGE_HISTOGRAM -> {
        boolean gauge = family.type() == GAUGE_HISTOGRAM;
        List<HistogramDataPoint> points = ((HistogramSnapshot) family).dataPoints();
        for (int i = 0; i < points.size(); i++) {
          HistogramDataPoint d = points.get(i);
          buckets(b, name, d);
          if (hasValidSum(d, gauge)) {
            sample(b, name, gauge ? "_gcount" : "_count", d, d.count());
            sample(b, name, gauge ? "_gsum" : "_sum", d, d.sum());
          }
          if (!gauge) {
            created(b, name, d);
          }
        }
      }
      case SUMMARY -> {
        List<SummaryDataPoint> points = ((SummarySnapshot) family).dataPoints();
        for (int i = 0; i < points.size(); i++) {
          SummaryDataPoint d = points.get(i);
          quantiles(b, name, d, true);
          sample(b, name, "_count", d, d.count());
          if (d.sum() >= 0) {
            sample(b, name, "_sum", d, d.sum());
          }
          created(b, name, d);
        }
      }
    }
  }

  /** Whether the spec allows this histogram data point a sum (and so a count). */
  private static boolean hasValidSum(HistogramDataPoint d, boolean gauge) {
    boolean negativeBuckets = d.buckets().upperBound(0) < 0;
    if (gauge) {
      return !Double.isNaN(d.sum()) && (d.sum() >= 0 || negativeBuckets);
    }
    return d.sum() >= 0 && !negativeBuckets;
  }

  private static void header(TextBuffer b, MetricMetadata m, MetricType type) throws IOException {
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

  /** {@code x_created{labels} <seconds> [timestamp]}, if the data point has a created timestamp. */
  private void created(TextBuffer b, String name, DataPointSnapshot d) throws IOException {
    if (d.hasCreatedTimestamp()) {
      b.name(name, "_created").labels(d.labels()).ascii(' ').seconds(d.createdTimestampMillis());
      end(b, d);
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
