package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.model.ClassicBuckets;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import org.junit.jupiter.api.Test;

class HistogramTest {

  @Test
  void seedSampleBucketsCountAndSum() {
    Histogram h = Histogram.builder().name("task_time_histogram").help("task time histogram")
        .buckets(1, 2, 3, 4, 5).build();
    for (double v : new double[] {0.5, 1.5, 1.7, 2.5, 3.5, 4.5, 5.5, 2.2, 0.9, 3.3}) {
      h.observe(v);
    }
    HistogramDataPoint p = h.snapshot().dataPoints().get(0);
    ClassicBuckets b = p.buckets();
    assertThat(b.size()).isEqualTo(6);
    long[] expected = {2, 4, 6, 8, 9, 10};
    for (int i = 0; i < 6; i++) {
      assertThat(b.cumulativeCount(i)).as("bucket %s", b.upperBound(i)).isEqualTo(expected[i]);
    }
    assertThat(b.upperBound(5)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(p.count()).isEqualTo(10);
    assertThat(p.sum()).isEqualTo(26.099999999999998);
  }

  @Test
  void theDefaultBucketsAreACopyNoCallerCanChangeForOthers() {
    double[] mine = Histogram.defaultBuckets();
    assertThat(mine).containsExactly(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10);
    mine[0] = 42;
    assertThat(Histogram.defaultBuckets()[0]).isEqualTo(.005);
    assertThat(Histogram.builder().name("h").build().snapshot().dataPoints().get(0).upperBound(0))
        .isEqualTo(.005);
  }

  @Test
  void explicitInfAsInTheSeedIsNotDoubled() {
    Histogram h = Histogram.builder().name("h").buckets(1, 2, 3, 4, 5, Double.POSITIVE_INFINITY).build();
    assertThat(h.snapshot().dataPoints().get(0).buckets().size()).isEqualTo(6);
  }

  @Test
  void boundaryValuesGoIntoTheirBucketAndNaNIsIgnored() {
    Histogram h = Histogram.builder().name("h").buckets(1, 2).build();
    h.observe(1);
    h.observe(2);
    h.observe(Double.NaN); // would poison _sum forever, and OpenMetrics then drops _count and _sum
    h.observe(-100);
    h.observe(3);
    ClassicBuckets b = h.snapshot().dataPoints().get(0).buckets();
    assertThat(b.cumulativeCount(0)).isEqualTo(2);
    assertThat(b.cumulativeCount(1)).isEqualTo(3);
    assertThat(b.cumulativeCount(2)).isEqualTo(4);
    assertThat(h.snapshot().dataPoints().get(0).sum()).isEqualTo(-94);
  }

  @Test
  void manyBucketsUseTheSameRulesAsFew() {
    for (int count : new int[] {1, 11, 16, 17, 100}) {
      double[] bounds = Histogram.linearBuckets(0, 1, count);
      Histogram h = Histogram.builder().name("h" + count).buckets(bounds).build();
      double[] special = {Double.NEGATIVE_INFINITY, -0.0, 0.0, Math.nextDown(1.0), Math.nextUp(1.0),
          Double.MAX_VALUE, Double.POSITIVE_INFINITY};
      for (double v = -1; v <= count + 1; v += 0.5) {
        assertThat(h.bucketIndex(v)).as("%d bounds, value %s", count, v).isEqualTo(firstBoundAtLeast(bounds, v));
      }
      for (double v : special) {
        assertThat(h.bucketIndex(v)).as("%d bounds, value %s", count, v).isEqualTo(firstBoundAtLeast(bounds, v));
      }
      assertThat(h.bucketIndex(Double.NaN)).isEqualTo(count);
    }
  }

  private static int firstBoundAtLeast(double[] bounds, double v) {
    int i = 0;
    while (i < bounds.length && v > bounds[i]) {
      i++;
    }
    return i;
  }

  @Test
  void defaultBucketsAreThoseOfTheOtherOfficialClients() {
    ClassicBuckets b = Histogram.builder().name("h").build().snapshot().dataPoints().get(0).buckets();
    assertThat(b.size()).isEqualTo(12);
    assertThat(b.upperBound(0)).isEqualTo(0.005);
    assertThat(b.upperBound(10)).isEqualTo(10);
  }

  @Test
  void bucketHelpers() {
    assertThat(Histogram.linearBuckets(1, 0.5, 3)).containsExactly(1, 1.5, 2);
    assertThat(Histogram.exponentialBuckets(1, 2, 4)).containsExactly(1, 2, 4, 8);
    assertThatThrownBy(() -> Histogram.linearBuckets(1, 0, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Histogram.exponentialBuckets(0, 2, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Histogram.exponentialBuckets(1, 1, 3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badBucketsAreRefusedWithTheMetricNamed() {
    assertThatThrownBy(() -> Histogram.builder().name("latency").buckets(1, 3, 2).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'latency'")
        .hasMessageContaining("ascending");
    assertThatThrownBy(() -> Histogram.builder().name("latency").buckets(1, 1).build())
        .hasMessageContaining("duplicates");
    assertThatThrownBy(() -> Histogram.builder().name("latency").buckets(1, Double.NaN).build())
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> Histogram.builder().name("latency").buckets(Double.POSITIVE_INFINITY, 5).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void leIsReserved() {
    assertThatThrownBy(() -> Histogram.builder().name("latency").labelNames("le").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("histogram 'latency'").hasMessageContaining("'le'").hasMessageContaining("reserved");
    assertThatThrownBy(() -> Histogram.builder().name("latency").constLabel("le", "1").build())
        .hasMessageContaining("'le'");
  }

  @Test
  void timerObservesSeconds() {
    Histogram h = Histogram.builder().name("d_seconds").buckets(0.001, 10).build();
    try (Timer t = h.startTimer()) {
      GaugeTest.sleep(5);
    }
    assertThat(h.time(() -> 42)).isEqualTo(42);
    HistogramDataPoint p = h.snapshot().dataPoints().get(0);
    assertThat(p.count()).isEqualTo(2);
    assertThat(p.buckets().cumulativeCount(1) - p.buckets().cumulativeCount(0)).isGreaterThanOrEqualTo(1);
    assertThat(p.sum()).isBetween(0.004, 20.0);
  }

  @Test
  void repeatedScrapesKeepCumulativeTotals() {
    Histogram h = Histogram.builder().name("h").buckets(1).build();
    for (int round = 1; round <= 5; round++) {
      h.observe(0.5);
      h.observe(2);
      HistogramDataPoint p = h.snapshot().dataPoints().get(0);
      assertThat(p.count()).isEqualTo(2L * round);
      assertThat(p.buckets().cumulativeCount(0)).isEqualTo(round);
      assertThat(p.sum()).isEqualTo(2.5 * round);
    }
  }
}
