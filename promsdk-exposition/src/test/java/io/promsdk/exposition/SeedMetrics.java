package io.promsdk.exposition;

import io.promsdk.core.model.ClassicBuckets;
import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.HistogramSnapshot.HistogramDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.Quantiles;
import io.promsdk.core.model.SummarySnapshot;
import io.promsdk.core.model.SummarySnapshot.SummaryDataPoint;
import java.util.List;

/**
 * The seed's four metrics after the operations in {@code shared/samples/README.md}, built by hand
 * as snapshots (the metric classes that would produce them live elsewhere).
 */
final class SeedMetrics {
  static final double[] OBSERVATIONS = {0.5, 1.5, 1.7, 2.5, 3.5, 4.5, 5.5, 2.2, 0.9, 3.3};
  static final double[] BOUNDS = {1, 2, 3, 4, 5, Double.POSITIVE_INFINITY};

  private SeedMetrics() {}

  /** The sum of the observations, added in order as both clients do: 26.099999999999998. */
  static double sum() {
    double sum = 0;
    for (double o : OBSERVATIONS) {
      sum += o;
    }
    return sum;
  }

  static long[] cumulativeCounts() {
    long[] counts = new long[BOUNDS.length];
    for (double o : OBSERVATIONS) {
      for (int i = 0; i < BOUNDS.length; i++) {
        if (o <= BOUNDS[i]) {
          counts[i]++;
        }
      }
    }
    return counts;
  }

  /**
   * The four families.
   *
   * @param javaOrder counter series sorted by label value as client_java prints them, else in
   *     insertion order as client_python prints them
   * @param created created timestamps (ms) for counter series 127.0.0.1 and 10.0.0.2, the
   *     histogram and the summary; 0 for none
   */
  static MetricSnapshots snapshots(boolean javaOrder, long[] created) {
    CounterDataPoint local = new CounterDataPoint(3, Labels.of("inner_ip", "127.0.0.1"), created[0], 0);
    CounterDataPoint remote = new CounterDataPoint(1, Labels.of("inner_ip", "10.0.0.2"), created[1], 0);
    return MetricSnapshots.of(
        new CounterSnapshot(new MetricMetadata("api_called", "api called count"),
            javaOrder ? List.of(remote, local) : List.of(local, remote)),
        new GaugeSnapshot(new MetricMetadata("cpu_usage", "cpu usage"),
            List.of(new GaugeDataPoint(42.5, Labels.EMPTY))),
        new HistogramSnapshot(new MetricMetadata("task_time_histogram", "task time histogram"),
            List.of(new HistogramDataPoint(ClassicBuckets.of(BOUNDS, cumulativeCounts()), sum(),
                Labels.EMPTY, created[2], 0))),
        new SummarySnapshot(new MetricMetadata("task_time_summary", "task time summary"),
            List.of(new SummaryDataPoint(OBSERVATIONS.length, sum(),
                Quantiles.of(new double[] {0.5, 0.9, 0.99}, new double[] {2.2, 4.5, 5.5}),
                Labels.EMPTY, created[3], 0))));
  }

  static MetricSnapshots snapshots() {
    return snapshots(true, new long[4]);
  }
}
