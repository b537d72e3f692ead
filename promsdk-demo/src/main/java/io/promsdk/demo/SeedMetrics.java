package io.promsdk.demo;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Summary;
import java.util.Random;

/**
 * The four metrics of the Python guide's demos, with the same names, help texts, buckets and
 * updates; shared by the pull and push demos.
 */
final class SeedMetrics {
  private final Counter counter;
  private final Gauge gauge;
  private final Histogram histogram;
  private final Summary summary;
  private final Random random;

  SeedMetrics(CollectorRegistry registry, Random random) {
    this.random = random;
    counter = Counter.builder().name("api_called_total").help("How many is the api called").register(registry);
    gauge = Gauge.builder().name("cpu_usage").help("simulate the cpu usage metric").register(registry);
    histogram = Histogram.builder().name("task_time_histogram").help("analyze the time of task with histogram")
        .buckets(1, 2, 3, 4, 5).register(registry);
    summary = Summary.builder().name("task_time_summary").help("analyze the time of task with summary")
        .quantile(0.5, 0.05).quantile(0.9, 0.01).quantile(0.99, 0.001).register(registry);
  }

  /** One round of the seed's loop body. */
  void update() {
    counter.inc(1);
    gauge.set(random.nextDouble());
    // The seed observes a constant 3; a spread around 3 gives histogram_quantile something to show.
    histogram.observe(Math.min(6, Math.max(0.1, 3 + random.nextGaussian())));
    summary.observe(1 + random.nextInt(100));
  }
}
