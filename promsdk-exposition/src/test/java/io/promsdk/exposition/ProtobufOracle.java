package io.promsdk.exposition;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import com.google.protobuf.Timestamp;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.UnknownFieldSet;
import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.DataPointSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.StateSetSnapshot.StateSetDataPoint;
import io.promsdk.core.model.SummarySnapshot.SummaryDataPoint;
import io.promsdk.core.model.UnknownSnapshot.UnknownDataPoint;
import io.promsdk.testsupport.Protoc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The oracle for the protobuf format: prometheus/client_model's own {@code metrics.proto}, as
 * Debian's {@code golang-github-prometheus-client-model-dev} installs it (the version Prometheus
 * 2.42 is built with), compiled at test time by {@code protoc} into a descriptor that protobuf-java's
 * {@link DynamicMessage} decodes with. No copy of the file is kept in this repository; {@code
 * scripts/test} installs both packages.
 *
 * <p>That {@code metrics.proto} predates {@code created_timestamp}; protobuf-java keeps such a
 * field as an unknown field of its message ({@code Counter} 3, {@code Summary} 4, {@code
 * Histogram} 15), where {@link #createdTimestamp} reads it and {@link #expected} puts it.
 */
final class ProtobufOracle {
  static final Path METRICS_PROTO_ROOT =
      Path.of("/usr/share/gocode/src/github.com/prometheus/client_model");
  static final String METRICS_PROTO = "io/prometheus/client/metrics.proto";

  static final int COUNTER_CREATED = 3;
  static final int SUMMARY_CREATED = 4;
  static final int HISTOGRAM_CREATED = 15;

  static final Descriptor FAMILY = compile().findMessageTypeByName("MetricFamily");

  private ProtobufOracle() {}

  private static FileDescriptor compile() {
    if (!Files.isRegularFile(METRICS_PROTO_ROOT.resolve(METRICS_PROTO))) {
      throw new IllegalStateException("the protobuf oracle needs " + METRICS_PROTO_ROOT.resolve(METRICS_PROTO)
          + ": install golang-github-prometheus-client-model-dev (scripts/test does)");
    }
    try {
      // google/protobuf/timestamp.proto, which metrics.proto imports, comes with protobuf-java.
      Path dir = Files.createTempDirectory("metrics-proto");
      Path wellKnown = dir.resolve("google/protobuf/timestamp.proto");
      Files.createDirectories(wellKnown.getParent());
      try (InputStream in = Timestamp.class.getResourceAsStream("/google/protobuf/timestamp.proto")) {
        Files.copy(in, wellKnown);
      }
      FileDescriptorSet set = FileDescriptorSet.parseFrom(
          Protoc.descriptorSet(List.of(METRICS_PROTO_ROOT, dir), METRICS_PROTO));
      FileDescriptorProto proto = set.getFile(set.getFileCount() - 1); // imports come first
      return FileDescriptor.buildFrom(proto, new FileDescriptor[] {TimestampProto.getDescriptor()});
    } catch (IOException | com.google.protobuf.Descriptors.DescriptorValidationException e) {
      throw new IllegalStateException("cannot compile " + METRICS_PROTO, e);
    }
  }

  /** Decodes a stream of length-delimited families, all of it. */
  static List<DynamicMessage> parse(byte[] bytes) throws IOException {
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    List<DynamicMessage> families = new ArrayList<>();
    while (in.available() > 0) {
      DynamicMessage.Builder b = DynamicMessage.newBuilder(FAMILY);
      if (!b.mergeDelimitedFrom(in)) {
        break;
      }
      families.add(b.build());
    }
    if (in.available() != 0) {
      throw new InvalidProtocolBufferException(in.available() + " bytes left over");
    }
    return families;
  }

  /** The families as protobuf's text format, for readable assertion failures. */
  static String print(List<? extends Message> families) {
    return families.stream().map(m -> TextFormat.printer().printToString(m)).collect(Collectors.joining("---\n"));
  }

  /** The created timestamp (ms) in unknown field {@code field} of {@code message}; 0 if none. */
  static long createdTimestamp(Message message, int field) throws InvalidProtocolBufferException {
    UnknownFieldSet.Field f = message.getUnknownFields().getField(field);
    if (f.getLengthDelimitedList().isEmpty()) {
      return 0;
    }
    Timestamp t = Timestamp.parseFrom(f.getLengthDelimitedList().get(0));
    return t.getSeconds() * 1000 + t.getNanos() / 1_000_000;
  }

  // ---------------------------------------------------------------- the expected messages

  /**
   * What {@code snapshots} should decode to, built field by field with protobuf-java from the
   * mapping client_java 1.10 uses (see {@link ProtobufEncoder}), then passed through protobuf's
   * own serialization so that strings get its UTF-8 handling too.
   */
  static List<DynamicMessage> expected(MetricSnapshots snapshots, ExpositionOptions options)
      throws InvalidProtocolBufferException {
    List<DynamicMessage> families = new ArrayList<>();
    for (int i = 0; i < snapshots.size(); i++) {
      MetricSnapshot<?> s = snapshots.get(i);
      if (s.dataPoints().isEmpty()) {
        continue;
      }
      DynamicMessage.Builder family = DynamicMessage.newBuilder(FAMILY);
      String suffix = s.type() == MetricType.COUNTER ? "_total" : s.type() == MetricType.INFO ? "_info" : "";
      set(family, "name", s.name() + suffix);
      if (!s.metadata().help().isEmpty()) {
        set(family, "help", s.metadata().help());
      }
      String type = switch (s.type()) {
        case COUNTER -> "COUNTER";
        case GAUGE, INFO, STATESET -> "GAUGE";
        case SUMMARY -> "SUMMARY";
        case UNKNOWN -> "UNTYPED";
        case HISTOGRAM -> "HISTOGRAM";
        case GAUGE_HISTOGRAM -> "GAUGE_HISTOGRAM";
      };
      family.setField(field(FAMILY, "type"), FAMILY.getFile().findEnumTypeByName("MetricType").findValueByName(type));
      for (DataPointSnapshot d : s.dataPoints()) {
        for (DynamicMessage metric : metrics(s, d, options)) {
          family.addRepeatedField(field(FAMILY, "metric"), metric);
        }
      }
      families.add(DynamicMessage.parseFrom(FAMILY, family.build().toByteArray()));
    }
    return families;
  }

  private static List<DynamicMessage> metrics(MetricSnapshot<?> s, DataPointSnapshot d, ExpositionOptions options) {
    Descriptor metric = field(FAMILY, "metric").getMessageType();
    List<DynamicMessage> metrics = new ArrayList<>();
    if (d instanceof StateSetDataPoint states) {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < states.size(); i++) {
        if (seen.add(states.name(i))) {
          DynamicMessage.Builder m = DynamicMessage.newBuilder(metric);
          labels(m, d.labels());
          m.addRepeatedField(field(metric, "label"), label(metric, s.name(), states.name(i)));
          m.setField(field(metric, "gauge"), value(metric, "gauge", states.isEnabled(i) ? 1 : 0));
          timestamp(m, d);
          metrics.add(m.build());
        }
      }
      return metrics;
    }
    DynamicMessage.Builder m = DynamicMessage.newBuilder(metric);
    labels(m, d.labels());
    if (d instanceof CounterDataPoint c) {
      DynamicMessage.Builder counter = DynamicMessage.newBuilder(field(metric, "counter").getMessageType());
      set(counter, "value", c.value());
      created(counter, COUNTER_CREATED, d.createdTimestampMillis());
      m.setField(field(metric, "counter"), counter.build());
    } else if (d instanceof GaugeDataPoint g) {
      m.setField(field(metric, "gauge"), value(metric, "gauge", g.value()));
    } else if (s.type() == MetricType.INFO) {
      m.setField(field(metric, "gauge"), value(metric, "gauge", 1));
    } else if (d instanceof UnknownDataPoint u) {
      m.setField(field(metric, "untyped"), value(metric, "untyped", u.value()));
    } else if (d instanceof HistogramDataPoint h) {
      Descriptor histogramType = field(metric, "histogram").getMessageType();
      DynamicMessage.Builder histogram = DynamicMessage.newBuilder(histogramType);
      set(histogram, "sample_count", h.count());
      set(histogram, "sample_sum", h.sum());
      Descriptor bucketType = field(histogramType, "bucket").getMessageType();
      for (int i = 0, n = h.nativeBuckets() != null && h.buckets().size() == 1 ? 0 : h.buckets().size(); i < n; i++) {
        DynamicMessage.Builder bucket = DynamicMessage.newBuilder(bucketType);
        set(bucket, "cumulative_count", h.buckets().cumulativeCount(i));
        set(bucket, "upper_bound", h.buckets().upperBound(i));
        histogram.addRepeatedField(field(histogramType, "bucket"), bucket.build());
      }
      if (h.nativeBuckets() != null) {
        NativeFields.expected(histogram, h.nativeBuckets());
      }
      if (s.type() == MetricType.HISTOGRAM && options.createdTimestamps()) {
        created(histogram, HISTOGRAM_CREATED, d.createdTimestampMillis());
      }
      m.setField(field(metric, "histogram"), histogram.build());
    } else if (d instanceof SummaryDataPoint q) {
      Descriptor summaryType = field(metric, "summary").getMessageType();
      DynamicMessage.Builder summary = DynamicMessage.newBuilder(summaryType);
      set(summary, "sample_count", q.count());
      set(summary, "sample_sum", q.sum());
      Descriptor quantileType = field(summaryType, "quantile").getMessageType();
      for (int i = 0; i < q.quantiles().size(); i++) {
        DynamicMessage.Builder quantile = DynamicMessage.newBuilder(quantileType);
        set(quantile, "quantile", q.quantiles().quantile(i));
        set(quantile, "value", q.quantiles().value(i));
        summary.addRepeatedField(field(summaryType, "quantile"), quantile.build());
      }
      if (options.createdTimestamps()) {
        created(summary, SUMMARY_CREATED, d.createdTimestampMillis());
      }
      m.setField(field(metric, "summary"), summary.build());
    } else {
      throw new IllegalArgumentException("unexpected data point " + d);
    }
    timestamp(m, d);
    metrics.add(m.build());
    return metrics;
  }

  private static void labels(DynamicMessage.Builder m, Labels labels) {
    for (int i = 0; i < labels.size(); i++) {
      m.addRepeatedField(field(m.getDescriptorForType(), "label"),
          label(m.getDescriptorForType(), labels.name(i), labels.value(i)));
    }
  }

  private static DynamicMessage label(Descriptor metric, String name, String value) {
    DynamicMessage.Builder pair = DynamicMessage.newBuilder(field(metric, "label").getMessageType());
    set(pair, "name", name);
    set(pair, "value", value);
    return pair.build();
  }

  private static DynamicMessage value(Descriptor metric, String type, double value) {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(field(metric, type).getMessageType());
    set(b, "value", value);
    return b.build();
  }

  private static void timestamp(DynamicMessage.Builder m, DataPointSnapshot d) {
    if (d.scrapeTimestampMillis() != 0) {
      set(m, "timestamp_ms", d.scrapeTimestampMillis());
    }
  }

  /** A created timestamp as client_java writes it (seconds and nanos of the ms), as an unknown field. */
  private static void created(DynamicMessage.Builder b, int field, long millis) {
    if (millis == 0) {
      return;
    }
    Timestamp t = Timestamp.newBuilder().setSeconds(millis / 1000).setNanos((int) (millis % 1000 * 1_000_000)).build();
    ByteString bytes = t.toByteString();
    b.setUnknownFields(UnknownFieldSet.newBuilder()
        .addField(field, UnknownFieldSet.Field.newBuilder().addLengthDelimited(bytes).build()).build());
  }

  private static void set(DynamicMessage.Builder b, String name, Object value) {
    b.setField(field(b.getDescriptorForType(), name), value);
  }

  private static com.google.protobuf.Descriptors.FieldDescriptor field(Descriptor type, String name) {
    com.google.protobuf.Descriptors.FieldDescriptor f = type.findFieldByName(name);
    if (f == null) {
      throw new IllegalArgumentException(type.getFullName() + " has no field " + name);
    }
    return f;
  }
}
