package io.promsdk.exposition;

import static io.promsdk.core.model.MetricType.GAUGE_HISTOGRAM;
import static io.promsdk.core.model.MetricType.HISTOGRAM;

import io.promsdk.core.model.CounterDataPointView;
import io.promsdk.core.model.HistogramDataPointView;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.SampleSuffixes;
import io.promsdk.core.model.SummaryDataPointView;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Prometheus text format 0.0.4 (prometheus.io/docs/instrumenting/exposition_formats).
 *
 * <p>It knows five types, so: counters are written under their sample name {@code x_total};
 * info as a gauge {@code x_info} valued 1; state sets as a gauge {@code x} with one sample per
 * state; gauge histograms as histograms; unknown as {@code untyped}. Created timestamps and units
 * have no place in this format and are left out, as client_java does.
 */
final class PrometheusTextFormat extends TextFormat {
  static final PrometheusTextFormat INSTANCE = new PrometheusTextFormat();

  private PrometheusTextFormat() {
    super("PrometheusText0.0.4", "text/plain; version=0.0.4; charset=utf-8",
        // 1.0.0 is 0.0.4 plus quoted UTF-8 names, which we never need: our names are legacy-valid.
        new MediaType("text", "plain", Map.of("version", List.of("0.0.4", "1.0.0"))), true,
        "the Prometheus text format", PrometheusTextFormat::occupiedSuffixes);
  }

  /**
   * The names a family writes here, as suffixes of its name: its metadata name, and its samples'
   * as the data model names them, less {@code _created} (a gauge histogram's as a histogram's).
   * Prometheus derives the same names from a protobuf family, so {@link PrometheusProtobufFormat}
   * checks against these too.
   */
  static List<String> occupiedSuffixes(MetricType type) {
    Set<String> names = new LinkedHashSet<>();
    names.add(familySuffix(type));
    for (String suffix : SampleSuffixes.of(type == GAUGE_HISTOGRAM ? HISTOGRAM : type)) {
      if (!suffix.equals(SampleSuffixes.CREATED)) {
        names.add(suffix);
      }
    }
    return List.copyOf(names);
  }

  /**
   * What the metadata lines append to the family name: this format has no info or bare counter.
   * A protobuf family is named the same way.
   */
  static String familySuffix(MetricType type) {
    return switch (type) {
      case COUNTER -> SampleSuffixes.TOTAL;
      case INFO -> SampleSuffixes.INFO;
      default -> "";
    };
  }

  /** {@code # HELP} (unless the help is empty) and {@code # TYPE}, as client_golang orders them. */
  @Override
  void header(TextBuffer b, MetricMetadata m, MetricType type) throws IOException {
    String suffix = familySuffix(type);
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
  void counter(TextBuffer b, String name, CounterDataPointView s,
      boolean withCreated) throws IOException {
    sample(b, name, SampleSuffixes.TOTAL, s, s.value());
  }

  @Override
  void histogram(TextBuffer b, String name, boolean gauge, HistogramDataPointView s,
      boolean withCreated) throws IOException {
    buckets(b, name, s);
    sampleOfSameSeries(b, name, SampleSuffixes.COUNT, s, s.count());
    sampleOfSameSeries(b, name, SampleSuffixes.SUM, s, s.sum());
  }

  @Override
  void summary(TextBuffer b, String name, SummaryDataPointView s,
      boolean withCreated) throws IOException {
    quantiles(b, name, s, false);
    sampleOfSameSeries(b, name, SampleSuffixes.COUNT, s, s.count());
    sampleOfSameSeries(b, name, SampleSuffixes.SUM, s, s.sum());
  }

  @Override
  void timestamp(TextBuffer b, long millis) throws IOException {
    b.value(millis);
  }
}
