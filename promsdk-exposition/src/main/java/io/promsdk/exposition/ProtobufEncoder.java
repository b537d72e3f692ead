package io.promsdk.exposition;

import io.promsdk.core.metrics.Series;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricType;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes families as length-delimited {@code io.prometheus.client.MetricFamily} messages
 * (prometheus/client_model {@code io/prometheus/client/metrics.proto}), the way client_java 1.10's
 * {@code PrometheusProtobufWriter} does:
 *
 * <ul>
 *   <li>counter {@code x}: family {@code x_total}, type COUNTER, {@code Counter{value,
 *       created_timestamp}} (the created timestamp whenever the series has one: a field, not a
 *       series, in Prometheus);
 *   <li>gauge: GAUGE, {@code Gauge{value}}; unknown: UNTYPED, {@code Untyped{value}};
 *   <li>histogram / gauge histogram: HISTOGRAM / GAUGE_HISTOGRAM, {@code Histogram{sample_count,
 *       sample_sum, bucket...}} with every classic bucket, cumulative, {@code +Inf} included;
 *   <li>summary: SUMMARY, {@code Summary{sample_count, sample_sum, quantile...}};
 *   <li>info {@code x}: family {@code x_info}, GAUGE, value 1; state set {@code x}: GAUGE, one
 *       metric per state labelled {@code x="<state>"}, value 1 or 0 (a state named twice once,
 *       its first flag, as in the text formats);
 *   <li>{@code timestamp_ms} when the series has a scrape timestamp; help unless empty; no unit
 *       (client_java 1.10 sends none); a family without series is left out.
 * </ul>
 *
 * <p>Histograms and summaries carry {@code created_timestamp} only with {@link
 * ExpositionOptions#createdTimestamps()}: client_java 1.10 sends none, client_golang does.
 *
 * <p>Reads every series through {@link ProtobufSeries}. One encoder per scrape, pooled with its
 * {@link ProtobufBuffer} and {@link Scrape}; not thread-safe.
 */
final class ProtobufEncoder implements FamilySink {
  private static final SmallPool<ProtobufEncoder> POOL = new SmallPool<>(4);

  // metrics.proto: enum MetricType
  private static final int TYPE_COUNTER = 0;
  private static final int TYPE_GAUGE = 1;
  private static final int TYPE_SUMMARY = 2;
  private static final int TYPE_UNTYPED = 3;
  private static final int TYPE_HISTOGRAM = 4;
  private static final int TYPE_GAUGE_HISTOGRAM = 5;
  // message MetricFamily
  private static final int FAMILY_NAME = 1;
  private static final int FAMILY_HELP = 2;
  private static final int FAMILY_TYPE = 3;
  private static final int FAMILY_METRIC = 4;
  // message Metric
  private static final int METRIC_LABEL = 1;
  private static final int METRIC_GAUGE = 2;
  private static final int METRIC_COUNTER = 3;
  private static final int METRIC_SUMMARY = 4;
  private static final int METRIC_UNTYPED = 5;
  private static final int METRIC_TIMESTAMP_MS = 6;
  private static final int METRIC_HISTOGRAM = 7;
  // messages LabelPair, Quantile, Bucket, google.protobuf.Timestamp: fields 1 and 2
  private static final int FIRST = 1;
  private static final int SECOND = 2;
  // Gauge, Counter and Untyped: value = 1
  private static final int VALUE = 1;
  private static final int COUNTER_CREATED = 3;
  // Summary and Histogram
  private static final int SAMPLE_COUNT = 1;
  private static final int SAMPLE_SUM = 2;
  private static final int QUANTILE_OR_BUCKET = 3;
  private static final int SUMMARY_CREATED = 4;
  private static final int HISTOGRAM_CREATED = 15;

  private final ProtobufBuffer out = new ProtobufBuffer();
  private final Scrape scrape = new Scrape();
  private final SeriesReader reader = new SeriesReader();

  // The family being written.
  private String name;
  private MetricType type;
  private int familyStart;
  private int familyMark;
  private boolean empty;

  private ProtobufEncoder() {}

  /** An encoder writing to {@code out}, from the pool when one is free. */
  static ProtobufEncoder acquire(OutputStream out) {
    ProtobufEncoder e = POOL.take();
    if (e == null) {
      e = new ProtobufEncoder();
    }
    e.out.reset(out);
    return e;
  }

  /** Forgets the stream, the families and anything not flushed, and returns this to the pool. */
  void release() {
    out.reset(null);
    scrape.clear();
    name = null;
    POOL.give(this);
  }

  Scrape scrape() {
    return scrape;
  }

  /** Writes every family of the scrape, then flushes. */
  void writeAll() throws IOException {
    for (int i = 0; i < scrape.size(); i++) {
      scrape.write(i, this);
    }
    out.flush();
  }

  // ---------------------------------------------------------------- families

  @Override
  public void family(MetricMetadata metadata, MetricType type) {
    this.name = metadata.name();
    this.type = type;
    this.familyStart = out.position();
    this.familyMark = out.beginMessage(0);
    this.empty = true;
    String suffix = switch (type) {
      case COUNTER -> "_total";
      case INFO -> "_info";
      default -> "";
    };
    out.stringField(FAMILY_NAME, name, suffix);
    if (!metadata.help().isEmpty()) {
      out.stringField(FAMILY_HELP, metadata.help());
    }
    out.varintField(FAMILY_TYPE, switch (type) {
      case COUNTER -> TYPE_COUNTER;
      case GAUGE, INFO, STATESET -> TYPE_GAUGE;
      case SUMMARY -> TYPE_SUMMARY;
      case UNKNOWN -> TYPE_UNTYPED;
      case HISTOGRAM -> TYPE_HISTOGRAM;
      case GAUGE_HISTOGRAM -> TYPE_GAUGE_HISTOGRAM;
    });
  }

  @Override
  public void endFamily() throws IOException {
    if (empty) {
      out.rewind(familyStart); // as client_java: no family without metrics
    } else {
      out.endMessage(familyMark);
      out.flushIfFull();
    }
  }

  @Override
  public void visit(Series series) {
    series(reader.of(series));
  }

  /** Writes the metrics of one series (a state set: one per state) into the open family. */
  void series(ProtobufSeries s) {
    empty = false;
    if (type == MetricType.STATESET) {
      for (int i = 0; i < s.size(); i++) {
        if (!isRepeatedState(s, i)) {
          int metric = out.beginMessage(FAMILY_METRIC);
          labels(s);
          label(name, s.stateName(i));
          valueMessage(METRIC_GAUGE, s.isStateEnabled(i) ? 1 : 0);
          timestamp(s);
          out.endMessage(metric);
        }
      }
      return;
    }
    int metric = out.beginMessage(FAMILY_METRIC);
    labels(s);
    switch (type) {
      case COUNTER -> counter(s);
      case GAUGE -> valueMessage(METRIC_GAUGE, s.value());
      case INFO -> valueMessage(METRIC_GAUGE, 1);
      case UNKNOWN -> valueMessage(METRIC_UNTYPED, s.value());
      case HISTOGRAM, GAUGE_HISTOGRAM -> histogram(s);
      case SUMMARY -> summary(s);
      case STATESET -> throw new AssertionError("written above");
    }
    timestamp(s);
    out.endMessage(metric);
  }

  private void labels(ProtobufSeries s) {
    for (int i = 0, n = s.labelCount(); i < n; i++) {
      label(s.labelName(i), s.labelValue(i));
    }
  }

  private void label(String labelName, String labelValue) {
    int pair = out.beginMessage(METRIC_LABEL);
    out.stringField(FIRST, labelName);
    out.stringField(SECOND, labelValue);
    out.endMessage(pair);
  }

  /** {@code Gauge} or {@code Untyped}: a message with only {@code value}. */
  private void valueMessage(int field, double value) {
    int m = out.beginMessage(field);
    out.doubleField(VALUE, value);
    out.endMessage(m);
  }

  private void counter(ProtobufSeries s) {
    int m = out.beginMessage(METRIC_COUNTER);
    out.doubleField(VALUE, s.value());
    created(COUNTER_CREATED, s);
    out.endMessage(m);
  }

  private void histogram(ProtobufSeries s) {
    int m = out.beginMessage(METRIC_HISTOGRAM);
    out.varintField(SAMPLE_COUNT, s.count());
    out.doubleField(SAMPLE_SUM, s.sum());
    for (int i = 0; i < s.size(); i++) {
      int bucket = out.beginMessage(QUANTILE_OR_BUCKET);
      out.varintField(FIRST, s.cumulativeCount(i));
      out.doubleField(SECOND, s.upperBound(i));
      out.endMessage(bucket);
    }
    if (type == MetricType.HISTOGRAM && scrape.createdTimestamps()) {
      created(HISTOGRAM_CREATED, s);
    }
    out.endMessage(m);
  }

  private void summary(ProtobufSeries s) {
    int m = out.beginMessage(METRIC_SUMMARY);
    out.varintField(SAMPLE_COUNT, s.count());
    out.doubleField(SAMPLE_SUM, s.sum());
    for (int i = 0; i < s.size(); i++) {
      int quantile = out.beginMessage(QUANTILE_OR_BUCKET);
      out.doubleField(FIRST, s.quantile(i));
      out.doubleField(SECOND, s.quantileValue(i));
      out.endMessage(quantile);
    }
    if (scrape.createdTimestamps()) {
      created(SUMMARY_CREATED, s);
    }
    out.endMessage(m);
  }

  /**
   * A {@code google.protobuf.Timestamp} field, if the series has a created timestamp: seconds and
   * nanoseconds, each left out when 0 (proto3), as client_java splits milliseconds.
   */
  private void created(int field, ProtobufSeries s) {
    long millis = s.createdTimestampMillis();
    if (millis == 0) {
      return;
    }
    int m = out.beginMessage(field);
    long seconds = millis / 1000;
    long nanos = millis % 1000 * 1_000_000;
    if (seconds != 0) {
      out.varintField(FIRST, seconds);
    }
    if (nanos != 0) {
      out.varintField(SECOND, nanos);
    }
    out.endMessage(m);
  }

  private void timestamp(ProtobufSeries s) {
    if (s.scrapeTimestampMillis() != 0) {
      out.varintField(METRIC_TIMESTAMP_MS, s.scrapeTimestampMillis());
    }
  }

  private static boolean isRepeatedState(ProtobufSeries s, int i) {
    for (int j = 0; j < i; j++) {
      if (s.stateName(j).equals(s.stateName(i))) {
        return true;
      }
    }
    return false;
  }
}
