package io.promsdk.exposition;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.CounterWithCallback;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.GaugeWithCallback;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Info;
import io.promsdk.core.metrics.Metric;
import io.promsdk.core.metrics.StateSet;
import io.promsdk.core.metrics.Summary;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.Unit;
import java.util.List;
import java.util.Random;

/**
 * Registries of real metrics of every kind, filled from a seed: labels with hostile values,
 * constant labels, units, fractional counter increments, negative and non-finite gauge values,
 * histograms with negative bounds, summaries with and without quantiles, empty metrics, callbacks,
 * and a custom collector of given snapshot families.
 */
final class RandomRegistries {
  private static final String[] VALUES = {"", "GET", "a\"b", "back\\slash", "line\nfeed", "ü☃𝄞", "0", "x y"};
  private static final double[] NUMBERS = {0, 1, 0.5, -2.25, 1e300, Double.NaN,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3, 1e-9, 123456.789};

  private RandomRegistries() {}

  /** A registry of random metrics and, if {@code custom} is not empty, a collector of it. */
  static CollectorRegistry registry(long seed, List<MetricSnapshot<?>> custom) {
    Random r = new Random(seed);
    CollectorRegistry registry = new CollectorRegistry();
    int metrics = r.nextInt(12);
    for (int i = 0; i < metrics; i++) {
      registry.register(metric("m" + i, r));
    }
    if (!custom.isEmpty()) {
      registry.register(() -> custom); // a custom collector: written from its snapshots
    }
    return registry;
  }

  private static Metric metric(String name, Random r) {
    String[] labels = r.nextBoolean() ? new String[0] : r.nextBoolean() ? new String[] {"a"} : new String[] {"a", "b"};
    String help = r.nextBoolean() ? "" : "help " + pick(VALUES, r);
    boolean constLabel = r.nextInt(4) == 0;
    Unit unit = r.nextInt(4) == 0 ? Unit.SECONDS : null;
    int series = r.nextInt(5);
    switch (r.nextInt(9)) {
      case 0 -> {
        Counter c = configure(Counter.builder(), name, help, labels, constLabel, unit, r).build();
        for (int s = 0; s < series; s++) {
          Counter.Child child = c.labelValues(values(labels, r));
          child.inc(r.nextInt(3));
          if (r.nextBoolean()) {
            child.inc(r.nextInt(4) * 0.25 + r.nextDouble());
          }
        }
        return c;
      }
      case 1 -> {
        Gauge g = configure(Gauge.builder(), name, help, labels, constLabel, unit, r).build();
        for (int s = 0; s < series; s++) {
          g.labelValues(values(labels, r)).set(pick(NUMBERS, r));
        }
        return g;
      }
      case 2 -> {
        double[] bounds = r.nextBoolean() ? Histogram.defaultBuckets() : new double[] {-1, 0, 2.5, 1e6};
        Histogram h = configure(Histogram.builder(), name, help, labels, constLabel, unit, r).buckets(bounds).build();
        for (int s = 0; s < series; s++) {
          Histogram.Child child = h.labelValues(values(labels, r));
          for (int o = r.nextInt(20); o > 0; o--) {
            child.observe(r.nextGaussian() * 3);
          }
        }
        return h;
      }
      case 3, 4 -> {
        Summary.Builder b = configure(Summary.builder(), name, help, labels, constLabel, unit, r);
        if (r.nextBoolean()) {
          b.quantile(0.5, 0.05).quantile(0.99, 0.001);
        }
        Summary sm = b.build();
        for (int s = 0; s < series; s++) {
          Summary.Child child = sm.labelValues(values(labels, r));
          for (int o = r.nextInt(20); o > 0; o--) {
            child.observe(r.nextGaussian() * 3);
          }
        }
        return sm;
      }
      case 5 -> {
        Info info = configure(Info.builder(), name, help, labels, constLabel, null, r).build();
        for (int s = 0; s < series; s++) {
          info.addLabelValues(values(labels, r));
        }
        return info;
      }
      case 6 -> {
        StateSet st = configure(StateSet.builder(), name, help, labels, constLabel, null, r)
            .states("on", "off", "ü").build();
        for (int s = 0; s < series; s++) {
          st.labelValues(values(labels, r)).setTrue(r.nextBoolean() ? "on" : "ü");
        }
        return st;
      }
      case 7 -> {
        List<double[]> reported = List.of(new double[] {r.nextInt(100)}, new double[] {0.5});
        return configure(CounterWithCallback.builder(), name, help, new String[] {"a"}, constLabel, unit, r)
            .callback(cb -> {
              for (int s = 0; s < reported.size(); s++) {
                cb.call(reported.get(s)[0], "v" + s);
              }
            }).build();
      }
      default -> {
        double value = pick(NUMBERS, r);
        return configure(GaugeWithCallback.builder(), name, help, new String[0], constLabel, unit, r)
            .valueFrom(() -> value).build();
      }
    }
  }

  private static <B extends Metric.Builder<B, ?>> B configure(B b, String name, String help,
      String[] labels, boolean constLabel, Unit unit, Random r) {
    b.name(name).help(help).labelNames(labels);
    if (constLabel) {
      b.constLabel("env", pick(VALUES, r));
    }
    if (unit != null) {
      b.unit(unit);
    }
    return b;
  }

  private static String[] values(String[] labels, Random r) {
    String[] v = new String[labels.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = pick(VALUES, r);
    }
    return v;
  }

  private static <T> T pick(T[] a, Random r) {
    return a[r.nextInt(a.length)];
  }

  private static double pick(double[] a, Random r) {
    return a[r.nextInt(a.length)];
  }
}
