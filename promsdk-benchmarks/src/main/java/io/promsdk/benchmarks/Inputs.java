package io.promsdk.benchmarks;

import java.util.SplittableRandom;

/** The inputs every library gets: the same label values, the same observations, in the same order. */
public final class Inputs {
  private Inputs() {}

  /** Label names of the labelled counter: two labels, as on a typical request counter. */
  public static final String[] LABEL_NAMES = {"method", "status"};

  /** How many label value pairs the labelled benchmarks cycle through (a power of two). */
  public static final int LABEL_SETS = 8;

  public static final int LABEL_MASK = LABEL_SETS - 1;

  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
  private static final String[] STATUSES = {"200", "404"};

  /** Value of label {@code method} in set i; built once, never concatenated on the hot path. */
  public static final String[] METHOD = new String[LABEL_SETS];

  /** Value of label {@code status} in set i. */
  public static final String[] STATUS = new String[LABEL_SETS];

  /** Dropwizard has no labels: set i as one pre-built metric name. */
  public static final String[] DROPWIZARD_NAME = new String[LABEL_SETS];

  static {
    for (int i = 0; i < LABEL_SETS; i++) {
      METHOD[i] = METHODS[i % METHODS.length];
      STATUS[i] = STATUSES[i / METHODS.length];
      DROPWIZARD_NAME[i] = "requests." + METHOD[i] + "." + STATUS[i];
    }
  }

  /** How many observations the histogram and summary benchmarks cycle through (a power of two). */
  public static final int OBSERVATIONS = 4096;

  public static final int OBSERVATION_MASK = OBSERVATIONS - 1;

  /**
   * Latency-like values in seconds, log-uniform from 1 ms to 20 s, so that every one of the 11
   * default buckets and +Inf gets hits and the bucket search is not always the same length.
   */
  public static final double[] OBSERVATION = new double[OBSERVATIONS];

  static {
    SplittableRandom random = new SplittableRandom(42);
    double lo = Math.log(0.001);
    double hi = Math.log(20);
    for (int i = 0; i < OBSERVATIONS; i++) {
      OBSERVATION[i] = Math.exp(lo + random.nextDouble() * (hi - lo));
    }
  }

  /** The default classic buckets of client_golang, client_java, simpleclient and promsdk. */
  public static final double[] DEFAULT_BUCKETS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};

  /** The summary's quantiles and their allowed rank errors, as in the issue. */
  public static final double[] QUANTILES = {0.5, 0.95, 0.99};

  public static final double[] QUANTILE_ERRORS = {0.05, 0.005, 0.001};
}
