package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.testsupport.Draw;
import io.promsdk.testsupport.Seeded;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bucket index of a value at every schema equals the exact reference's, bucket bounds and
 * exact powers of two included, and coarsening an index is the index at the coarser schema.
 */
class NativeBucketMathTest {

  /** A positive finite double, biased to the cases that break bucket arithmetic. */
  static double magnitude(Random r) {
    switch (Draw.between(r, 0, 7)) {
      case 0:
        return Math.scalb(1.0, Draw.between(r, -1074, 1023)); // an exact power of two
      case 1:
        return Double.longBitsToDouble(1 + (r.nextLong() & 0xF_FFFF_FFFF_FFFFL) % 0xF_FFFF_FFFF_FFFFL); // subnormal
      case 2: { // next to a bucket bound, from a rounded estimate of it
        int s = Draw.between(r, -4, 8);
        int i = Draw.between(r, -3000, 3000) << Math.max(0, s) >> 2;
        double bound = Math.pow(2, i / Math.pow(2, s));
        if (!(bound > 0) || Double.isInfinite(bound)) {
          return 1.0;
        }
        for (int k = Draw.between(r, -3, 3); k != 0; k += k > 0 ? -1 : 1) {
          bound = k > 0 ? Math.nextUp(bound) : Math.nextDown(bound);
        }
        return bound > 0 && !Double.isInfinite(bound) ? bound : 1.0;
      }
      case 3:
        return Draw.oneOf(r, Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
            Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE), 1.0, Math.nextUp(1.0), Math.nextDown(1.0), 0.5, 2.0);
      case 4: // latencies
        return Math.pow(10, r.nextDouble() * 8 - 6);
      default: { // any bit pattern of a positive finite double
        double v = Double.longBitsToDouble(r.nextLong() & Long.MAX_VALUE);
        return v > 0 && !Double.isInfinite(v) && !Double.isNaN(v) ? v : 3.0;
      }
    }
  }

  @Test
  void indexIsTheExactBucketAtEverySchema() {
    Seeded.check(3000, r -> {
      double v = magnitude(r);
      for (int s = -4; s <= 8; s++) {
        assertThat(NativeBucketMath.index(v, s)).as("index of %s (bits %x) at schema %d", v,
            Double.doubleToRawLongBits(v), s).isEqualTo(NativeReference.index(v, s));
      }
    });
  }

  @Test
  void everyExactPowerOfTwoIsTheUpperBoundOfItsBucket() {
    for (int e = -1074; e <= 1023; e++) {
      double v = Math.scalb(1.0, e);
      for (int s = -4; s <= 8; s++) {
        assertThat(NativeBucketMath.index(v, s)).as("2^%d at schema %d", e, s).isEqualTo(NativeReference.index(v, s));
      }
    }
  }

  @Test
  void coarseningAnIndexGivesTheIndexAtTheCoarserSchema() {
    Seeded.check(2000, r -> {
      double v = magnitude(r);
      int s = Draw.between(r, -3, 8);
      int by = Draw.between(r, 1, s + 4);
      assertThat(NativeBucketMath.downscale(NativeBucketMath.index(v, s), by)).as("%s from schema %d down %d", v, s, by)
          .isEqualTo(NativeBucketMath.index(v, s - by));
    });
  }

  @Test
  void upperBoundIsInItsBucketAndTheNextDoubleIsNot() {
    Seeded.check(2000, r -> {
      int s = Draw.between(r, -4, 8);
      int i = Draw.between(r, -1000 << Math.max(s, 0), 1000 << Math.max(s, 0)) >> Math.max(0, -s);
      double bound = NativeBucketMath.upperBound(i, s);
      if (bound >= Double.MIN_NORMAL && bound < Double.MAX_VALUE) {
        assertThat(NativeReference.index(bound, s)).as("bound %s of %d at schema %d", bound, i, s).isEqualTo(i);
        assertThat(NativeReference.index(Math.nextUp(bound), s)).as("above bound of %d", i).isEqualTo(i + 1);
      }
    });
  }

  @Test
  void infinityIsOnePastTheLargestDouble() {
    for (int s = -4; s <= 8; s++) {
      assertThat(NativeBucketMath.infinityIndex(s)).isEqualTo(NativeReference.index(Double.MAX_VALUE, s) + 1);
      // and stays so when coarsened, so the infinity bucket never merges with a finite one
      if (s > -4) {
        assertThat(NativeBucketMath.downscale(NativeBucketMath.infinityIndex(s), 1)).isEqualTo(NativeBucketMath.infinityIndex(s - 1));
      }
    }
  }
}
