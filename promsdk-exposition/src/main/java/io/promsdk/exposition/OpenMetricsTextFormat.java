package io.promsdk.exposition;

import io.promsdk.core.model.CounterDataPointView;
import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.HistogramDataPointView;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.SampleSuffixes;
import io.promsdk.core.model.SummaryDataPointView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenMetrics 1.0.0 text format (github.com/OpenObservability/OpenMetrics,
 * specification/OpenMetrics.md).
 *
 * <p>Metadata in the order the spec recommends, TYPE, UNIT, HELP; {@code _created} samples (in
 * seconds) for counters, histograms and summaries whose data point has a created timestamp, if
 * {@link ExpositionOptions#createdTimestamps()} asks for them (off by default);
 * sample timestamps in seconds; exemplars after counters' {@code _total} and histograms'
 * {@code _bucket} samples ({@code  # {trace_id="..",span_id=".."} 0.25 1700000000.123}, the
 * timestamp in seconds when the exemplar has one); {@code # EOF} at the end.
 *
 * <p>Values this format forbids are left out rather than written: the spec makes those samples
 * optional, and the Python client's parser rejects the whole exposition otherwise. So a histogram's {@code _count} and {@code _sum} are left
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
        // 0.0.1 is the pre-release name of the same format. The Pushgateway reads no OpenMetrics.
        new MediaType("application", "openmetrics-text", Map.of("version", List.of("1.0.0", "0.0.1"))),
        false, "OpenMetrics", OpenMetricsTextFormat::occupiedSuffixes);
  }

  /** The family name itself (its metadata lines) and every sample suffix of the type. */
  private static List<String> occupiedSuffixes(MetricType type) {
    List<String> names = new ArrayList<>();
    names.add("");
    names.addAll(SampleSuffixes.of(type));
    return List.copyOf(names);
  }

  @Override
  void counter(TextBuffer b, String name, CounterDataPointView s,
      boolean withCreated) throws IOException {
    // No NaN check: counters refuse NaN (CounterDataPoint, Counter.inc), so none reaches here.
    sampleWithExemplar(b, name, SampleSuffixes.TOTAL, s, s.value(), s.exemplar());
    created(b, name, s, withCreated);
  }

  @Override
  void histogram(TextBuffer b, String name, boolean gauge, HistogramDataPointView s,
      boolean withCreated) throws IOException {
    buckets(b, name, s);
    if (hasValidSum(s, gauge)) {
      sampleOfSameSeries(b, name, gauge ? SampleSuffixes.GAUGE_COUNT : SampleSuffixes.COUNT, s, s.count());
      sampleOfSameSeries(b, name, gauge ? SampleSuffixes.GAUGE_SUM : SampleSuffixes.SUM, s, s.sum());
    }
    if (!gauge) {
      created(b, name, s, withCreated);
    }
  }

  @Override
  void summary(TextBuffer b, String name, SummaryDataPointView s,
      boolean withCreated) throws IOException {
    quantiles(b, name, s, true);
    sampleOfSameSeries(b, name, SampleSuffixes.COUNT, s, s.count());
    if (s.sum() >= 0) {
      sampleOfSameSeries(b, name, SampleSuffixes.SUM, s, s.sum());
    }
    created(b, name, s, withCreated);
  }

  /** Whether the spec allows this histogram series a sum (and so a count). */
  private static boolean hasValidSum(HistogramDataPointView s, boolean gauge) {
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
   * {@code x_created{labels} <seconds> [timestamp]}, if the options ask for created timestamps
   * ({@code withCreated}) and the series has one.
   */
  private void created(TextBuffer b, String name, DataPointView s,
      boolean withCreated) throws IOException {
    if (withCreated && s.hasCreatedTimestamp()) {
      b.name(name, SampleSuffixes.CREATED).labels(s).ascii(' ').seconds(s.createdTimestampMillis());
      end(b, s);
    }
  }

  @Override
  boolean writesExemplars() {
    return true;
  }

  /** {@code  # {a="1",b="2"} value [timestamp]}: label values escaped as a series' are. */
  @Override
  void exemplar(TextBuffer b, Exemplar e) throws IOException {
    b.ascii(" # {");
    for (int i = 0; i < e.labels().size(); i++) {
      if (i > 0) {
        b.ascii(',');
      }
      b.ascii(e.labels().name(i)).ascii("=\"").escaped(e.labels().value(i), true).ascii('"');
    }
    b.ascii("} ").value(e.value());
    if (e.hasTimestamp()) {
      b.ascii(' ').seconds(e.timestampMillis());
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
