package io.promsdk.exposition;

import static io.promsdk.exposition.PrometheusProtobufFormatTest.get;
import static io.promsdk.exposition.PrometheusProtobufFormatTest.metrics;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.promsdk.core.model.ClassicBuckets;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.NativeBuckets;
import io.promsdk.testsupport.Draw;
import io.promsdk.testsupport.Seeded;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Native histogram fields of the protobuf format, decoded by protobuf-java with client_model's
 * {@code metrics.proto} ({@link ProtobufOracle}): hand-made cases down to each span and delta,
 * and random native histograms that decode to the messages the oracle expects ({@link
 * NativeFields}) and whose decoded spans and deltas, turned back into absolute counts by {@link
 * #decodeBuckets}, are the buckets written.
 */
class NativeHistogramProtobufTest {
  private static final double[] ONLY_INF = {Double.POSITIVE_INFINITY};

  @Test
  void spansFollowRunsOfIndexesBridgingGapsOfOneOrTwoWithZeroDeltas() throws Exception {
    NativeBuckets b = NativeBuckets.builder(3).zeroThreshold(0x1p-128).zeroCount(1)
        .positive(-2, 3).positive(-1, 5).positive(1, 2).positive(2, 2).positive(6, 1).positive(7, 4)
        .negative(0, 1).build();
    Message h = histogram(HistogramDataPoint.nativeOnly(b, 1.5, Labels.EMPTY), false);

    assertThat(get(h, "schema")).isEqualTo(3);
    assertThat(get(h, "zero_threshold")).isEqualTo(0x1p-128);
    assertThat(get(h, "zero_count")).isEqualTo(1L);
    // -2, -1, [0 bridged], 1, 2 | gap of 3 (3, 4, 5): a new span | 6, 7
    assertThat(spans(h, "positive_span")).containsExactly("-2:5", "3:2");
    assertThat(get(h, "positive_delta")).isEqualTo(List.of(3L, 2L, -5L, 2L, 0L, -1L, 3L));
    assertThat(spans(h, "negative_span")).containsExactly("0:1");
    assertThat(get(h, "negative_delta")).isEqualTo(List.of(1L));
    assertThat(get(h, "sample_count")).isEqualTo(19L);
    assertThat(get(h, "sample_sum")).isEqualTo(1.5);
  }

  @Test
  void aGapOfTwoIsBridgedAndOfThreeIsNot() throws Exception {
    Message two = histogram(HistogramDataPoint.nativeOnly(
        NativeBuckets.builder(0).positive(0, 1).positive(3, 1).build(), 1, Labels.EMPTY), false);
    assertThat(spans(two, "positive_span")).containsExactly("0:4");
    assertThat(get(two, "positive_delta")).isEqualTo(List.of(1L, -1L, 0L, 1L));

    Message three = histogram(HistogramDataPoint.nativeOnly(
        NativeBuckets.builder(0).negative(-7, 9).negative(-3, 2).build(), 1, Labels.EMPTY), false);
    assertThat(spans(three, "negative_span")).containsExactly("-7:1", "3:1");
    assertThat(get(three, "negative_delta")).isEqualTo(List.of(9L, -7L));
  }

  @Test
  void nativeOnlyHasNoClassicBucketAndClassicPlusNativeKeepsThemAll() throws Exception {
    NativeBuckets b = NativeBuckets.builder(1).positive(0, 2).build();
    Message nativeOnly = histogram(HistogramDataPoint.nativeOnly(b, 3, 1, Labels.EMPTY, 0, 0), false);
    assertThat((List<?>) get(nativeOnly, "bucket")).isEmpty();
    assertThat(get(nativeOnly, "sample_count")).isEqualTo(3L); // one NaN observation: in the count, in no bucket

    HistogramDataPoint both = new HistogramDataPoint(
        ClassicBuckets.of(new double[] {1, Double.POSITIVE_INFINITY}, new long[] {2, 2}), b, 1, Labels.EMPTY, 0, 0);
    Message h = histogram(both, false);
    assertThat((List<?>) get(h, "bucket")).extracting(x -> get((Message) x, "upper_bound"))
        .containsExactly(1.0, Double.POSITIVE_INFINITY);
    assertThat(get(h, "schema")).isEqualTo(1);
    assertThat(spans(h, "positive_span")).containsExactly("0:1");

    Message classic = histogram(new HistogramDataPoint(ClassicBuckets.of(ONLY_INF, new long[] {4}), 1, Labels.EMPTY), false);
    assertThat((List<?>) get(classic, "bucket")).hasSize(1);
    assertThat(has(classic, "schema")).isFalse();
    assertThat(has(classic, "zero_threshold")).isFalse();
  }

  /**
   * Prometheus tells a native histogram by a span, a zero threshold or a zero count above 0: one
   * without observations and with a zero threshold of 0 gets client_golang's no-op span; with a
   * zero threshold it needs none. Schema and zero fields are set even when 0, as client_java sets
   * them.
   */
  @Test
  void anEmptyNativeHistogramStillLooksNative() throws Exception {
    Message bare = histogram(HistogramDataPoint.nativeOnly(NativeBuckets.builder(0).build(), 0, Labels.EMPTY), false);
    assertThat(spans(bare, "positive_span")).containsExactly("0:0");
    Message span = (Message) ((List<?>) get(bare, "positive_span")).get(0);
    assertThat(has(span, "offset")).isTrue();
    assertThat(has(span, "length")).isTrue();
    assertThat(has(bare, "schema")).isTrue();
    assertThat(has(bare, "zero_threshold")).isTrue();
    assertThat(has(bare, "zero_count")).isTrue();
    assertThat((List<?>) get(bare, "positive_delta")).isEmpty();
    assertThat((List<?>) get(bare, "bucket")).isEmpty();

    Message withThreshold = histogram(HistogramDataPoint.nativeOnly(
        NativeBuckets.builder(0).zeroThreshold(0x1p-128).build(), 0, Labels.EMPTY), false);
    assertThat((List<?>) get(withThreshold, "positive_span")).isEmpty();
    Message zerosOnly = histogram(HistogramDataPoint.nativeOnly(
        NativeBuckets.builder(0).zeroCount(2).build(), 0, Labels.EMPTY), false);
    assertThat((List<?>) get(zerosOnly, "positive_span")).isEmpty();
  }

  @Test
  void gaugeHistogramsCarryTheNativeFieldsToo() throws Exception {
    NativeBuckets b = NativeBuckets.builder(-2).negative(-1, 4).positive(2, 1).build();
    List<DynamicMessage> families = ProtobufOracle.parse(PrometheusProtobufFormatTest.bytes(
        MetricSnapshots.of(new HistogramSnapshot(true, new MetricMetadata("queue", "Queue."),
            List.of(HistogramDataPoint.nativeOnly(b, -3, Labels.of("q", "a"))))), ExpositionOptions.defaults()));
    assertThat(get(families.get(0), "type").toString()).isEqualTo("GAUGE_HISTOGRAM");
    Message h = (Message) get(metrics(families.get(0)).get(0), "histogram");
    assertThat(get(h, "schema")).isEqualTo(-2);
    assertThat(decodeBuckets(h, "negative")).containsExactly("-1:4");
    assertThat(decodeBuckets(h, "positive")).containsExactly("2:1");
  }

  /** Random native histograms (every schema, both signs, sparse and dense, huge counts) decode back to their buckets. */
  @Test
  void randomNativeHistogramsDecodeBackToTheirBuckets() {
    Seeded.check(400, random -> {
      List<HistogramDataPoint> points = new ArrayList<>();
      int series = Draw.between(random, 1, 4);
      for (int i = 0; i < series; i++) {
        points.add(randomPoint(random, Labels.of("s", Integer.toString(i))));
      }
      boolean gauge = Draw.chance(random, 0.3);
      ExpositionOptions options = Draw.chance(random, 0.5) ? ExpositionOptions.defaults()
          : ExpositionOptions.builder().createdTimestamps(true).build();
      MetricSnapshots snapshots = MetricSnapshots.of(new HistogramSnapshot(gauge, new MetricMetadata("h", "Native."), points));
      List<DynamicMessage> families = ProtobufOracle.parse(PrometheusProtobufFormatTest.bytes(snapshots, options));
      // The whole messages, against the oracle's own derivation of spans and deltas (NativeFields) ...
      assertThat(families).isEqualTo(ProtobufOracle.expected(snapshots, options));
      // ... and field by field, the buckets rebuilt from the spans and deltas.
      List<Message> metrics = metrics(families.get(0));
      assertThat(metrics).hasSize(points.size());
      for (int i = 0; i < points.size(); i++) {
        HistogramDataPoint d = points.get(i);
        NativeBuckets b = d.nativeBuckets();
        Message h = (Message) get(metrics.get(i), "histogram");
        String as = d.toString() + " " + b;
        assertThat(get(h, "sample_count")).as(as).isEqualTo(d.count());
        assertThat(get(h, "schema")).as(as).isEqualTo(b.schema());
        assertThat(get(h, "zero_threshold")).as(as).isEqualTo(b.zeroThreshold());
        assertThat(get(h, "zero_count")).as(as).isEqualTo(b.zeroCount());
        assertThat(decodeBuckets(h, "positive")).as(as).isEqualTo(pairs(b, true));
        assertThat(decodeBuckets(h, "negative")).as(as).isEqualTo(pairs(b, false));
        List<?> classic = (List<?>) get(h, "bucket");
        assertThat(classic).as(as).hasSize(d.bucketCount() == 1 ? 0 : d.bucketCount());
        for (int k = 0; k < classic.size(); k++) {
          assertThat(get((Message) classic.get(k), "cumulative_count")).as(as).isEqualTo(d.cumulativeCount(k));
          assertThat(get((Message) classic.get(k), "upper_bound")).as(as).isEqualTo(d.upperBound(k));
        }
      }
    });
  }

  // ---------------------------------------------------------------- random native histograms

  /** A random series: native-only or classic + native, buckets clustered with gaps of every size. */
  static HistogramDataPoint randomPoint(Random r, Labels labels) {
    NativeBuckets b = randomBuckets(r);
    double sum = Draw.between(r, -1e6, 1e6, 3);
    if (Draw.chance(r, 0.5)) {
      long count = b.totalCount() + (Draw.chance(r, 0.2) ? Draw.between(r, 1, 3) : 0); // NaN observations
      return HistogramDataPoint.nativeOnly(b, count, sum, labels, 0, Draw.chance(r, 0.2) ? 1_700_000_000_000L : 0);
    }
    long total = b.totalCount();
    long below = total == 0 ? 0 : (long) (r.nextDouble() * total);
    ClassicBuckets classic = ClassicBuckets.of(new double[] {0.5, Double.POSITIVE_INFINITY}, new long[] {below, total});
    return new HistogramDataPoint(classic, b, sum, labels, Draw.chance(r, 0.5) ? 1_600_000_000_500L : 0, 0);
  }

  static NativeBuckets randomBuckets(Random r) {
    int schema = Draw.between(r, NativeBuckets.MIN_SCHEMA, NativeBuckets.MAX_SCHEMA);
    NativeBuckets.Builder b = NativeBuckets.builder(schema);
    if (Draw.chance(r, 0.6)) {
      b.zeroThreshold(Draw.oneOf(r, 0x1p-128, 1e-9, 0.001, Double.MIN_VALUE));
    }
    if (Draw.chance(r, 0.5)) {
      b.zeroCount(count(r));
    }
    int max = 1 << (schema + 11); // NativeBuckets' index range
    for (boolean positive : new boolean[] {true, false}) {
      if (Draw.chance(r, 0.25)) {
        continue;
      }
      int n = Draw.size(r, 0, 60);
      int index = Draw.chance(r, 0.1) ? -max : Draw.between(r, -Math.min(max, 200), Math.min(max, 200));
      for (int i = 0; i < n && index <= max; i++) {
        if (positive) {
          b.positive(index, count(r));
        } else {
          b.negative(index, count(r));
        }
        int gap = Draw.chance(r, 0.05) ? Draw.between(r, 4, 10_000) : Draw.between(r, 0, 4);
        index += gap + 1;
      }
    }
    return b.build();
  }

  /** Mostly small counts, so that deltas go both ways; sometimes counts of 40 bits. */
  private static long count(Random r) {
    return Draw.chance(r, 0.1) ? 1 + (r.nextLong() >>> 24) : Draw.between(r, 1, 20);
  }

  private static List<String> pairs(NativeBuckets b, boolean positive) {
    List<String> pairs = new ArrayList<>();
    int n = positive ? b.positiveSize() : b.negativeSize();
    for (int i = 0; i < n; i++) {
      pairs.add(positive ? b.positiveIndex(i) + ":" + b.positiveCount(i) : b.negativeIndex(i) + ":" + b.negativeCount(i));
    }
    return pairs;
  }

  // ---------------------------------------------------------------- decoding

  /**
   * The populated buckets of one side as {@code index:count}, rebuilt from the decoded spans and
   * deltas as the Prometheus native histogram specification reads them: the first span's offset
   * is its starting index, a later one's the gap since the previous span; each delta is added to
   * the previous bucket's count. Buckets that come out at 0 (bridged gaps) are left out; a count
   * below 0, or deltas and span lengths that do not match, fail.
   */
  static List<String> decodeBuckets(Message h, String side) {
    List<?> spans = (List<?>) get(h, side + "_span");
    List<?> deltas = (List<?>) get(h, side + "_delta");
    List<String> buckets = new ArrayList<>();
    long index = 0;
    long count = 0;
    int d = 0;
    for (int s = 0; s < spans.size(); s++) {
      Message span = (Message) spans.get(s);
      index += (Integer) get(span, "offset");
      int length = (Integer) get(span, "length");
      for (int k = 0; k < length; k++) {
        count += (Long) deltas.get(d++);
        assertThat(count).as("bucket %s of %s", index, side).isNotNegative();
        if (count > 0) {
          buckets.add(index + ":" + count);
        }
        index++;
      }
    }
    assertThat(d).as("deltas used by the spans of " + side).isEqualTo(deltas.size());
    return buckets;
  }

  private static Message histogram(HistogramDataPoint point, boolean gauge) throws Exception {
    List<DynamicMessage> families = ProtobufOracle.parse(PrometheusProtobufFormatTest.bytes(
        MetricSnapshots.of(new HistogramSnapshot(gauge, new MetricMetadata("h", "help"), List.of(point))),
        ExpositionOptions.defaults()));
    return (Message) get(metrics(families.get(0)).get(0), "histogram");
  }

  private static List<String> spans(Message h, String field) {
    List<String> spans = new ArrayList<>();
    for (Object o : (List<?>) get(h, field)) {
      spans.add(get((Message) o, "offset") + ":" + get((Message) o, "length"));
    }
    return spans;
  }

  private static boolean has(Message m, String field) {
    return m.hasField(m.getDescriptorForType().findFieldByName(field));
  }
}
