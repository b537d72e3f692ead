package io.promsdk.exposition;

import static io.promsdk.exposition.ExpositionFormat.PROMETHEUS_PROTOBUF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.testsupport.Seeded;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The protobuf format, decoded by protobuf-java with prometheus/client_model's {@code
 * metrics.proto} ({@link ProtobufOracle}): the seed's metrics field by field, and random snapshots
 * and random registries of live metrics, streamed, back to the families they hold.
 */
class PrometheusProtobufFormatTest {
  private static final long[] CREATED = {1_700_000_000_123L, 1_700_000_001_000L, 1_700_000_002_500L, 1_700_000_003_999L};

  @Test
  void namesItself() {
    assertThat(PROMETHEUS_PROTOBUF.name()).isEqualTo("PrometheusProto");
    assertThat(PROMETHEUS_PROTOBUF.contentType()).isEqualTo(
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited");
  }

  @Test
  void theSeedsMetricsDecodeFieldByField() throws Exception {
    List<DynamicMessage> families = ProtobufOracle.parse(bytes(SeedMetrics.snapshots(true, CREATED),
        ExpositionOptions.defaults()));
    assertThat(families).extracting(f -> get(f, "name")).containsExactly(
        "api_called_total", "cpu_usage", "task_time_histogram", "task_time_summary");
    assertThat(families).extracting(f -> get(f, "type").toString()).containsExactly(
        "COUNTER", "GAUGE", "HISTOGRAM", "SUMMARY");
    assertThat(families).extracting(f -> get(f, "help")).containsExactly(
        "api called count", "cpu usage", "task time histogram", "task time summary");

    List<Message> counters = metrics(families.get(0));
    assertThat(counters).hasSize(2);
    assertThat(label(counters.get(0))).isEqualTo("inner_ip=10.0.0.2");
    Message remote = (Message) get(counters.get(0), "counter");
    assertThat(get(remote, "value")).isEqualTo(1.0);
    assertThat(ProtobufOracle.createdTimestamp(remote, ProtobufOracle.COUNTER_CREATED)).isEqualTo(CREATED[1]);
    Message local = (Message) get(counters.get(1), "counter");
    assertThat(label(counters.get(1))).isEqualTo("inner_ip=127.0.0.1");
    assertThat(get(local, "value")).isEqualTo(3.0);
    assertThat(ProtobufOracle.createdTimestamp(local, ProtobufOracle.COUNTER_CREATED)).isEqualTo(CREATED[0]);
    assertThat(counters.get(0).hasField(counters.get(0).getDescriptorForType().findFieldByName("timestamp_ms"))).isFalse();

    Message gauge = (Message) get(metrics(families.get(1)).get(0), "gauge");
    assertThat(get(gauge, "value")).isEqualTo(42.5);

    Message histogram = (Message) get(metrics(families.get(2)).get(0), "histogram");
    assertThat(get(histogram, "sample_count")).isEqualTo(10L);
    assertThat(get(histogram, "sample_sum")).isEqualTo(SeedMetrics.sum());
    List<?> buckets = (List<?>) get(histogram, "bucket");
    assertThat(buckets).extracting(b -> get((Message) b, "upper_bound"))
        .containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, Double.POSITIVE_INFINITY);
    assertThat(buckets).extracting(b -> get((Message) b, "cumulative_count"))
        .containsExactly(2L, 4L, 6L, 8L, 9L, 10L);
    // client_java 1.10 sends created timestamps of counters only; ours follow unless asked.
    assertThat(ProtobufOracle.createdTimestamp(histogram, ProtobufOracle.HISTOGRAM_CREATED)).isZero();

    Message summary = (Message) get(metrics(families.get(3)).get(0), "summary");
    assertThat(get(summary, "sample_count")).isEqualTo(10L);
    assertThat(get(summary, "sample_sum")).isEqualTo(SeedMetrics.sum());
    List<?> quantiles = (List<?>) get(summary, "quantile");
    assertThat(quantiles).extracting(q -> get((Message) q, "quantile")).containsExactly(0.5, 0.9, 0.99);
    assertThat(quantiles).extracting(q -> get((Message) q, "value")).containsExactly(2.2, 4.5, 5.5);
    assertThat(ProtobufOracle.createdTimestamp(summary, ProtobufOracle.SUMMARY_CREATED)).isZero();
  }

  @Test
  void createdTimestampsOptionAddsThemToHistogramsAndSummaries() throws Exception {
    ExpositionOptions created = ExpositionOptions.builder().createdTimestamps(true).build();
    List<DynamicMessage> families = ProtobufOracle.parse(bytes(SeedMetrics.snapshots(true, CREATED), created));
    Message histogram = (Message) get(metrics(families.get(2)).get(0), "histogram");
    assertThat(ProtobufOracle.createdTimestamp(histogram, ProtobufOracle.HISTOGRAM_CREATED)).isEqualTo(CREATED[2]);
    Message summary = (Message) get(metrics(families.get(3)).get(0), "summary");
    assertThat(ProtobufOracle.createdTimestamp(summary, ProtobufOracle.SUMMARY_CREATED)).isEqualTo(CREATED[3]);
  }

  @Test
  void longFamiliesAndLongStringsGetMultiByteLengths() throws Exception {
    // Lengths of 128 bytes and more take two or more varint bytes: the message is moved right.
    String longValue = "x".repeat(200) + "ü☃𝄞" + "y".repeat(20_000);
    List<CounterDataPoint> points = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      points.add(new CounterDataPoint(i, Labels.of("i", Integer.toString(i), "long", i == 7 ? longValue : "v"), 0, 0));
    }
    MetricSnapshots snapshots = MetricSnapshots.of(
        new CounterSnapshot(new MetricMetadata("big", "h".repeat(300)), points),
        new GaugeSnapshot(new MetricMetadata("after", ""), List.of(new GaugeDataPoint(-0.0, Labels.EMPTY, 5))));
    assertDecodesToExpected(snapshots, ExpositionOptions.defaults());
  }

  @Test
  void familiesWithoutSeriesAreLeftOutAsClientJavaDoes() throws Exception {
    MetricSnapshots snapshots = MetricSnapshots.of(
        new GaugeSnapshot(new MetricMetadata("empty", "none"), List.of()),
        new GaugeSnapshot(new MetricMetadata("one", "x"), List.of(new GaugeDataPoint(1, Labels.EMPTY))));
    assertThat(ProtobufOracle.parse(bytes(snapshots, ExpositionOptions.defaults())))
        .extracting(f -> get(f, "name")).containsExactly("one");
  }

  @Test
  void collidingFamiliesAreRefusedBeforeAByte() {
    MetricSnapshots snapshots = MetricSnapshots.of(
        new CounterSnapshot(new MetricMetadata("x", ""), List.of(new CounterDataPoint(1, Labels.EMPTY))),
        new GaugeSnapshot(new MetricMetadata("x_total", ""), List.of(new GaugeDataPoint(1, Labels.EMPTY))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> PROMETHEUS_PROTOBUF.write(out, snapshots))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x_total'").hasMessageContaining("the Prometheus protobuf format");
    assertThat(out.size()).isZero();
  }

  @Test
  void randomSnapshotsDecodeToTheirFamilies() {
    Seeded.check(300, random -> {
      MetricSnapshots snapshots = new MetricSnapshots(RandomFamilies.families(random, 0, 5));
      ExpositionOptions options = ExpositionOptions.builder().createdTimestamps(random.nextBoolean()).build();
      String textFailure = StreamingEquivalenceTest.write(out -> ExpositionFormat.PROMETHEUS_TEXT.write(out, snapshots, options));
      if (textFailure.contains("\n!! ")) {
        // A collision in the text format is one in protobuf too: the same names.
        assertThatThrownBy(() -> PROMETHEUS_PROTOBUF.write(new ByteArrayOutputStream(), snapshots, options))
            .isInstanceOf(IllegalArgumentException.class);
        return;
      }
      assertDecodesToExpected(snapshots, options);
    });
  }

  @Test
  void randomRegistriesStreamWhatTheirSnapshotsHold() {
    Seeded.check(300, random -> {
      long seed = random.nextLong();
      CollectorRegistry registry = RandomRegistries.registry(seed, RandomFamilies.families(random, 0, 3));
      ExpositionOptions options = ExpositionOptions.builder().createdTimestamps(random.nextBoolean())
          .strictCollectors(true).build();
      MetricSnapshots snapshots;
      try {
        snapshots = registry.collect();
        PROMETHEUS_PROTOBUF.write(new ByteArrayOutputStream(), snapshots, options);
      } catch (RuntimeException collision) {
        assertThatThrownBy(() -> PROMETHEUS_PROTOBUF.write(new ByteArrayOutputStream(), registry,
            (name, type) -> true, options)).isInstanceOf(collision.getClass());
        return;
      }
      ByteArrayOutputStream streamed = new ByteArrayOutputStream();
      PROMETHEUS_PROTOBUF.write(streamed, registry, (name, type) -> true, options);
      assertThat(streamed.toByteArray()).as("streamed = written from snapshots")
          .isEqualTo(bytes(snapshots, options));
      List<DynamicMessage> expected = ProtobufOracle.expected(snapshots, options);
      List<DynamicMessage> decoded = ProtobufOracle.parse(streamed.toByteArray());
      assertThat(ProtobufOracle.print(decoded)).isEqualTo(ProtobufOracle.print(expected));
      assertThat(decoded).isEqualTo(expected);
    });
  }

  private static void assertDecodesToExpected(MetricSnapshots snapshots, ExpositionOptions options) throws IOException {
    List<DynamicMessage> expected = ProtobufOracle.expected(snapshots, options);
    List<DynamicMessage> decoded = ProtobufOracle.parse(bytes(snapshots, options));
    assertThat(ProtobufOracle.print(decoded)).isEqualTo(ProtobufOracle.print(expected));
    assertThat(decoded).isEqualTo(expected); // also NaN, -0.0 and unknown fields, which print hides
  }

  static byte[] bytes(MetricSnapshots snapshots, ExpositionOptions options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PROMETHEUS_PROTOBUF.write(out, snapshots, options);
    return out.toByteArray();
  }

  static Object get(Message m, String field) {
    return m.getField(m.getDescriptorForType().findFieldByName(field));
  }

  @SuppressWarnings("unchecked")
  static List<Message> metrics(Message family) {
    return (List<Message>) get(family, "metric");
  }

  /** The labels of a metric as {@code a=1,b=2}. */
  static String label(Message metric) {
    StringBuilder sb = new StringBuilder();
    for (Object o : (List<?>) get(metric, "label")) {
      Message pair = (Message) o;
      sb.append(sb.length() == 0 ? "" : ",").append(get(pair, "name")).append('=').append(get(pair, "value"));
    }
    return sb.toString();
  }
}
