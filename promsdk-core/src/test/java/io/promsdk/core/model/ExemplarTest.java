package io.promsdk.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exemplar value object: OpenMetrics' 128 code point limit and the snapshots that carry it. */
class ExemplarTest {

  @Test
  void labelsOfExactly128CodePointsAreAllowedAnd129AreNot() {
    // "trace_id" (8) + 120 = 128; a supplementary character (2 UTF-16 chars) counts once.
    String emoji = new String(Character.toChars(0x1F600));
    String value120 = "a".repeat(119) + emoji;
    assertThat(value120.length()).isEqualTo(121);
    Exemplar e = new Exemplar(Labels.of("trace_id", value120), 1.5, 1000);
    assertThat(e.labels().get("trace_id")).isEqualTo(value120);
    assertThat(Exemplar.labelsProblem(Labels.of("trace_id", value120))).isNull();

    Labels tooLong = Labels.of("trace_id", value120 + "é"); // 129, é being one code point
    assertThatThrownBy(() -> new Exemplar(tooLong, 1.5, 1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trace_id=")
        .hasMessageContaining("129 UTF-8 code points")
        .hasMessageContaining("at most 128");
  }

  @Test
  void namesCountAsMuchAsValues() {
    Labels names = Labels.of("a".repeat(64), "", "b".repeat(64), "");
    assertThat(Exemplar.labelsProblem(names)).isNull();
    Labels more = Labels.of("a".repeat(64), "", "b".repeat(64), "c");
    assertThat(Exemplar.labelsProblem(more)).contains("129");
  }

  @Test
  void timestampZeroMeansNone() {
    assertThat(new Exemplar(Labels.EMPTY, 1, 0).hasTimestamp()).isFalse();
    assertThat(new Exemplar(Labels.EMPTY, 1, 5).hasTimestamp()).isTrue();
  }

  @Test
  void snapshotsCarryExemplarsAndCopyOfKeepsThem() {
    Exemplar counterExemplar = new Exemplar(Labels.of("trace_id", "t1"), 2, 1_700_000_000_000L);
    CounterSnapshot counter = new CounterSnapshot(new MetricMetadata("c", "", null), List.of(
        new CounterSnapshot.CounterDataPoint(3, Labels.of("a", "1"), 0, 0, counterExemplar)));
    assertThat(counter.dataPoints().get(0).exemplar()).isEqualTo(counterExemplar);
    CounterSnapshot copy = (CounterSnapshot) MetricSnapshot.copyOf(counter);
    assertThat(copy.dataPoints().get(0).exemplar()).isEqualTo(counterExemplar);

    Exemplar bucketExemplar = new Exemplar(Labels.of("trace_id", "t2"), 0.7, 1_700_000_000_001L);
    ClassicBuckets buckets = ClassicBuckets.of(new double[] {0.5, 1, Double.POSITIVE_INFINITY}, new long[] {1, 2, 2});
    HistogramSnapshot histogram = new HistogramSnapshot(new MetricMetadata("h", "", null), List.of(
        new HistogramSnapshot.HistogramDataPoint(buckets, 1.2, Labels.EMPTY, 0, 0,
            HistogramExemplars.of(new Exemplar[] {null, bucketExemplar}, List.of(bucketExemplar)))));
    HistogramSnapshot.HistogramDataPoint p =
        ((HistogramSnapshot) MetricSnapshot.copyOf(histogram)).dataPoints().get(0);
    assertThat(p.bucketExemplar(0)).isNull();
    assertThat(p.bucketExemplar(1)).isEqualTo(bucketExemplar);
    assertThat(p.bucketExemplar(2)).isNull();
    assertThat(p.nativeExemplarCount()).isEqualTo(1);
    assertThat(p.nativeExemplar(0)).isEqualTo(bucketExemplar);
  }

  @Test
  void nullBucketsOrExemplarsOfAHistogramPointAreRefusedByName() {
    ClassicBuckets buckets = ClassicBuckets.of(new double[] {Double.POSITIVE_INFINITY}, new long[] {1});
    assertThatThrownBy(() -> new HistogramSnapshot.HistogramDataPoint(buckets, 1, Labels.EMPTY, 0, 0, null))
        .isInstanceOf(NullPointerException.class).hasMessageStartingWith("exemplars (HistogramExemplars.NONE");
    assertThatThrownBy(() -> new HistogramSnapshot.HistogramDataPoint(null, 1, Labels.EMPTY, 0, 0,
        HistogramExemplars.NONE))
        .isInstanceOf(NullPointerException.class).hasMessage("buckets");
  }

  @Test
  void moreBucketExemplarsThanBucketsAreRefused() {
    Exemplar e = new Exemplar(Labels.EMPTY, 1, 0);
    ClassicBuckets buckets = ClassicBuckets.of(new double[] {Double.POSITIVE_INFINITY}, new long[] {1});
    assertThatThrownBy(() -> new HistogramSnapshot.HistogramDataPoint(buckets, 1, Labels.EMPTY, 0, 0,
        HistogramExemplars.of(new Exemplar[] {null, e}, List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 classic buckets");
  }
}
