package io.promsdk.exposition;

import static io.promsdk.exposition.ExemplarFixture.SPAN;
import static io.promsdk.exposition.ExemplarFixture.TIMESTAMP;
import static io.promsdk.exposition.ExemplarFixture.TRACE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnknownFieldSet;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.model.DataPointVisitor;
import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.HistogramDataPointView;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Exemplars in the protobuf format, decoded by protobuf-java with client_model's {@code
 * metrics.proto} ({@link ProtobufOracle}), and their absence from the Prometheus text format
 * 0.0.4; the OpenMetrics text is checked by the Python parser in {@link ExemplarParsersPeerTest}.
 */
class ExemplarFormatsTest {

  private static byte[] protobuf(CollectorRegistry registry) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormat.PROMETHEUS_PROTOBUF.write(out, registry);
    return out.toByteArray();
  }

  private static String text(ExpositionFormat format, CollectorRegistry registry) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    format.write(out, registry);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Object get(Message m, String field) {
    return m.getField(m.getDescriptorForType().findFieldByName(field));
  }

  private static boolean has(Message m, String field) {
    return m.hasField(m.getDescriptorForType().findFieldByName(field));
  }

  @SuppressWarnings("unchecked")
  private static List<Message> repeated(Message m, String field) {
    return (List<Message>) get(m, field);
  }

  private static Map<String, String> labels(Message exemplar) {
    Map<String, String> labels = new TreeMap<>();
    for (Message pair : repeated(exemplar, "label")) {
      labels.put((String) get(pair, "name"), (String) get(pair, "value"));
    }
    return labels;
  }

  private static long millis(Message timestamp) {
    return (long) get(timestamp, "seconds") * 1000 + (int) get(timestamp, "nanos") / 1_000_000;
  }

  @Test
  void protobufCarriesCounterAndBucketExemplars() throws Exception {
    long before = System.currentTimeMillis();
    CollectorRegistry registry = ExemplarFixture.registry();
    long after = System.currentTimeMillis();
    List<DynamicMessage> families = ProtobufOracle.parse(protobuf(registry));

    List<Message> counters = repeated(families.get(0), "metric");
    Message withExemplar = (Message) get(counters.get(0), "counter");
    Message exemplar = (Message) get(withExemplar, "exemplar");
    assertThat(labels(exemplar)).isEqualTo(Map.of("trace_id", TRACE, "span_id", SPAN));
    assertThat(get(exemplar, "value")).isEqualTo(2.0);
    assertThat(millis((Message) get(exemplar, "timestamp"))).isBetween(before, after);
    assertThat(has((Message) get(counters.get(1), "counter"), "exemplar")).isFalse();

    Message histogram = (Message) get(repeated(families.get(1), "metric").get(0), "histogram");
    List<Message> buckets = repeated(histogram, "bucket");
    assertThat(buckets).hasSize(3);
    assertThat(has(buckets.get(0), "exemplar")).isFalse();
    Message second = (Message) get(buckets.get(1), "exemplar");
    assertThat(labels(second)).containsEntry("trace_id", TRACE);
    assertThat(get(second, "value")).isEqualTo(0.5);
    Message inf = (Message) get(buckets.get(2), "exemplar");
    assertThat(labels(inf)).isEqualTo(Map.of("trace_id", "other", "span_id", "s2"));
    assertThat(get(inf, "value")).isEqualTo(3.0);
    assertThat(histogram.getUnknownFields().hasField(16)).as("classic only: no native exemplars").isFalse();
  }

  @Test
  void protobufOfSnapshotsKeepsTheirTimestampsAndLabelsExactly() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormat.PROMETHEUS_PROTOBUF.write(out, ExemplarFixture.snapshots());
    List<DynamicMessage> families = ProtobufOracle.parse(out.toByteArray());
    List<Message> counters = repeated(families.get(0), "metric");
    Message e = (Message) get((Message) get(counters.get(0), "counter"), "exemplar");
    assertThat(labels(e)).isEqualTo(Map.of("trace_id", ExemplarFixture.AWKWARD));
    assertThat(millis((Message) get(e, "timestamp"))).isEqualTo(TIMESTAMP);
    Message noTimestamp = (Message) get((Message) get(counters.get(1), "counter"), "exemplar");
    assertThat(has(noTimestamp, "timestamp")).isFalse();
    assertThat(labels(noTimestamp)).isEmpty();
    assertThat(get(noTimestamp, "value")).isEqualTo(1.0);
  }

  /**
   * A native histogram's exemplars go to {@code Histogram.exemplars} (16), which Debian's
   * client_model 0.3.0 {@code metrics.proto} predates: protobuf-java keeps it as an unknown
   * length-delimited field, decoded here as an {@code Exemplar}.
   */
  @Test
  void nativeExemplarsGoToHistogramField16() throws Exception {
    Exemplar e = new Exemplar(Labels.of("trace_id", TRACE), 0.3, TIMESTAMP);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProtobufEncoder encoder = ProtobufEncoder.acquire(out, false);
    encoder.write(new NativeFamily(e), "rpc_seconds", MetricType.HISTOGRAM);
    encoder.flush();
    encoder.release();
    Message histogram = (Message) get(repeated(ProtobufOracle.parse(out.toByteArray()).get(0), "metric").get(0),
        "histogram");
    UnknownFieldSet.Field field16 = histogram.getUnknownFields().getField(16);
    assertThat(field16.getLengthDelimitedList()).hasSize(1);
    DynamicMessage decoded = DynamicMessage.parseFrom(
        ProtobufOracle.FAMILY.getFile().findMessageTypeByName("Exemplar"), field16.getLengthDelimitedList().get(0));
    assertThat(labels(decoded)).isEqualTo(Map.of("trace_id", TRACE));
    assertThat(get(decoded, "value")).isEqualTo(0.3);
    assertThat(Timestamp.parseFrom(((Message) get(decoded, "timestamp")).toByteString()).getSeconds())
        .isEqualTo(TIMESTAMP / 1000);
  }

  /**
   * A live histogram with native buckets keeps its classic buckets' exemplars: classic + native
   * writes them in the buckets and again in {@code Histogram.exemplars} (16); native-only, whose
   * one classic bucket is {@code +Inf}, writes that bucket only because it carries an exemplar (as
   * client_java, for Prometheus 2.42, which reads native exemplars from the buckets), and none
   * without one.
   */
  @Test
  void liveNativeHistogramsCarryTheirExemplars() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Histogram both = Histogram.builder().name("both_seconds").help("Both.").buckets(0.1, 1).register(registry);
    both.observeWithExemplar(0.5, Labels.of("trace_id", TRACE));
    Histogram nativeOnly = Histogram.builder().name("native_seconds").help("Native.").nativeOnly()
        .labelNames("path").register(registry);
    nativeOnly.labelValues("/a").observeWithExemplar(7, Labels.of("trace_id", "n1"));
    nativeOnly.labelValues("/b").observe(7);
    List<DynamicMessage> families = ProtobufOracle.parse(protobuf(registry));

    Message classicNative = (Message) get(repeated(families.get(0), "metric").get(0), "histogram");
    assertThat(get(classicNative, "schema")).isEqualTo(5);
    List<Message> buckets = repeated(classicNative, "bucket");
    assertThat(buckets).hasSize(3);
    assertThat(has(buckets.get(0), "exemplar")).isFalse();
    assertThat(labels((Message) get(buckets.get(1), "exemplar"))).isEqualTo(Map.of("trace_id", TRACE));
    assertThat(nativeExemplarLabels(classicNative)).containsExactly(Map.of("trace_id", TRACE));

    List<Message> series = repeated(families.get(1), "metric");
    Message withExemplar = (Message) get(series.get(0), "histogram");
    assertThat(get(withExemplar, "schema")).isEqualTo(5);
    List<Message> inf = repeated(withExemplar, "bucket");
    assertThat(inf).hasSize(1);
    assertThat(get(inf.get(0), "upper_bound")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(get(inf.get(0), "cumulative_count")).isEqualTo(1L);
    assertThat(labels((Message) get(inf.get(0), "exemplar"))).isEqualTo(Map.of("trace_id", "n1"));
    assertThat(get((Message) get(inf.get(0), "exemplar"), "value")).isEqualTo(7.0);
    assertThat(nativeExemplarLabels(withExemplar)).containsExactly(Map.of("trace_id", "n1"));
    Message without = (Message) get(series.get(1), "histogram");
    assertThat(repeated(without, "bucket")).isEmpty();
    assertThat(without.getUnknownFields().hasField(16)).isFalse();
  }

  /** The labels of each exemplar in {@code Histogram.exemplars} (16, unknown to the 0.3.0 proto). */
  private static List<Map<String, String>> nativeExemplarLabels(Message histogram) throws Exception {
    List<Map<String, String>> result = new ArrayList<>();
    if (!histogram.getUnknownFields().hasField(16)) {
      return result;
    }
    for (ByteString bytes : histogram.getUnknownFields().getField(16).getLengthDelimitedList()) {
      result.add(labels(DynamicMessage.parseFrom(
          ProtobufOracle.FAMILY.getFile().findMessageTypeByName("Exemplar"), bytes)));
    }
    return result;
  }

  @Test
  void prometheusTextNeverShowsThem() throws Exception {
    CollectorRegistry registry = ExemplarFixture.registry();
    String text = text(ExpositionFormat.PROMETHEUS_TEXT, registry);
    assertThat(text).contains("requests_total{path=\"/a\"} 2.0\n").doesNotContain(TRACE).doesNotContain(" # {");
    String snapshots = Expositions.write(ExpositionFormat.PROMETHEUS_TEXT, ExemplarFixture.snapshots());
    assertThat(snapshots).doesNotContain("trace_id");
    // ...while OpenMetrics does, on the lines they belong to.
    String openMetrics = text(ExpositionFormat.OPENMETRICS_TEXT, registry);
    assertThat(openMetrics).containsPattern(
        "requests_total\\{path=\"/a\"\\} 2\\.0 # \\{trace_id=\"" + TRACE + "\",span_id=\"" + SPAN
            + "\"\\} 2\\.0 \\d+\\.\\d{3}\n");
    assertThat(openMetrics).contains("requests_total{path=\"/b\"} 1.0\n");
    assertThat(openMetrics).contains("latency_seconds_bucket{le=\"0.1\"} 1\n");
    assertThat(openMetrics).containsPattern("latency_seconds_bucket\\{le=\"1.0\"\\} 2 # \\{trace_id=\"" + TRACE
        + "\",span_id=\"" + SPAN + "\"\\} 0\\.5 \\d+\\.\\d{3}\n");
  }

  /** A histogram family with one series that claims native buckets and has one native exemplar. */
  private record NativeFamily(Exemplar exemplar) implements FamilyView, HistogramDataPointView {
    @Override
    public MetricMetadata metadata() {
      return new MetricMetadata("rpc_seconds", "", null);
    }

    @Override
    public MetricType type() {
      return MetricType.HISTOGRAM;
    }

    @Override
    public void forEachDataPoint(DataPointVisitor visitor) throws IOException {
      visitor.histogram(this);
    }

    @Override
    public MetricSnapshot<?> snapshot() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Labels labels() {
      return Labels.EMPTY;
    }

    @Override
    public long createdTimestampMillis() {
      return 0;
    }

    @Override
    public long scrapeTimestampMillis() {
      return 0;
    }

    @Override
    public long count() {
      return 1;
    }

    @Override
    public double sum() {
      return 0.3;
    }

    @Override
    public int bucketCount() {
      return 1;
    }

    @Override
    public double upperBound(int i) {
      return Double.POSITIVE_INFINITY;
    }

    @Override
    public long cumulativeCount(int i) {
      return 1;
    }

    @Override
    public boolean hasNativeBuckets() {
      return true;
    }

    @Override
    public int nativeExemplarCount() {
      return 1;
    }

    @Override
    public Exemplar nativeExemplar(int i) {
      return exemplar;
    }
  }
}
