package io.promsdk.exposition;

import static io.promsdk.core.model.MetricType.COUNTER;
import static io.promsdk.core.model.MetricType.GAUGE;
import static io.promsdk.core.model.MetricType.GAUGE_HISTOGRAM;
import static io.promsdk.core.model.MetricType.HISTOGRAM;
import static io.promsdk.core.model.MetricType.INFO;
import static io.promsdk.core.model.MetricType.STATESET;
import static io.promsdk.core.model.MetricType.SUMMARY;
import static io.promsdk.core.model.MetricType.UNKNOWN;

import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.StateSetSnapshot;
import io.promsdk.core.model.SummarySnapshot;
import io.promsdk.core.model.SummarySnapshot.SummaryDataPoint;
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
  static final PrometheusTextFormat INSTANCE = new PrometheusTextFormat();

  private PrometheusTextFormat() {
    super("PrometheusText0.0.4", "text/plain; version=0.0.4; charset=utf-8",
        "the Prometheus text format",
        Map.of(COUNTER, List.of("_total"), GAUGE, List.of(""), UNKNOWN, List.of(""),
            STATESET, List.of(""), INFO, List.of("_info"),
            HISTOGRAM, List.of("", "_bucket", "_count", "_sum"),
            GAUGE_HISTOGRAM, List.of("", "_bucket", "_count", "_sum"),
            SUMMARY, List.of("", "_count", "_sum")));
  }

  @Override
  void writeFamily(TextBuffer b, MetricSnapshot<?> family) throws IOException {
    String name = family.name();
    String suffix = switch (family.type()) {
      case COUNTER -> "_total";
      case INFO -> "_info";
      default -> "";
    };
    header(b, family, suffix);
    switch (family.type()) {
      case COUNTER, GAUGE, UNKNOWN, INFO -> values(b, family, suffix);
      case STATESET -> stateSets(b, (StateSetSnapshot) family);
      case HISTOGRAM, GAUGE_HISTOGRAM -> {
        List<HistogramDataPoint> points = ((HistogramSnapshot) family).dataPoints();
        for (int i = 0; i < points.size(); i++) {
          HistogramDataPoint d = points.get(i);
          buckets(b, name, d);
          sample(b, name, "_count", d, d.count());
          sample(b, name, "_sum", d, d.sum());
        }
      }
      case SUMMARY -> {
        List<SummaryDataPoint> points = ((SummarySnapshot) family).dataPoints();
        for (int i = 0; i < points.size(); i++) {
          SummaryDataPoint d = points.get(i);
          quantiles(b, name, d, false);
          sample(b, name, "_count", d, d.count());
          sample(b, name, "_sum", d, d.sum());
        }
      }
    }
  }

  /** {@code # HELP} (unless the help is empty) and {@code # TYPE}, as client_golang orders them. */
  private static void header(TextBuffer b, MetricSnapshot<?> family, String suffix) throws IOException {
    String help = family.metadata().help();
    if (!help.isEmpty()) {
      metadata(b, "HELP", family.name(), suffix).escaped(help, false).ascii('\n');
    }
    String type = switch (family.type()) {
      case COUNTER -> "counter";
      case GAUGE, INFO, STATESET -> "gauge";
      case HISTOGRAM, GAUGE_HISTOGRAM -> "histogram";
      case SUMMARY -> "summary";
      case UNKNOWN -> "untyped";
    };
    metadata(b, "TYPE", family.name(), suffix).ascii(type).ascii('\n');
  }

  @Override
  void timestamp(TextBuffer b, long millis) throws IOException {
    b.value(millis);
  }
}
