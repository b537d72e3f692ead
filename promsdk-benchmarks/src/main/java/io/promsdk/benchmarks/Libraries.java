package io.promsdk.benchmarks;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Construction details shared by the benchmarks, so each library is set up the same way everywhere. */
final class Libraries {
  private Libraries() {}

  /** Micrometer's Prometheus registry with its defaults (no exemplar sampler: exemplars off). */
  static PrometheusMeterRegistry micrometerRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }
}
