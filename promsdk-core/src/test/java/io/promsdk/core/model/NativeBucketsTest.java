package io.promsdk.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Native buckets as a snapshot holds them: every rule {@link NativeBuckets} checks, the snapshot's
 * own check naming the metric, native-only counts, and copying them from any view.
 */
class NativeBucketsTest {
  private static final double[] INF = {Double.POSITIVE_INFINITY};

  @Test
  void nullArraysAreRefusedByName() {
    int[] none = {};
    long[] noCounts = {};
    assertThatThrownBy(() -> NativeBuckets.of(0, 0, 0, null, noCounts, none, noCounts))
        .isInstanceOf(NullPointerException.class).hasMessage("positiveIndexes");
    assertThatThrownBy(() -> NativeBuckets.of(0, 0, 0, none, null, none, noCounts))
        .isInstanceOf(NullPointerException.class).hasMessage("positiveCounts");
    assertThatThrownBy(() -> NativeBuckets.of(0, 0, 0, none, noCounts, null, noCounts))
        .isInstanceOf(NullPointerException.class).hasMessage("negativeIndexes");
    assertThatThrownBy(() -> NativeBuckets.of(0, 0, 0, none, noCounts, none, null))
        .isInstanceOf(NullPointerException.class).hasMessage("negativeCounts");
  }

  @Test
  void builderSortsBucketsByIndexAndKeepsEveryField() {
    NativeBuckets b = NativeBuckets.builder(3).zeroThreshold(1e-9).zeroCount(2)
        .positive(8, 1).positive(-3, 4).positive(0, 5).negative(2, 7).negative(-1, 1).build();
    assertThat(b.schema()).isEqualTo(3);
    assertThat(b.zeroThreshold()).isEqualTo(1e-9);
    assertThat(b.zeroCount()).isEqualTo(2);
    assertThat(b.positiveSize()).isEqualTo(3);
    assertThat(new int[] {b.positiveIndex(0), b.positiveIndex(1), b.positiveIndex(2)}).containsExactly(-3, 0, 8);
    assertThat(new long[] {b.positiveCount(0), b.positiveCount(1), b.positiveCount(2)}).containsExactly(4, 5, 1);
    assertThat(new int[] {b.negativeIndex(0), b.negativeIndex(1)}).containsExactly(-1, 2);
    assertThat(new long[] {b.negativeCount(0), b.negativeCount(1)}).containsExactly(1, 7);
    assertThat(b.totalCount()).isEqualTo(2 + 4 + 5 + 1 + 7 + 1);
    assertThat(b).isEqualTo(NativeBuckets.of(3, 1e-9, 2, new int[] {-3, 0, 8}, new long[] {4, 5, 1},
        new int[] {-1, 2}, new long[] {1, 7}));
    assertThat(b.toString()).contains("positive=[-3:4, 0:5, 8:1]");
  }

  @Test
  void ofCopiesItsArrays() {
    int[] indexes = {1, 2};
    long[] counts = {3, 4};
    NativeBuckets b = NativeBuckets.of(0, 0, 0, indexes, counts, new int[0], new long[0]);
    indexes[0] = 7;
    counts[0] = 9;
    assertThat(b.positiveIndex(0)).isEqualTo(1);
    assertThat(b.positiveCount(0)).isEqualTo(3);
  }

  @Test
  void everyRuleIsCheckedWithAMessageNamingIt() {
    assertThatThrownBy(() -> NativeBuckets.builder(9).build()).hasMessageContaining("schema must be in -4..8, not 9");
    assertThatThrownBy(() -> NativeBuckets.builder(-5).build()).hasMessageContaining("not -5");
    assertThat(NativeBuckets.builder(-4).build().schema()).isEqualTo(-4);
    assertThat(NativeBuckets.builder(8).build().schema()).isEqualTo(8);
    assertThatThrownBy(() -> NativeBuckets.builder(0).zeroThreshold(-1).build()).hasMessageContaining("zero threshold");
    assertThatThrownBy(() -> NativeBuckets.builder(0).zeroThreshold(Double.NaN).build()).hasMessageContaining("NaN");
    assertThatThrownBy(() -> NativeBuckets.builder(0).zeroThreshold(Double.POSITIVE_INFINITY).build())
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> NativeBuckets.builder(0).zeroCount(-1).build()).hasMessageContaining("zero count");
    assertThatThrownBy(() -> NativeBuckets.builder(0).positive(1, 0).build())
        .hasMessageContaining("positive native bucket 1 has count 0");
    assertThatThrownBy(() -> NativeBuckets.builder(0).negative(1, -2).build())
        .hasMessageContaining("negative native bucket 1 has count -2");
    assertThatThrownBy(() -> NativeBuckets.builder(0).positive(1, 1).positive(1, 2))
        .hasMessageContaining("positive native bucket 1 is given twice");
    assertThatThrownBy(() -> NativeBuckets.of(0, 0, 0, new int[] {2, 2}, new long[] {1, 1}, new int[0], new long[0]))
        .hasMessageContaining("strictly ascending");
    assertThatThrownBy(() -> NativeBuckets.of(0, 0, 0, new int[0], new long[0], new int[] {3, 1}, new long[] {1, 1}))
        .hasMessageContaining("negative native bucket indexes must be strictly ascending");
    assertThatThrownBy(() -> NativeBuckets.of(0, 0, 0, new int[] {1}, new long[0], new int[0], new long[0]))
        .hasMessageContaining("one count per positive native bucket index");
    assertThatThrownBy(() -> NativeBuckets.builder(0).positive(1, Long.MAX_VALUE).negative(1, 1).build())
        .hasMessageContaining("add up to more than");
  }

  @Test
  void indexesStayWithinWhatADoubleReachesAtTheSchema() {
    // 2^1024 is index 1024 * 2^schema; the bound 2^(schema + 11) leaves room and keeps gaps in an int.
    assertThat(NativeBuckets.builder(8).positive(1 << 19, 1).negative(-(1 << 19), 1).build().positiveSize()).isEqualTo(1);
    assertThatThrownBy(() -> NativeBuckets.builder(8).positive((1 << 19) + 1, 1).build())
        .hasMessageContaining("out of range for schema 8");
    assertThatThrownBy(() -> NativeBuckets.builder(-4).negative(-129, 1).build())
        .hasMessageContaining("index -129 is out of range for schema -4: at most 128");
    assertThatThrownBy(() -> NativeBuckets.builder(0).positive(Integer.MIN_VALUE, 1).positive(Integer.MAX_VALUE, 1).build())
        .hasMessageContaining("out of range");
  }

  @Test
  void aNativeOnlyPointHoldsItsCountInTheInfBucket() {
    NativeBuckets b = NativeBuckets.builder(2).zeroCount(1).positive(3, 2).negative(0, 4).build();
    HistogramDataPoint d = HistogramDataPoint.nativeOnly(b, 12.5, Labels.of("a", "1"));
    assertThat(d.count()).isEqualTo(7);
    assertThat(d.bucketCount()).isEqualTo(1);
    assertThat(d.upperBound(0)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(d.cumulativeCount(0)).isEqualTo(7);
    assertThat(d.hasNativeBuckets()).isTrue();
    assertThat(d.nativeBuckets()).isSameAs(b);
    // NaN observations are counted but in no bucket: a larger count is allowed.
    HistogramDataPoint withNaN = HistogramDataPoint.nativeOnly(b, 9, Double.NaN, Labels.EMPTY, 0, 0);
    assertThat(withNaN.count()).isEqualTo(9);
    assertThat(new HistogramSnapshot(new MetricMetadata("h", ""), List.of(withNaN)).dataPoints()).hasSize(1);
  }

  @Test
  void theViewAccessorsReadTheNativeBuckets() {
    NativeBuckets b = NativeBuckets.builder(-1).zeroThreshold(0.5).zeroCount(3).positive(-2, 2).positive(4, 6)
        .negative(1, 5).build();
    HistogramDataPointView v = new HistogramDataPoint(ClassicBuckets.of(INF, new long[] {16}), b, 1, Labels.EMPTY, 0, 0);
    assertThat(v.nativeSchema()).isEqualTo(-1);
    assertThat(v.nativeZeroThreshold()).isEqualTo(0.5);
    assertThat(v.nativeZeroCount()).isEqualTo(3);
    assertThat(v.nativePositiveBucketCount()).isEqualTo(2);
    assertThat(v.nativePositiveBucketIndex(1)).isEqualTo(4);
    assertThat(v.nativePositiveBucketValue(1)).isEqualTo(6);
    assertThat(v.nativeNegativeBucketCount()).isEqualTo(1);
    assertThat(v.nativeNegativeBucketIndex(0)).isEqualTo(1);
    assertThat(v.nativeNegativeBucketValue(0)).isEqualTo(5);

    HistogramDataPointView classic = new HistogramDataPoint(ClassicBuckets.of(INF, new long[] {1}), 1, Labels.EMPTY);
    assertThat(classic.hasNativeBuckets()).isFalse();
    assertThat(classic.nativePositiveBucketCount()).isZero();
    assertThatThrownBy(() -> classic.nativePositiveBucketIndex(0)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void aSnapshotRefusesNativeBucketsHoldingMoreThanItsCountNamingTheMetric() {
    NativeBuckets five = NativeBuckets.builder(0).positive(1, 5).build();
    HistogramDataPoint d = new HistogramDataPoint(ClassicBuckets.of(new double[] {1, Double.POSITIVE_INFINITY},
        new long[] {2, 4}), five, 3, Labels.of("path", "/a"), 0, 0);
    assertThatThrownBy(() -> new HistogramSnapshot(new MetricMetadata("rpc_seconds", ""), List.of(d)))
        .hasMessageContaining("histogram 'rpc_seconds'").hasMessageContaining("path")
        .hasMessageContaining("native buckets hold 5 observations, more than its count 4");
  }

  @Test
  void copyOfKeepsTheNativeBucketsOfAnyView() {
    NativeBuckets b = NativeBuckets.builder(5).zeroThreshold(1e-3).zeroCount(1).positive(-40, 2).positive(7, 3)
        .negative(12, 1).build();
    HistogramDataPointView live = liveView(b, 7, Labels.of("k", "v"));
    MetricSnapshot<?> copy = MetricSnapshot.copyOf(family(MetricType.GAUGE_HISTOGRAM, live));
    assertThat(copy.type()).isEqualTo(MetricType.GAUGE_HISTOGRAM);
    HistogramDataPoint d = (HistogramDataPoint) copy.dataPoints().get(0);
    assertThat(d.nativeBuckets()).isEqualTo(b);
    assertThat(d.count()).isEqualTo(7);
    assertThat(d.bucketCount()).isEqualTo(1);

    HistogramDataPointView classicOnly = new HistogramDataPoint(ClassicBuckets.of(INF, new long[] {1}), 1, Labels.EMPTY);
    HistogramDataPoint c = (HistogramDataPoint) MetricSnapshot.copyOf(family(MetricType.HISTOGRAM, classicOnly))
        .dataPoints().get(0);
    assertThat(c.nativeBuckets()).isNull();
  }

  @Test
  void copyOfABrokenLiveViewNamesTheMetricSeriesAndRule() {
    HistogramDataPointView broken = new HistogramDataPointView() {
      @Override public long count() { return 1; }
      @Override public double sum() { return 1; }
      @Override public int bucketCount() { return 1; }
      @Override public double upperBound(int i) { return Double.POSITIVE_INFINITY; }
      @Override public long cumulativeCount(int i) { return 1; }
      @Override public boolean hasNativeBuckets() { return true; }
      @Override public int nativeSchema() { return 12; }
      @Override public Labels labels() { return Labels.of("k", "v"); }
      @Override public long createdTimestampMillis() { return 0; }
      @Override public long scrapeTimestampMillis() { return 0; }
    };
    assertThatThrownBy(() -> MetricSnapshot.copyOf(family(MetricType.HISTOGRAM, broken)))
        .hasMessageContaining("histogram 'latency'").hasMessageContaining("k").hasMessageContaining("schema must be in");
  }

  /** A view that is not a snapshot, as a live histogram hands one out. */
  private static HistogramDataPointView liveView(NativeBuckets b, long count, Labels labels) {
    HistogramDataPoint inner = HistogramDataPoint.nativeOnly(b, count, 2.5, labels, 0, 0);
    return new HistogramDataPointView() {
      @Override public long count() { return inner.count(); }
      @Override public double sum() { return inner.sum(); }
      @Override public int bucketCount() { return inner.bucketCount(); }
      @Override public double upperBound(int i) { return inner.upperBound(i); }
      @Override public long cumulativeCount(int i) { return inner.cumulativeCount(i); }
      @Override public boolean hasNativeBuckets() { return true; }
      @Override public int nativeSchema() { return inner.nativeSchema(); }
      @Override public double nativeZeroThreshold() { return inner.nativeZeroThreshold(); }
      @Override public long nativeZeroCount() { return inner.nativeZeroCount(); }
      @Override public int nativePositiveBucketCount() { return inner.nativePositiveBucketCount(); }
      @Override public int nativePositiveBucketIndex(int i) { return inner.nativePositiveBucketIndex(i); }
      @Override public long nativePositiveBucketValue(int i) { return inner.nativePositiveBucketValue(i); }
      @Override public int nativeNegativeBucketCount() { return inner.nativeNegativeBucketCount(); }
      @Override public int nativeNegativeBucketIndex(int i) { return inner.nativeNegativeBucketIndex(i); }
      @Override public long nativeNegativeBucketValue(int i) { return inner.nativeNegativeBucketValue(i); }
      @Override public Labels labels() { return inner.labels(); }
      @Override public long createdTimestampMillis() { return inner.createdTimestampMillis(); }
      @Override public long scrapeTimestampMillis() { return inner.scrapeTimestampMillis(); }
    };
  }

  private static FamilyView family(MetricType type, HistogramDataPointView point) {
    return new FamilyView() {
      @Override public MetricMetadata metadata() { return new MetricMetadata("latency", "Latency."); }
      @Override public MetricType type() { return type; }
      @Override public void forEachDataPoint(DataPointVisitor visitor) throws IOException { visitor.histogram(point); }
      @Override public MetricSnapshot<?> snapshot() { return MetricSnapshot.copyOf(this); }
    };
  }
}
