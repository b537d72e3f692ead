package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.testsupport.Draw;
import io.promsdk.testsupport.Seeded;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CkmsQuantilesTest {

  static final double[] QUANTILES = {0.5, 0.9, 0.95, 0.99};
  static final double[] ERRORS = {0.05, 0.01, 0.005, 0.001};

  /** Input shapes for accuracy tests, each deterministic for a seed. */
  enum Distribution {
    UNIFORM, EXPONENTIAL, GAUSSIAN, DUPLICATE_HEAVY, SORTED, REVERSE_SORTED;

    double[] generate(int n, long seed) {
      Random random = new Random(seed);
      double[] values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = switch (this) {
          case UNIFORM -> random.nextDouble();
          case EXPONENTIAL -> -Math.log(1 - random.nextDouble());
          case GAUSSIAN -> random.nextGaussian() * 1e3; // negative values too
          // 60% zeros, a few dozen distinct small integers, rare huge outliers.
          case DUPLICATE_HEAVY -> random.nextDouble() < 0.6 ? 0
              : random.nextDouble() < 0.001 ? 1e9 : Math.floor(-Math.log(1 - random.nextDouble()) * 3);
          case SORTED -> i;
          case REVERSE_SORTED -> n - i;
        };
      }
      return values;
    }
  }

  /**
   * Asserts the targeted-quantile guarantee: {@code estimate} is an observed value whose rank
   * interval [count(&lt; v), count(&le; v)] intersects [(q-ε)n, (q+ε)n].
   */
  static void assertWithinRankError(double[] sortedExact, double q, double epsilon, double estimate) {
    int n = sortedExact.length;
    int below = lowerBound(sortedExact, estimate);
    int atOrBelow = upperBound(sortedExact, estimate);
    double slack = 1e-9 * n; // (q±ε)·n is itself rounded
    double lo = (q - epsilon) * n - slack;
    double hi = (q + epsilon) * n + slack;
    assertThat(atOrBelow)
        .as("q=%s ε=%s: estimate %s must be an observed value", q, epsilon, estimate)
        .isGreaterThan(below);
    assertThat(atOrBelow >= lo && below <= hi)
        .as("q=%s ε=%s n=%s: estimate %s has ranks [%s, %s], allowed [%s, %s]",
            q, epsilon, n, estimate, below, atOrBelow, lo, hi)
        .isTrue();
  }

  private static int lowerBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Inserts {@code values} in sorted chunks of {@code batchSize}, checking structure each time. */
  static void insertInBatches(CkmsQuantiles ckms, double[] values, int batchSize) {
    double[] batch = new double[batchSize];
    for (int from = 0; from < values.length; from += batchSize) {
      int len = Math.min(batchSize, values.length - from);
      System.arraycopy(values, from, batch, 0, len);
      Arrays.sort(batch, 0, len);
      ckms.insertSorted(batch, 0, len);
    }
  }

  /** Rank bookkeeping: g sums to n, values ascend, the extremes are kept exactly. */
  static void assertWellFormed(CkmsQuantiles ckms, double[] observedSoFar) {
    double[][] samples = ckms.samples();
    assertThat(samples.length).isEqualTo(ckms.sampleCount());
    long sumG = 0;
    for (int i = 0; i < samples.length; i++) {
      assertThat(samples[i][1]).as("g of sample %s", i).isGreaterThanOrEqualTo(1);
      assertThat(samples[i][2]).as("delta of sample %s", i).isGreaterThanOrEqualTo(0);
      if (i > 0) {
        assertThat(samples[i][0]).as("order at %s", i).isGreaterThanOrEqualTo(samples[i - 1][0]);
      }
      sumG += (long) samples[i][1];
    }
    assertThat(sumG).isEqualTo(ckms.count());
    if (samples.length > 0) {
      double min = Arrays.stream(observedSoFar).min().orElseThrow();
      double max = Arrays.stream(observedSoFar).max().orElseThrow();
      assertThat(samples[0]).containsExactly(min, 1, 0);
      assertThat(samples[samples.length - 1][0]).isEqualTo(max);
      assertThat(samples[samples.length - 1][2]).isZero();
    }
  }

  @Test
  void emptyEstimatorReturnsNaN() {
    CkmsQuantiles ckms = new CkmsQuantiles(QUANTILES, ERRORS);
    for (double q : QUANTILES) {
      assertThat(ckms.get(q)).isNaN();
    }
    assertThat(ckms.count()).isZero();
  }

  @Test
  void smallCountsGiveWhatClientJavaReports() {
    double[] values = {0.5, 1.5, 1.7, 2.5, 3.5, 4.5, 5.5, 2.2, 0.9, 3.3};
    CkmsQuantiles ckms = new CkmsQuantiles(new double[] {0.5, 0.9, 0.99},
        new double[] {0.05, 0.01, 0.001});
    insertInBatches(ckms, values, values.length);
    assertThat(ckms.get(0.5)).isEqualTo(2.2);
    assertThat(ckms.get(0.9)).isEqualTo(4.5);
    assertThat(ckms.get(0.99)).isEqualTo(5.5);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 64, 512, 5000})
  void staysWithinRankErrorForAnyBatchSize(int batchSize) {
    for (Distribution d : Distribution.values()) {
      double[] values = d.generate(100_000, batchSize);
      CkmsQuantiles ckms = new CkmsQuantiles(QUANTILES, ERRORS);
      insertInBatches(ckms, values, batchSize);
      assertWellFormed(ckms, values);
      double[] exact = values.clone();
      Arrays.sort(exact);
      for (int i = 0; i < QUANTILES.length; i++) {
        assertWithinRankError(exact, QUANTILES[i], ERRORS[i], ckms.get(QUANTILES[i]));
      }
    }
  }

  @Test
  void keepsFewSamplesForAMillionObservations() {
    double[] values = Distribution.EXPONENTIAL.generate(1_000_000, 7);
    CkmsQuantiles ckms = new CkmsQuantiles(QUANTILES, ERRORS);
    insertInBatches(ckms, values, 512);
    // Measured: 41. The paper's bound for these targets is a few hundred.
    assertThat(ckms.sampleCount()).isBetween(10, 200);
    double[] exact = values.clone();
    Arrays.sort(exact);
    for (int i = 0; i < QUANTILES.length; i++) {
      assertWithinRankError(exact, QUANTILES[i], ERRORS[i], ckms.get(QUANTILES[i]));
    }
  }

  @Test
  void minimumAndMaximumAreExact() {
    double[] values = Distribution.GAUSSIAN.generate(50_000, 3);
    CkmsQuantiles ckms = new CkmsQuantiles(new double[] {0, 0.5, 1}, new double[] {0, 0.05, 0});
    insertInBatches(ckms, values, 100);
    assertThat(ckms.get(0)).isEqualTo(Arrays.stream(values).min().orElseThrow());
    assertThat(ckms.get(1)).isEqualTo(Arrays.stream(values).max().orElseThrow());
    assertThat(ckms.sampleCount()).isLessThan(100);
  }

  @Test
  void zeroErrorKeepsEverythingExact() {
    double[] values = Distribution.UNIFORM.generate(10_000, 4);
    CkmsQuantiles ckms = new CkmsQuantiles(new double[] {0.3, 0.95}, new double[] {0.01, 0});
    insertInBatches(ckms, values, 77);
    assertThat(ckms.sampleCount()).isEqualTo(values.length);
    double[] exact = values.clone();
    Arrays.sort(exact);
    assertThat(ckms.get(0.95)).isEqualTo(exact[(int) Math.ceil(0.95 * exact.length) - 1]);
  }

  @Test
  void onlyExtremesConfiguredCollapsesToTwoSamples() {
    double[] values = Distribution.UNIFORM.generate(10_000, 5);
    CkmsQuantiles ckms = new CkmsQuantiles(new double[] {0, 1}, new double[] {0, 0});
    insertInBatches(ckms, values, 256);
    assertThat(ckms.sampleCount()).isEqualTo(2);
    assertWellFormed(ckms, values);
  }

  @Test
  void resetForgetsObservationsAndKeepsWorking() {
    CkmsQuantiles ckms = new CkmsQuantiles(QUANTILES, ERRORS);
    insertInBatches(ckms, Distribution.UNIFORM.generate(10_000, 6), 512);
    ckms.reset();
    assertThat(ckms.count()).isZero();
    assertThat(ckms.sampleCount()).isZero();
    assertThat(ckms.get(0.5)).isNaN();
    double[] values = Distribution.EXPONENTIAL.generate(10_000, 8);
    insertInBatches(ckms, values, 512);
    assertWellFormed(ckms, values);
    double[] exact = values.clone();
    Arrays.sort(exact);
    for (int i = 0; i < QUANTILES.length; i++) {
      assertWithinRankError(exact, QUANTILES[i], ERRORS[i], ckms.get(QUANTILES[i]));
    }
  }

  @Test
  void rejectsInvalidTargets() {
    assertThatThrownBy(() -> new CkmsQuantiles(new double[0], new double[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    assertThatThrownBy(() -> new CkmsQuantiles(new double[] {0.5}, new double[] {0.1, 0.2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one error per quantile");
    for (double q : new double[] {-0.01, 1.01, Double.NaN}) {
      assertThatThrownBy(() -> new CkmsQuantiles(new double[] {q}, new double[] {0.01}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("within [0, 1]");
    }
    for (double e : new double[] {-0.01, 1.01, Double.NaN}) {
      assertThatThrownBy(() -> new CkmsQuantiles(new double[] {0.5}, new double[] {e}))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("error of quantile 0.5");
    }
    assertThatThrownBy(() -> new CkmsQuantiles(new double[] {0.5, 0.5}, new double[] {0.1, 0.2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate quantile");
  }

  @Test
  void everyConfiguredQuantileIsWithinItsRankError() {
    Seeded.check(300, random -> {
      double[] values = observations(random);
      double[][] targets = targets(random);
      int batchSize = Draw.between(random, 1, 700);
      everyConfiguredQuantileIsWithinItsRankError(values, targets, batchSize);
    });
  }

  private static void everyConfiguredQuantileIsWithinItsRankError(double[] values, double[][] targets, int batchSize) {
    double[] quantiles = targets[0];
    double[] errors = targets[1];
    CkmsQuantiles ckms = new CkmsQuantiles(quantiles, errors);
    double[] batch = new double[batchSize];
    int batches = (values.length + batchSize - 1) / batchSize;
    int checkEvery = Math.max(1, batches / 8); // checking after every batch would be quadratic
    for (int k = 0, from = 0; from < values.length; k++, from += batchSize) {
      int len = Math.min(batchSize, values.length - from);
      System.arraycopy(values, from, batch, 0, len);
      Arrays.sort(batch, 0, len);
      ckms.insertSorted(batch, 0, len);
      if (k % checkEvery != 0 && k != batches - 1) {
        continue;
      }
      double[] seen = Arrays.copyOf(values, from + len);
      assertWellFormed(ckms, seen);
      Arrays.sort(seen);
      for (int i = 0; i < quantiles.length; i++) {
        assertWithinRankError(seen, quantiles[i], errors[i], ckms.get(quantiles[i]));
      }
    }
  }

  /** 1 to 3000 values: 3 in 5 decimals in ±1e6, 2 in 5 small integers (many duplicates). */
  private static double[] observations(Random random) {
    return Draw.doubles(random, 1, 3000, r -> r.nextInt(5) < 3
        ? Draw.between(r, -1e6, 1e6, 2)
        : Draw.between(r, -3, 3));
  }

  /**
   * 1 to 4 targets with distinct quantiles: {quantiles, errors}. Quantiles in [0, 1] with three
   * places, or exactly 0 or 1 one time in nine; errors in [0, 0.2] with four places, or exactly
   * 0 or 1 one time in nine.
   */
  private static double[][] targets(Random random) {
    int n = Draw.between(random, 1, 4);
    double[] quantiles = new double[n];
    double[] errors = new double[n];
    for (int i = 0; i < n; i++) {
      double q;
      do {
        q = random.nextInt(9) < 8 ? Draw.between(random, 0.0, 1.0, 3) : Draw.oneOf(random, 0.0, 1.0);
      } while (contains(quantiles, i, q));
      quantiles[i] = q;
      errors[i] = random.nextInt(9) < 8 ? Draw.between(random, 0.0, 0.2, 4) : Draw.oneOf(random, 0.0, 1.0);
    }
    return new double[][] {quantiles, errors};
  }

  private static boolean contains(double[] values, int length, double v) {
    for (int i = 0; i < length; i++) {
      if (values[i] == v) {
        return true;
      }
    }
    return false;
  }
}
