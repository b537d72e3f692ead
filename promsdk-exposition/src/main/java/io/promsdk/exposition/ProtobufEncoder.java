package io.promsdk.exposition;

import io.promsdk.core.model.CounterDataPointView;
import io.promsdk.exposition.internal.NativeBucketsWriter;
import io.promsdk.exposition.internal.ProtobufBuffer;
import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.GaugeDataPointView;
import io.promsdk.core.model.HistogramDataPointView;
import io.promsdk.core.model.InfoDataPointView;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.StateSetDataPointView;
import io.promsdk.core.model.SummaryDataPointView;
import io.promsdk.core.model.UnknownDataPointView;
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
 *       with native buckets also {@code schema, zero_threshold, zero_count, negative_span,
 *       negative_delta, positive_span, positive_delta}; a native-only series with no classic
 *       bucket (see {@link #nativeBuckets});
 *   <li>summary: SUMMARY, {@code Summary{sample_count, sample_sum, quantile...}};
 *   <li>info {@code x}: family {@code x_info}, GAUGE, value 1; state set {@code x}: GAUGE, one
 *       metric per state labelled {@code x="<state>"}, value 1 or 0 (a state named twice once,
 *       its first flag, as in the text formats);
 *   <li>{@code timestamp_ms} when the series has a scrape timestamp; help unless empty; no unit
 *       (client_java 1.10 sends none); a family without series is left out;
 *   <li>exemplars: {@code Counter.exemplar} (2), {@code Bucket.exemplar} (3) of each classic bucket
 *       that has one, and a native histogram's in {@code Histogram.exemplars} (16, client_model
 *       0.6; older readers such as Prometheus 2.42 skip it as an unknown field and read the
 *       buckets' ones). {@code Exemplar{label, value, timestamp}}.
 * </ul>
 *
 * <p>Histograms and summaries carry {@code created_timestamp} only with {@link
 * ExpositionOptions#createdTimestamps()}: client_java 1.10 sends none, client_golang does.
 *
 * <p>Reads every data point through the read-only view of its type ({@link
 * io.promsdk.core.model.DataPointView} and its subtypes), whether it is a snapshot's or a live
 * series', as the text formats do. One encoder per write, pooled with its {@link ProtobufBuffer}
 * (see {@link SmallPool} for the pool's invariants); not thread-safe.
 */
final class ProtobufEncoder implements DataPointVisitor {
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
  private static final int COUNTER_EXEMPLAR = 2;
  // Bucket, Histogram, Exemplar
  private static final int BUCKET_EXEMPLAR = 3;
  private static final int HISTOGRAM_EXEMPLARS = 16;
  private static final int EXEMPLAR_VALUE = 2;
  private static final int EXEMPLAR_TIMESTAMP = 3;
  // Summary and Histogram
  private static final int SAMPLE_COUNT = 1;
  private static final int SAMPLE_SUM = 2;
  private static final int QUANTILE_OR_BUCKET = 3;
  private static final int SUMMARY_CREATED = 4;
  private static final int HISTOGRAM_CREATED = 15;
  private final ProtobufBuffer out = new ProtobufBuffer();
  private boolean createdTimestamps;

  // The family being written.
  private String name;
  private MetricType type;

  private ProtobufEncoder() {}

  /**
   * An encoder writing to {@code out}, from the pool when one is free.
   *
   * @param createdTimestamps whether histograms and summaries carry their created timestamp
   *     (counters always do)
   */
  static ProtobufEncoder acquire(OutputStream out, boolean createdTimestamps) {
    ProtobufEncoder e = POOL.take();
    if (e == null) {
      e = new ProtobufEncoder();
    }
    e.out.reset(out);
    e.createdTimestamps = createdTimestamps;
    return e;
  }

  /** Forgets the stream and anything not flushed, and returns this to the pool. */
  void release() {
    out.reset(null);
    name = null;
    POOL.give(this);
  }

  /** Writes the buffered families to the stream. */
  void flush() throws IOException {
    out.flush();
  }

  // ---------------------------------------------------------------- families

  /**
   * Writes {@code family}, named {@code name} and of {@code type} as collected, as one
   * length-delimited {@code MetricFamily}; a family without data points is left out, as
   * client_java leaves it.
   */
  void write(FamilyView family, String name, MetricType type) throws IOException {
    this.name = name;
    this.type = type;
    int familyStart = out.position();
    int familyMark = out.beginMessage(0);
    MetricMetadata metadata = family.metadata();
    out.stringField(FAMILY_NAME, name, PrometheusTextFormat.familySuffix(type));
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
    int empty = out.position();
    family.forEachDataPoint(this);
    if (out.position() == empty) {
      out.rewind(familyStart);
    } else {
      out.endMessage(familyMark);
      out.flushIfFull();
    }
  }

  // ---------------------------------------------------------------- data points: one Metric each

  @Override
  public void dataPoint(DataPointView point) {
    throw new IllegalStateException(name + ": a data point without its type: " + point);
  }

  @Override
  public void counter(CounterDataPointView p) {
    int metric = beginMetric(p);
    int m = out.beginMessage(METRIC_COUNTER);
    out.doubleField(VALUE, p.value());
    exemplar(COUNTER_EXEMPLAR, p.exemplar());
    created(COUNTER_CREATED, p);
    out.endMessage(m);
    endMetric(metric, p);
  }

  @Override
  public void gauge(GaugeDataPointView p) {
    valueMetric(METRIC_GAUGE, p, p.value());
  }

  @Override
  public void unknown(UnknownDataPointView p) {
    valueMetric(METRIC_UNTYPED, p, p.value());
  }

  @Override
  public void info(InfoDataPointView p) {
    valueMetric(METRIC_GAUGE, p, 1);
  }

  /** One gauge metric per state, labelled {@code <name>="<state>"}, valued 1 or 0. */
  @Override
  public void stateSet(StateSetDataPointView p) {
    for (int i = 0; i < p.stateCount(); i++) {
      if (!StreamingFormat.isRepeatedState(p, i)) {
        int metric = beginMetric(p);
        label(name, p.stateName(i));
        valueMessage(METRIC_GAUGE, p.isStateEnabled(i) ? 1 : 0);
        endMetric(metric, p);
      }
    }
  }

  @Override
  public void histogram(HistogramDataPointView p) {
    int metric = beginMetric(p);
    int m = out.beginMessage(METRIC_HISTOGRAM);
    out.varintField(SAMPLE_COUNT, p.count());
    out.doubleField(SAMPLE_SUM, p.sum());
    if (isNativeOnly(p)) {
      Exemplar e = p.bucketExemplar(0);
      if (e != null) { // client_java's way to carry a native-only series' exemplar to Prometheus 2.x
        bucket(p, 0, e);
      }
    } else {
      for (int i = 0; i < p.bucketCount(); i++) {
        bucket(p, i, p.bucketExemplar(i));
      }
    }
    if (p.hasNativeBuckets()) {
      nativeBuckets(p);
    }
    for (int i = 0; i < p.nativeExemplarCount(); i++) {
      exemplar(HISTOGRAM_EXEMPLARS, p.nativeExemplar(i));
    }
    if (type == MetricType.HISTOGRAM && createdTimestamps) {
      created(HISTOGRAM_CREATED, p);
    }
    out.endMessage(m);
    endMetric(metric, p);
  }

  /** One classic {@code Bucket}: cumulative count, upper bound and its exemplar, if any. */
  private void bucket(HistogramDataPointView p, int i, Exemplar e) {
    int bucket = out.beginMessage(QUANTILE_OR_BUCKET);
    out.varintField(FIRST, p.cumulativeCount(i));
    out.doubleField(SECOND, p.upperBound(i));
    exemplar(BUCKET_EXEMPLAR, e);
    out.endMessage(bucket);
  }

  // ---------------------------------------------------------------- native histogram fields

  /**
   * A native-only series (its one classic bucket is {@code +Inf}) is written with no classic
   * bucket, as client_java 1.10 writes it: {@code sample_count} says the same. Only when its
   * {@code +Inf} bucket keeps an exemplar is that one bucket written, carrying it, as client_java
   * does: Prometheus 2.42 reads a native histogram's exemplars from its classic buckets only (the
   * exemplars are also in {@code Histogram.exemplars}, which later versions read).
   */
  private static boolean isNativeOnly(HistogramDataPointView p) {
    return p.hasNativeBuckets() && p.bucketCount() == 1;
  }

  /** The native fields of a {@code Histogram} (see {@link NativeBucketsWriter#write}). */
  private void nativeBuckets(HistogramDataPointView p) {
    NativeBucketsWriter.write(out, p, NativeBucketsWriter.CLIENT_MODEL);
  }

  @Override
  public void summary(SummaryDataPointView p) {
    int metric = beginMetric(p);
    int m = out.beginMessage(METRIC_SUMMARY);
    out.varintField(SAMPLE_COUNT, p.count());
    out.doubleField(SAMPLE_SUM, p.sum());
    for (int i = 0; i < p.quantileCount(); i++) {
      int quantile = out.beginMessage(QUANTILE_OR_BUCKET);
      out.doubleField(FIRST, p.quantile(i));
      out.doubleField(SECOND, p.quantileValue(i));
      out.endMessage(quantile);
    }
    if (createdTimestamps) {
      created(SUMMARY_CREATED, p);
    }
    out.endMessage(m);
    endMetric(metric, p);
  }

  /** Opens a {@code Metric} with the data point's labels; returns its mark. */
  private int beginMetric(DataPointView p) {
    int metric = out.beginMessage(FAMILY_METRIC);
    for (int i = 0, n = p.labelCount(); i < n; i++) {
      label(p.labelName(i), p.labelValue(i));
    }
    return metric;
  }

  /** Writes the data point's scrape timestamp, if it has one, and closes the {@code Metric}. */
  private void endMetric(int metric, DataPointView p) {
    if (p.hasScrapeTimestamp()) {
      out.varintField(METRIC_TIMESTAMP_MS, p.scrapeTimestampMillis());
    }
    out.endMessage(metric);
  }

  /** A metric whose only content is a {@code Gauge} or {@code Untyped} {@code value}. */
  private void valueMetric(int field, DataPointView p, double value) {
    int metric = beginMetric(p);
    valueMessage(field, value);
    endMetric(metric, p);
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

  /** An {@code Exemplar} message in {@code field}, if there is one: labels, value, timestamp if any. */
  private void exemplar(int field, Exemplar e) {
    if (e == null) {
      return;
    }
    int m = out.beginMessage(field);
    for (int i = 0; i < e.labels().size(); i++) {
      label(e.labels().name(i), e.labels().value(i)); // Exemplar.label is field 1, as Metric.label
    }
    out.doubleField(EXEMPLAR_VALUE, e.value());
    if (e.hasTimestamp()) {
      timestamp(EXEMPLAR_TIMESTAMP, e.timestampMillis());
    }
    out.endMessage(m);
  }

  /**
   * A {@code google.protobuf.Timestamp} field, if the data point has a created timestamp: seconds
   * and nanoseconds, each left out when 0 (proto3), as client_java splits milliseconds.
   */
  private void created(int field, DataPointView p) {
    if (p.hasCreatedTimestamp()) {
      timestamp(field, p.createdTimestampMillis());
    }
  }

  /** A {@code google.protobuf.Timestamp} field of {@code millis} since the epoch. */
  private void timestamp(int field, long millis) {
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
}
