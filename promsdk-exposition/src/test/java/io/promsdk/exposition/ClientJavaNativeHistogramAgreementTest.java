package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DynamicMessage;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.NativeBuckets;
import io.promsdk.testsupport.Draw;
import io.promsdk.testsupport.Seeded;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Native histograms in our protobuf encoding against client_java 1.10's {@link
 * PrometheusProtobufWriter}, both decoded with client_model's {@code metrics.proto} and compared
 * message by message (so the spans, their bridging of small gaps, the deltas and which fields are
 * set must all agree):
 *
 * <ul>
 *   <li>the same random native histograms built as snapshots in both libraries;
 *   <li>client_java's own live histogram fed values, against a snapshot holding the buckets those
 *       values fall in (each value is the geometric middle of its bucket, {@code base^(i - 1/2)},
 *       so that any correct bucketing puts it in bucket {@code i}; no resolution reduction);
 *   <li>client_java's live histogram and ours, native-only or classic + native, fed the same
 *       values: bucket middles, exact bucket bounds (powers of two), doubles at random, both signs,
 *       zeros, with bucket limits that neither reaches (both keep the initial schema).
 * </ul>
 *
 * <p>The one difference: a histogram with no observation and a zero threshold of 0 gets a no-op
 * span from us (client_golang's rule, so that Prometheus sees it as native), none from client_java.
 */
class ClientJavaNativeHistogramAgreementTest {
  private static final double CLIENT_JAVA_ZERO_THRESHOLD = 0x1p-128; // its default min and max

  @Test
  void randomNativeSnapshotsAgreeWithClientJava() {
    Seeded.check(300, random -> {
      List<HistogramDataPoint> ours = new ArrayList<>();
      var theirs = io.prometheus.metrics.model.snapshots.HistogramSnapshot.builder().name("h").help("Native.");
      int series = Draw.between(random, 1, 3);
      for (int i = 0; i < series; i++) {
        HistogramDataPoint d = NativeHistogramProtobufTest.randomPoint(random, Labels.of("s", Integer.toString(i)));
        if (isEmptyWithoutZeroThreshold(d.nativeBuckets())) {
          continue;
        }
        // client_java counts what its buckets hold, so no NaN observations here.
        HistogramDataPoint counted = d.bucketCount() == 1
            ? HistogramDataPoint.nativeOnly(d.nativeBuckets(), d.sum(), d.labels())
            : d;
        ours.add(counted);
        theirs.dataPoint(clientJava(counted));
      }
      if (ours.isEmpty()) {
        return;
      }
      boolean gauge = Draw.chance(random, 0.3);
      byte[] ourBytes = PrometheusProtobufFormatTest.bytes(MetricSnapshots.of(
          new HistogramSnapshot(gauge, new MetricMetadata("h", "Native."), ours)), ExpositionOptions.defaults());
      List<DynamicMessage> decodedOurs = ProtobufOracle.parse(ourBytes);
      List<DynamicMessage> decodedTheirs = ProtobufOracle.parse(write(theirs.gaugeHistogram(gauge).build()));
      assertThat(ProtobufOracle.print(decodedOurs)).isEqualTo(ProtobufOracle.print(decodedTheirs));
      assertThat(decodedOurs).isEqualTo(decodedTheirs);
    });
  }

  @Test
  void clientJavasLiveHistogramFedTheSameValuesAgrees() {
    Seeded.check(60, random -> {
      int schema = Draw.between(random, NativeBuckets.MIN_SCHEMA, NativeBuckets.MAX_SCHEMA);
      PrometheusRegistry registry = new PrometheusRegistry();
      Histogram theirs = Histogram.builder().name("rpc_seconds").help("RPC.").nativeOnly()
          .nativeInitialSchema(schema).nativeMaxNumberOfBuckets(10_000).withoutExemplars().register(registry);
      double base = Math.pow(2, Math.pow(2, -schema));
      java.util.TreeMap<Integer, Long> positive = new java.util.TreeMap<>();
      java.util.TreeMap<Integer, Long> negative = new java.util.TreeMap<>();
      long zeros = 0;
      double sum = 0;
      int n = Draw.size(random, 0, 300);
      int center = Draw.between(random, -40, 40);
      for (int k = 0; k < n; k++) {
        if (Draw.chance(random, 0.05)) {
          theirs.observe(0);
          zeros++;
          continue;
        }
        int index = center + Draw.between(random, -25, 25) * (Draw.chance(random, 0.1) ? 7 : 1);
        double v = Math.pow(base, index - 0.5);
        if (!(v > CLIENT_JAVA_ZERO_THRESHOLD) || Double.isInfinite(v)) {
          continue; // beyond the doubles at coarse schemas: no middle value to feed
        }
        boolean negativeValue = Draw.chance(random, 0.3);
        double value = negativeValue ? -v : v;
        theirs.observe(value);
        sum += value;
        (negativeValue ? negative : positive).merge(index, 1L, Long::sum);
      }
      NativeBuckets.Builder b = NativeBuckets.builder(schema).zeroThreshold(CLIENT_JAVA_ZERO_THRESHOLD).zeroCount(zeros);
      positive.forEach(b::positive);
      negative.forEach(b::negative);
      HistogramSnapshot ours = new HistogramSnapshot(new MetricMetadata("rpc_seconds", "RPC."),
          List.of(HistogramDataPoint.nativeOnly(b.build(), sum, Labels.EMPTY)));
      List<DynamicMessage> decodedOurs = ProtobufOracle.parse(
          PrometheusProtobufFormatTest.bytes(MetricSnapshots.of(ours), ExpositionOptions.defaults()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new PrometheusProtobufWriter().write(out, registry.scrape(), EscapingScheme.DEFAULT);
      List<DynamicMessage> decodedTheirs = ProtobufOracle.parse(out.toByteArray());
      assertThat(ProtobufOracle.print(decodedOurs)).as("schema %d", schema).isEqualTo(ProtobufOracle.print(decodedTheirs));
      assertThat(decodedOurs).isEqualTo(decodedTheirs);
    });
  }

  @Test
  void ourLiveHistogramAndClientJavasFedTheSameValuesWriteTheSameMessages() {
    Seeded.check(80, random -> {
      int schema = Draw.between(random, NativeBuckets.MIN_SCHEMA, NativeBuckets.MAX_SCHEMA);
      boolean nativeOnly = Draw.chance(random, 0.5);
      PrometheusRegistry registry = new PrometheusRegistry();
      Histogram.Builder theirBuilder = Histogram.builder().name("rpc_seconds").help("RPC.")
          .nativeInitialSchema(schema).nativeMaxNumberOfBuckets(10_000);
      io.promsdk.core.metrics.Histogram.Builder ourBuilder = io.promsdk.core.metrics.Histogram.builder()
          .name("rpc_seconds").help("RPC.").nativeInitialSchema(schema).nativeMaxNumberOfBuckets(10_000);
      if (nativeOnly) {
        theirBuilder.nativeOnly();
        ourBuilder.nativeOnly();
      }
      Histogram theirs = (Histogram) theirBuilder.withoutExemplars().register(registry);
      io.promsdk.core.CollectorRegistry ourRegistry = new io.promsdk.core.CollectorRegistry();
      io.promsdk.core.metrics.Histogram ours = ourBuilder.register(ourRegistry);
      double base = Math.pow(2, Math.pow(2, -schema));
      int n = Draw.size(random, 0, 150); // at most 150 buckets: under every limit, no reduction
      List<Double> fed = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        double v = switch (Draw.between(random, 0, 3)) {
          case 0 -> 0;
          case 1 -> Math.scalb(1.0, Draw.between(random, -20, 20)); // a bucket bound at every schema
          case 2 -> Math.pow(base, Draw.between(random, -30, 30) - 0.5);
          default -> Math.pow(10, Draw.between(random, -4.0, 4.0, 6));
        };
        double value = Draw.chance(random, 0.3) ? -v : v;
        fed.add(value);
        theirs.observe(value);
        ours.observe(value);
      }
      List<DynamicMessage> decodedOurs = ProtobufOracle.parse(
          PrometheusProtobufFormatTest.bytes(ourRegistry.collect(), ExpositionOptions.defaults()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new PrometheusProtobufWriter().write(out, registry.scrape(), EscapingScheme.DEFAULT);
      List<DynamicMessage> decodedTheirs = ProtobufOracle.parse(out.toByteArray());
      assertThat(ProtobufOracle.print(decodedOurs)).as("schema %d, native only %s, fed %s", schema, nativeOnly, fed)
          .isEqualTo(ProtobufOracle.print(decodedTheirs));
      assertThat(decodedOurs).isEqualTo(decodedTheirs);
      // Written live (streamed from the series, not from a snapshot), the same messages.
      ByteArrayOutputStream streamed = new ByteArrayOutputStream();
      ExpositionFormat.PROMETHEUS_PROTOBUF.write(streamed, ourRegistry, (name, type) -> true, ExpositionOptions.defaults());
      assertThat(ProtobufOracle.parse(streamed.toByteArray())).isEqualTo(decodedTheirs);
    });
  }

  @Test
  void onlyAnEmptyHistogramWithoutZeroThresholdDiffers() throws Exception {
    NativeBuckets empty = NativeBuckets.builder(3).build();
    HistogramDataPoint ours = HistogramDataPoint.nativeOnly(empty, 0, Labels.EMPTY);
    List<DynamicMessage> decodedOurs = ProtobufOracle.parse(PrometheusProtobufFormatTest.bytes(MetricSnapshots.of(
        new HistogramSnapshot(new MetricMetadata("h", "Native."), List.of(ours))), ExpositionOptions.defaults()));
    List<DynamicMessage> decodedTheirs = ProtobufOracle.parse(write(io.prometheus.metrics.model.snapshots.HistogramSnapshot
        .builder().name("h").help("Native.").dataPoint(clientJava(ours)).build()));
    assertThat(ProtobufOracle.print(decodedOurs)).contains("positive_span {\n      offset: 0\n      length: 0\n    }");
    assertThat(ProtobufOracle.print(decodedOurs).replace("    positive_span {\n      offset: 0\n      length: 0\n    }\n", ""))
        .isEqualTo(ProtobufOracle.print(decodedTheirs));
  }

  private static boolean isEmptyWithoutZeroThreshold(NativeBuckets b) {
    return b.zeroThreshold() == 0 && b.zeroCount() == 0 && b.positiveSize() == 0 && b.negativeSize() == 0;
  }

  /** The same series in client_java's model: per-bucket classic counts, native buckets as they are. */
  private static HistogramDataPointSnapshot clientJava(HistogramDataPoint d) {
    NativeBuckets b = d.nativeBuckets();
    var builder = HistogramDataPointSnapshot.builder()
        .nativeSchema(b.schema()).nativeZeroThreshold(b.zeroThreshold()).nativeZeroCount(b.zeroCount())
        .nativeBucketsForPositiveValues(side(b, true)).nativeBucketsForNegativeValues(side(b, false))
        .sum(d.sum()).labels(io.prometheus.metrics.model.snapshots.Labels.of(names(d.labels()), values(d.labels())));
    if (d.bucketCount() > 1) {
      double[] bounds = new double[d.bucketCount()];
      long[] counts = new long[d.bucketCount()];
      for (int i = 0; i < bounds.length; i++) {
        bounds[i] = d.upperBound(i);
        counts[i] = d.cumulativeCount(i) - (i == 0 ? 0 : d.cumulativeCount(i - 1));
      }
      builder.classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts));
    }
    if (d.hasScrapeTimestamp()) {
      builder.scrapeTimestampMillis(d.scrapeTimestampMillis());
    }
    return builder.build();
  }

  private static NativeHistogramBuckets side(NativeBuckets b, boolean positive) {
    int n = positive ? b.positiveSize() : b.negativeSize();
    int[] indexes = new int[n];
    long[] counts = new long[n];
    for (int i = 0; i < n; i++) {
      indexes[i] = positive ? b.positiveIndex(i) : b.negativeIndex(i);
      counts[i] = positive ? b.positiveCount(i) : b.negativeCount(i);
    }
    return NativeHistogramBuckets.of(indexes, counts);
  }

  private static String[] names(Labels labels) {
    String[] names = new String[labels.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = labels.name(i);
    }
    return names;
  }

  private static String[] values(Labels labels) {
    String[] values = new String[labels.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = labels.value(i);
    }
    return values;
  }

  private static byte[] write(io.prometheus.metrics.model.snapshots.HistogramSnapshot snapshot) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusProtobufWriter().write(out, io.prometheus.metrics.model.snapshots.MetricSnapshots.of(snapshot),
        EscapingScheme.DEFAULT);
    return out.toByteArray();
  }
}
