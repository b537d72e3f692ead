package io.promsdk.core.metrics;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cardinality limit of one labelled metric: how many label sets it keeps, what happens to the
 * next ones, how many were refused, and the one log line about it.
 *
 * <p>The maximum is fixed by the builder, or else taken from the registry the metric is
 * registered with (its {@code defaultCardinalityLimit}); it is only read on a lookup that misses.
 */
final class LabelSetLimit {
  /** No limit: the default, as in client_java (see the core README for why). */
  static final int UNLIMITED = Integer.MAX_VALUE;
  private static final System.Logger LOG = System.getLogger(LabelledMetric.class.getName());

  private final boolean own;
  private volatile int max;
  final CardinalityOverflow overflow;
  /** Label sets refused so far: the value of the self-metric. */
  final LongAdder refused = new LongAdder();
  private final AtomicBoolean logged = new AtomicBoolean();

  /** {@code max}: the builder's limit, or 0 for none of its own. */
  LabelSetLimit(int max, CardinalityOverflow overflow) {
    this.own = max > 0;
    this.max = own ? max : UNLIMITED;
    this.overflow = overflow;
  }

  int max() {
    return max;
  }

  /** A registry's default, which applies unless the builder set a limit. */
  void applyDefault(int registryDefault) {
    if (!own) {
      max = registryDefault;
    }
  }

  /** Counts a refused label set of {@code metric}, logging the first. */
  void refuse(LabelledMetric<?> metric) {
    refused.increment();
    if (!logged.get() && logged.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, metric + " reached its cardinality limit of " + max
          + " label sets " + Arrays.toString(metric.labelNames) + ": "
          + (overflow == CardinalityOverflow.DROP ? "new label sets are dropped (not recorded)"
              : "new label sets are recorded in one series with every variable label set to \""
                  + CardinalityOverflow.LABEL_VALUE + "\"")
          + "; counted in promsdk_cardinality_limit_exceeded_total{metric=\"" + metric.name()
          + "\"}, logged once. Raise it with .cardinalityLimit(n) if these label sets are bounded,"
          + " or stop feeding unbounded values (ids, raw paths) to a label.");
    }
  }
}
