package io.promsdk.core.model;

/** Immutable quantile/value pairs of a summary, ordered by quantile. */
public final class Quantiles {
  public static final Quantiles EMPTY = new Quantiles(new double[0], new double[0]);

  private final double[] quantiles;
  private final double[] values;

  private Quantiles(double[] quantiles, double[] values) {
    this.quantiles = quantiles;
    this.values = values;
  }

  /** Pairs of quantile (in [0, 1], ascending) and value; arrays are copied. */
  public static Quantiles of(double[] quantiles, double[] values) {
    if (quantiles.length != values.length) {
      throw new IllegalArgumentException("need one value per quantile");
    }
    for (int i = 0; i < quantiles.length; i++) {
      if (!(quantiles[i] >= 0 && quantiles[i] <= 1) || (i > 0 && quantiles[i] <= quantiles[i - 1])) {
        throw new IllegalArgumentException("quantiles must be ascending and within [0, 1]: " + quantiles[i]);
      }
    }
    return quantiles.length == 0 ? EMPTY : new Quantiles(quantiles.clone(), values.clone());
  }

  public int size() {
    return quantiles.length;
  }

  public double quantile(int i) {
    return quantiles[i];
  }

  /** The estimated value at {@link #quantile(int)}; NaN when there were no observations. */
  public double value(int i) {
    return values[i];
  }
}
