package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.testsupport.Draw;
import io.promsdk.testsupport.Seeded;
import java.time.Duration;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A live native histogram, read as a scrape reads it, against the plain reference: the buckets at
 * the schema it shows are those the reference computes for the same observations, with every
 * count kept through resolution reductions, and classic buckets, count, sum and native buckets
 * agree.
 */
class NativeHistogramTest {

  /** Observations as a service sees them: mostly latencies, some zeros, negatives, extremes. */
  private static double observation(Random r) {
    switch (Draw.between(r, 0, 9)) {
      case 0:
        return 0.0;
      case 1:
        return -NativeBucketMathTest.magnitude(r);
      case 2:
        return NativeBucketMathTest.magnitude(r);
      default:
        return Math.pow(10, r.nextDouble() * 3 - 3); // 1 ms .. 1 s
    }
  }

  @Test
  void bucketsAreTheReferenceBucketsAtTheSchemaShown() {
    Seeded.check(300, r -> {
      int schema = Draw.between(r, -4, 8);
      int max = Draw.oneOf(r, 1, 2, 5, 20, 160, 1000);
      boolean nativeOnly = Draw.chance(r, 0.5);
      Histogram.Builder b = Histogram.builder().name("h").nativeInitialSchema(schema).nativeMaxNumberOfBuckets(max);
      Histogram h = (nativeOnly ? b.nativeOnly() : b).build();
      double[] values = Draw.doubles(r, 0, 300, NativeHistogramTest::observation);
      double sum = 0;
      for (double v : values) {
        h.observe(v);
        sum += v;
      }
      NativeReadout read = NativeReadout.read(h);
      String input = "schema " + schema + " max " + max + " values " + java.util.Arrays.toString(values);
      assertThat(read.hasNative()).as(input).isTrue();
      assertThat(read.count()).as(input).isEqualTo(values.length);
      assertThat(read.infClassicCount()).as(input).isEqualTo(values.length);
      assertThat(read.sum()).as(input).isEqualTo(sum);
      assertThat(read.zeroThreshold()).as(input).isEqualTo(Math.scalb(1.0, -128));
      assertThat(read.schema()).as(input).isBetween(-4, schema);
      assertThat(read.positive()).as(input)
          .isEqualTo(NativeReference.buckets(values, read.schema(), read.zeroThreshold(), true));
      assertThat(read.negative()).as(input)
          .isEqualTo(NativeReference.buckets(values, read.schema(), read.zeroThreshold(), false));
      assertThat(read.zeroCount()).as(input).isEqualTo(NativeReference.zeroCount(values, read.zeroThreshold()));
      if (read.schema() > -4) {
        assertThat(read.positive().size() + read.negative().size()).as(input).isLessThanOrEqualTo(max);
      }
      if (read.schema() < schema) {
        // Reduced no further than needed: one step finer, there are more than max buckets, or
        // the populated range of a sign is wider than the window limit.
        TreeMap<Integer, Long> p = NativeReference.buckets(values, read.schema() + 1, read.zeroThreshold(), true);
        TreeMap<Integer, Long> n = NativeReference.buckets(values, read.schema() + 1, read.zeroThreshold(), false);
        int windowLimit = (int) Math.min(Math.max(64, 8L * max), 1 << 16);
        boolean needed = p.size() + n.size() > max || span(p) > windowLimit || span(n) > windowLimit;
        assertThat(needed).as("schema %d was not needed: %s", read.schema() + 1, input).isTrue();
      }
    });
  }

  private static int span(TreeMap<Integer, Long> buckets) {
    // The infinity bucket lives outside the windows.
    TreeMap<Integer, Long> finite = new TreeMap<>(buckets);
    finite.keySet().removeIf(i -> i > 1 << 18);
    return finite.isEmpty() ? 0 : finite.lastKey() - finite.firstKey() + 1;
  }

  @Test
  void classicAndNativeBucketsCountTheSameObservations() {
    Histogram h = Histogram.builder().name("h").buckets(0.1, 1, 10).build();
    double[] values = {0.05, 0.1, 0.5, 1, 2, 20, -3, 0};
    for (double v : values) {
      h.observe(v);
    }
    NativeReadout read = NativeReadout.read(h);
    assertThat(read.cumulative()).containsExactly(4, 6, 7, 8);
    assertThat(read.count()).isEqualTo(8);
    assertThat(read.schema()).isEqualTo(5);
    assertThat(read.nativeTotal()).isEqualTo(8);
    assertThat(read.zeroCount()).isEqualTo(1);
    // 1 and 2 are exact powers of two: the upper bounds of buckets 0 and 32 at schema 5
    assertThat(read.positive()).containsEntry(0, 1L).containsEntry(32, 1L);
    assertThat(read.negative()).isEqualTo(NativeReference.buckets(values, 5, read.zeroThreshold(), false));
  }

  /**
   * The update decides "above the zero threshold and finite" on the value's bits: values at the
   * threshold, one step either side of it, the smallest and largest doubles and the infinities,
   * of both signs, go where the reference puts them, for thresholds from 0 up.
   */
  @Test
  void valuesAtTheZeroThresholdAndTheEndsOfTheDoublesGoWhereTheReferenceSays() {
    Seeded.check(200, r -> {
      double t = Draw.oneOf(r, 0.0, Double.MIN_VALUE, Double.MIN_NORMAL, Math.scalb(1.0, -128), 1e-3, 0.5,
          NativeBucketMathTest.magnitude(r) % 1.0);
      int schema = Draw.between(r, -4, 8);
      Histogram.Builder b = Histogram.builder().name("h").nativeInitialSchema(schema)
          .nativeMaxNumberOfBuckets(100_000).nativeMinZeroThreshold(t).nativeMaxZeroThreshold(t);
      Histogram h = (Draw.chance(r, 0.5) ? b.nativeOnly() : b).build();
      double[] edges = {t, Math.nextUp(t), t > 0 ? Math.nextDown(t) : 0.0, 0.0, Double.MIN_VALUE,
          Double.MIN_NORMAL, Double.MAX_VALUE, Double.POSITIVE_INFINITY, NativeBucketMathTest.magnitude(r)};
      double[] values = Draw.doubles(r, 1, 60, x -> (Draw.chance(x, 0.5) ? 1 : -1) * edges[Draw.between(x, 0, edges.length - 1)]);
      for (double v : values) {
        h.observe(v);
      }
      NativeReadout read = NativeReadout.read(h);
      String input = "threshold " + t + " schema " + schema + " values " + java.util.Arrays.toString(values);
      assertThat(read.zeroThreshold()).as(input).isEqualTo(t);
      // The bucket limit is not reached, but a window spanning the doubles' whole range lowers the
      // schema (see NativeSettings.windowLimit): compare at the schema shown.
      assertThat(read.schema()).as(input).isBetween(-4, schema);
      assertThat(read.count()).as(input).isEqualTo(values.length);
      assertThat(read.zeroCount()).as(input).isEqualTo(NativeReference.zeroCount(values, t));
      assertThat(read.positive()).as(input).isEqualTo(NativeReference.buckets(values, read.schema(), t, true));
      assertThat(read.negative()).as(input).isEqualTo(NativeReference.buckets(values, read.schema(), t, false));
    });
  }

  /**
   * The builder accepts a zero threshold of -0.0 (it is >= 0); the update's bit test must still
   * count zeros in the zero bucket, as the threshold +0.0 does, not in a native bucket far below
   * the smallest double (which then forces the schema down until it is folded into the zero
   * bucket).
   */
  @Test
  void aNegativeZeroThresholdCountsZerosInTheZeroBucket() {
    Histogram h = Histogram.builder().name("h").nativeOnly().nativeInitialSchema(3)
        .nativeMinZeroThreshold(-0.0).nativeMaxZeroThreshold(-0.0).build();
    h.observe(0.0);
    h.observe(-0.0);
    h.observe(1.0);
    NativeReadout read = NativeReadout.read(h);
    assertThat(read.schema()).isEqualTo(3); // no reduction: the zeros never were in a bucket
    assertThat(read.zeroCount()).isEqualTo(2);
    assertThat(read.negative()).isEmpty();
    assertThat(read.positive()).containsExactly(java.util.Map.entry(0, 1L));
  }

  @Test
  void infinitiesCountInTheBucketPastTheLargestDoubleAndNaNIsIgnored() {
    Histogram h = Histogram.builder().name("h").nativeOnly().build();
    h.observe(Double.POSITIVE_INFINITY);
    h.observe(Double.NEGATIVE_INFINITY);
    h.observe(Double.NEGATIVE_INFINITY);
    h.observe(Double.NaN);
    h.observe(1.0);
    NativeReadout read = NativeReadout.read(h);
    assertThat(read.count()).isEqualTo(4);
    assertThat(read.cumulative()).containsExactly(4); // native only: +Inf alone
    assertThat(read.sum()).isNaN(); // +Inf + -Inf, as the sum of these observations is
    int inf = NativeReference.index(Double.MAX_VALUE, 5) + 1;
    assertThat(read.positive()).containsExactly(java.util.Map.entry(0, 1L), java.util.Map.entry(inf, 1L));
    assertThat(read.negative()).containsExactly(java.util.Map.entry(inf, 2L));
  }

  @Test
  void resolutionReductionMergesPairsAndKeepsEveryCount() {
    // 1 ms .. 1 s spans 10 octaves: 320 buckets at schema 5, 160 at 4, 80 at 3.
    Histogram h = Histogram.builder().name("h").nativeOnly().nativeMaxNumberOfBuckets(100).build();
    int n = 0;
    double[] values = new double[2000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 0.001 * Math.pow(1000, i / (values.length - 1.0));
      h.observe(values[i]);
      n++;
    }
    NativeReadout read = NativeReadout.read(h);
    assertThat(read.schema()).isEqualTo(3);
    assertThat(read.nativeTotal()).isEqualTo(n);
    assertThat(read.positive()).isEqualTo(NativeReference.buckets(values, 3, read.zeroThreshold(), true));
  }

  @Test
  void theZeroBucketWidensBeforeTheResolutionIsReduced() {
    Histogram h = Histogram.builder().name("h").nativeOnly().nativeMaxNumberOfBuckets(3)
        .nativeMaxZeroThreshold(0.65).build();
    double[] values = {0.6, 0.7, 1.0, 1.5};
    for (double v : values) {
      h.observe(v);
    }
    NativeReadout read = NativeReadout.read(h);
    // Four buckets at schema 5; the lowest one's upper bound (just above 0.6) is within 0.65, so
    // the zero bucket takes it instead of halving the resolution.
    assertThat(read.schema()).isEqualTo(5);
    assertThat(read.zeroThreshold()).isEqualTo(NativeBucketMath.upperBound(NativeReference.index(0.6, 5), 5));
    assertThat(read.zeroCount()).isEqualTo(1);
    assertThat(read.positive()).isEqualTo(NativeReference.buckets(values, 5, read.zeroThreshold(), true));
    h.observe(0.5); // now within the zero bucket
    assertThat(NativeReadout.read(h).zeroCount()).isEqualTo(2);
    // The next lowest bucket's bound is past 0.65: pairs are merged instead, down to schema 0,
    // where 0.7 and 1.0 share bucket 0 (0.5, 1].
    h.observe(3.0);
    double[] all = {0.6, 0.7, 1.0, 1.5, 0.5, 3.0};
    NativeReadout after = NativeReadout.read(h);
    assertThat(after.schema()).isEqualTo(0);
    assertThat(after.zeroThreshold()).isEqualTo(read.zeroThreshold());
    assertThat(after.zeroCount()).isEqualTo(2);
    assertThat(after.positive()).isEqualTo(NativeReference.buckets(all, 0, after.zeroThreshold(), true))
        .hasSize(3);
  }

  @Test
  void aReducedSeriesResetsAfterTheResetDurationWithANewCreatedTimestamp() {
    AtomicLong now = new AtomicLong(1_000_000);
    Histogram h = Histogram.builder().name("h").nativeOnly().nativeMaxNumberOfBuckets(2)
        .nativeResetDuration(Duration.ofHours(24)).nativeClock(now::get).build();
    h.observe(1);
    h.observe(2);
    h.observe(4);
    NativeReadout reduced = NativeReadout.read(h);
    assertThat(reduced.schema()).isLessThan(5);
    assertThat(reduced.createdMillis()).isEqualTo(1_000_000);
    now.addAndGet(Duration.ofHours(24).toMillis() - 1);
    assertThat(NativeReadout.read(h).count()).isEqualTo(3); // not yet due
    now.addAndGet(1);
    // The scrape at the deadline still shows the period that ends ...
    assertThat(NativeReadout.read(h).count()).isEqualTo(3);
    // ... the next one starts over at full resolution.
    NativeReadout fresh = NativeReadout.read(h);
    assertThat(fresh.count()).isZero();
    assertThat(fresh.nativeTotal()).isZero();
    assertThat(fresh.sum()).isZero();
    assertThat(fresh.createdMillis()).isEqualTo(1_000_000 + Duration.ofHours(24).toMillis());
    h.observe(1);
    NativeReadout again = NativeReadout.read(h);
    assertThat(again.schema()).isEqualTo(5);
    assertThat(again.count()).isEqualTo(1);
    assertThat(again.positive()).containsExactly(java.util.Map.entry(0, 1L));
  }

  @Test
  void aSeriesAtFullResolutionIsNotReset() {
    AtomicLong now = new AtomicLong(0);
    Histogram h = Histogram.builder().name("h").nativeResetDuration(Duration.ofMinutes(1)).nativeClock(now::get).build();
    h.observe(1);
    now.addAndGet(Duration.ofHours(1).toMillis());
    NativeReadout.read(h);
    assertThat(NativeReadout.read(h).count()).isEqualTo(1);
  }

  @Test
  void classicOnlyHasNoNativeBuckets() {
    Histogram h = Histogram.builder().name("h").classicOnly().build();
    h.observe(1);
    NativeReadout read = NativeReadout.read(h);
    assertThat(read.hasNative()).isFalse();
    assertThat(read.positive()).isEmpty();
    assertThat(read.count()).isEqualTo(1);
  }

  @Test
  void contradictoryOrOutOfRangeOptionsAreRefusedNamingTheMetricAndRule() {
    assertThatThrownBy(() -> Histogram.builder().name("h").nativeOnly().classicOnly().build())
        .hasMessageContaining("'h'").hasMessageContaining("exclude each other");
    assertThatThrownBy(() -> Histogram.builder().name("h").classicOnly().nativeInitialSchema(3).build())
        .hasMessageContaining("classicOnly()");
    assertThatThrownBy(() -> Histogram.builder().name("h").nativeOnly().buckets(1, 2).build())
        .hasMessageContaining("nativeOnly()");
    assertThatThrownBy(() -> Histogram.builder().name("h").nativeInitialSchema(9).build())
        .hasMessageContaining("-4..8").hasMessageContaining("9");
    assertThatThrownBy(() -> Histogram.builder().name("h").nativeInitialSchema(-5).build())
        .hasMessageContaining("-4..8");
    assertThatThrownBy(() -> Histogram.builder().name("h").nativeMaxNumberOfBuckets(0).build())
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> Histogram.builder().name("h").nativeMinZeroThreshold(-1).build())
        .hasMessageContaining("nativeMinZeroThreshold");
    assertThatThrownBy(() -> Histogram.builder().name("h").nativeMinZeroThreshold(0.1).nativeMaxZeroThreshold(0.01).build())
        .hasMessageContaining("nativeMaxZeroThreshold");
    assertThatThrownBy(() -> Histogram.builder().name("h").nativeResetDuration(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("nativeResetDuration");
    // A minimum above the default maximum raises the maximum with it, as in client_java.
    assertThat(Histogram.builder().name("h").nativeMinZeroThreshold(0.1).build()).isNotNull();
  }
}
