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
 * The Prometheus text format 0.0.4 (prometheus.io/docs/instrumenting/exposition_formats).
 *
 * <p>It knows five types, so: counters are written under their sample name {@code x_total};
 * info as a gauge {@code x_info} valued 1; state sets as a gauge {@code x} with one sample per
 * state; gauge histograms as histograms; unknown as {@code untyped}. Created timestamps and units
 * have no place in this format and are left out, as client_java does.
 */
final class PrometheusTextFormat extends TextFormat {
  /**
   * The names each type writes, as suffixes of the family name. Prometheus derives the same
   * names from a protobuf family, so {@link PrometheusProtobufFormat} checks against these too.
   */
  static final Map<MetricType, List<String>> OCCUPIED_SUFFIXES =
      Map.of(COUNTER, List.of("_total"), GAUGE, List.of(""), UNKNOWN, List.of(""),
          STATESET, List.of(""), INFO, List.of("_info"),
          HISTOGRAM, List.of("", "_bucket", "_count", "_sum"),
          GAUGE_HISTOGRAM, List.of("", "_bucket", "_count", "_sum"),
          SUMMARY, List.of("", "_count", "_sum"));

  // After OCCUPIED_SUFFIXES, which the constructor reads.
  static final PrometheusTextFormat INSTANCE = new PrometheusTextFormat();

  private PrometheusTextFormat() {
    super("PrometheusText0.0.4", "text/plain; version=0.0.4; charset=utf-8",
        "the Prometheus text format", OCCUPIED_SUFFIXES);
  }

  /** {@code # HELP} (unless the help is empty) and {@code # TYPE}, as client_golang orders them. */
  @Override
  void header(TextBuffer b, MetricMetadata m, MetricType type) throws IOException {
    String suffix = switch (type) {
      case COUNTER -> "_total";
      case INFO -> "_info";
      default -> "";
    };
    if (!m.help().isEmpty()) {
      metadata(b, "HELP", m.name(), suffix).escaped(m.help(), false).ascii('\n');
    }
    String typeName = switch (type) {
      case COUNTER -> "counter";
      case GAUGE, INFO, STATESET -> "gauge";
      case HISTOGRAM, GAUGE_HISTOGRAM -> "histogram";
      case SUMMARY -> "summary";
      case UNKNOWN -> "untyped";
    };
    metadata(b, "TYPE", m.name(), suffix).ascii(typeName).ascii('\n');
  }

  @Override
  void counter(TextBuffer b, String name, Series s) throws IOException {
    sample(b, name, "_total", s, s.value());
  }

  @Override
  void histogram(TextBuffer b, String name, boolean gauge, Series s) throws IOException {
    buckets(b, name, s);
    sample(b, name, "_count", s, s.count());
    sample(b, name, "_sum", s, s.sum());
  }

  @Override
  void summary(TextBuffer b, String name, Series s) throws IOException {
    quantiles(b, name, s, false);
    sample(b, name, "_count", s, s.count());
    sample(b, name, "_sum", s, s.sum());
  }

  @Override
  void timestamp(TextBuffer b, long millis) throws IOException {
    b.value(millis);
  }
}
