package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot.StateSetDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot.UnknownDataPointSnapshot;
import io.promsdk.core.model.ClassicBuckets;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.InfoSnapshot;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.StateSetSnapshot;
import io.promsdk.core.model.UnknownSnapshot;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our protobuf encoding against client_java 1.10's own {@link PrometheusProtobufWriter}: the same
 * families built in both libraries (the seed's four metrics with created timestamps, plus info,
 * state set, unknown and gauge histogram), both outputs decoded with client_model's {@code
 * metrics.proto}, the messages compared (not the bytes: field order and the like are free).
 *
 * <p>The one difference, by option only: with {@code createdTimestamps(true)} we also send the
 * created timestamps of histograms and summaries (client_golang does; client_java 1.10 sends
 * those of counters only). Another, not exercised here as neither the seed nor this fixture has
 * one: client_java 1.10 drops the scrape timestamp of an unknown-typed series, we keep it.
 */
class ClientJavaProtobufAgreementTest {
  private static final long[] CREATED = {1_700_000_000_123L, 1_700_000_001_000L, 1_700_000_002_500L, 1_700_000_003_999L};

  @Test
  void agreesWithClientJavaOnTheSeedsMetricsAndEveryType() throws Exception {
    List<DynamicMessage> ours = byName(ProtobufOracle.parse(PrometheusProtobufFormatTest.bytes(promsdk(), ExpositionOptions.defaults())));
    List<DynamicMessage> theirs = byName(ProtobufOracle.parse(clientJava()));
    assertThat(ours).hasSize(8);
    assertThat(ProtobufOracle.print(ours)).isEqualTo(ProtobufOracle.print(theirs));
    assertThat(ours).isEqualTo(theirs); // created timestamps too (unknown fields, which print shows as numbers)
  }

  @Test
  void withCreatedTimestampsDiffersOnlyByThoseOfHistogramsAndSummaries() throws Exception {
    ExpositionOptions created = ExpositionOptions.builder().createdTimestamps(true).build();
    List<DynamicMessage> ours = byName(ProtobufOracle.parse(PrometheusProtobufFormatTest.bytes(promsdk(), created)));
    List<DynamicMessage> theirs = byName(ProtobufOracle.parse(clientJava()));
    assertThat(ours).isNotEqualTo(theirs);
    List<DynamicMessage> withoutThem = new ArrayList<>();
    for (DynamicMessage family : ours) {
      withoutThem.add(withoutHistogramAndSummaryCreated(family));
    }
    assertThat(withoutThem).isEqualTo(theirs);
  }

  /**
   * The families sorted by name: client_java sorts them (and labels, and series by labels), we
   * keep registration order, and the order of families means nothing to a scraper. The fixture's
   * labels and series are in client_java's order on both sides.
   */
  private static List<DynamicMessage> byName(List<DynamicMessage> families) {
    List<DynamicMessage> sorted = new ArrayList<>(families);
    sorted.sort(java.util.Comparator.comparing(f -> (String) PrometheusProtobufFormatTest.get(f, "name")));
    return sorted;
  }

  /** {@code family} with the unknown fields (created timestamps) of its histograms and summaries removed. */
  private static DynamicMessage withoutHistogramAndSummaryCreated(DynamicMessage family) {
    DynamicMessage.Builder f = family.toBuilder();
    var metricField = family.getDescriptorForType().findFieldByName("metric");
    f.clearField(metricField);
    for (Object o : (List<?>) family.getField(metricField)) {
      DynamicMessage metric = (DynamicMessage) o;
      DynamicMessage.Builder m = metric.toBuilder();
      for (String type : List.of("histogram", "summary")) {
        var field = metric.getDescriptorForType().findFieldByName(type);
        if (metric.hasField(field)) {
          Message inner = (Message) metric.getField(field);
          m.setField(field, inner.toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance()).build());
        }
      }
      f.addRepeatedField(metricField, m.build());
    }
    return f.build();
  }

  private static MetricSnapshots promsdk() {
    List<MetricSnapshot<?>> families = new ArrayList<>(SeedMetrics.snapshots(true, CREATED).asList());
    families.add(new InfoSnapshot(new MetricMetadata("build", "Build information."),
        List.of(new InfoSnapshot.InfoDataPoint(Labels.of("revision", "abc", "version", "1.2.3")))));
    families.add(new StateSetSnapshot(new MetricMetadata("feature", "Feature flags."),
        List.of(new StateSetSnapshot.StateSetDataPoint(new String[] {"a", "b"}, new boolean[] {true, false},
            Labels.of("env", "prod")))));
    families.add(new UnknownSnapshot(new MetricMetadata("legacy", "Legacy value."),
        List.of(new UnknownSnapshot.UnknownDataPoint(7.25, Labels.EMPTY))));
    families.add(new HistogramSnapshot(true, new MetricMetadata("queue_size", "Queue size."),
        List.of(new HistogramSnapshot.HistogramDataPoint(
            ClassicBuckets.of(new double[] {10, Double.POSITIVE_INFINITY}, new long[] {3, 5}), 42,
            Labels.of("queue", "q1")))));
    return new MetricSnapshots(families);
  }

  private static byte[] clientJava() throws Exception {
    long[] cumulative = SeedMetrics.cumulativeCounts();
    long[] perBucket = new long[cumulative.length];
    for (int i = 0; i < cumulative.length; i++) {
      perBucket[i] = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
    }
    var snapshots = io.prometheus.metrics.model.snapshots.MetricSnapshots.builder()
        .metricSnapshot(io.prometheus.metrics.model.snapshots.CounterSnapshot.builder()
            .name("api_called").help("api called count")
            .dataPoint(CounterDataPointSnapshot.builder().value(1)
                .labels(io.prometheus.metrics.model.snapshots.Labels.of("inner_ip", "10.0.0.2"))
                .createdTimestampMillis(CREATED[1]).build())
            .dataPoint(CounterDataPointSnapshot.builder().value(3)
                .labels(io.prometheus.metrics.model.snapshots.Labels.of("inner_ip", "127.0.0.1"))
                .createdTimestampMillis(CREATED[0]).build())
            .build())
        .metricSnapshot(io.prometheus.metrics.model.snapshots.GaugeSnapshot.builder()
            .name("cpu_usage").help("cpu usage")
            .dataPoint(GaugeDataPointSnapshot.builder().value(42.5).build())
            .build())
        .metricSnapshot(io.prometheus.metrics.model.snapshots.HistogramSnapshot.builder()
            .name("task_time_histogram").help("task time histogram")
            .dataPoint(HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(SeedMetrics.BOUNDS, perBucket))
                .sum(SeedMetrics.sum()).createdTimestampMillis(CREATED[2]).build())
            .build())
        .metricSnapshot(io.prometheus.metrics.model.snapshots.SummarySnapshot.builder()
            .name("task_time_summary").help("task time summary")
            .dataPoint(SummaryDataPointSnapshot.builder().count(SeedMetrics.OBSERVATIONS.length)
                .sum(SeedMetrics.sum())
                .quantiles(Quantiles.of(new Quantile(0.5, 2.2), new Quantile(0.9, 4.5), new Quantile(0.99, 5.5)))
                .createdTimestampMillis(CREATED[3]).build())
            .build())
        .metricSnapshot(io.prometheus.metrics.model.snapshots.InfoSnapshot.builder()
            .name("build").help("Build information.")
            .dataPoint(InfoDataPointSnapshot.builder()
                .labels(io.prometheus.metrics.model.snapshots.Labels.of("revision", "abc", "version", "1.2.3"))
                .build())
            .build())
        .metricSnapshot(io.prometheus.metrics.model.snapshots.StateSetSnapshot.builder()
            .name("feature").help("Feature flags.")
            .dataPoint(StateSetDataPointSnapshot.builder().state("a", true).state("b", false)
                .labels(io.prometheus.metrics.model.snapshots.Labels.of("env", "prod")).build())
            .build())
        .metricSnapshot(io.prometheus.metrics.model.snapshots.UnknownSnapshot.builder()
            .name("legacy").help("Legacy value.")
            .dataPoint(UnknownDataPointSnapshot.builder().value(7.25).build())
            .build())
        .metricSnapshot(io.prometheus.metrics.model.snapshots.HistogramSnapshot.builder()
            .gaugeHistogram(true).name("queue_size").help("Queue size.")
            .dataPoint(HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(new double[] {10, Double.POSITIVE_INFINITY}, new long[] {3, 2}))
                .sum(42).labels(io.prometheus.metrics.model.snapshots.Labels.of("queue", "q1")).build())
            .build())
        .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusProtobufWriter().write(out, snapshots, EscapingScheme.DEFAULT);
    return out.toByteArray();
  }
}
