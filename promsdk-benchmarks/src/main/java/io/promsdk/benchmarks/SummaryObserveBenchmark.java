package io.promsdk.benchmarks;

import static io.promsdk.benchmarks.Inputs.QUANTILES;
import static io.promsdk.benchmarks.Inputs.QUANTILE_ERRORS;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@code observe(v)} on a summary tracking quantiles 0.5/0.95/0.99 with rank errors
 * 0.05/0.005/0.001, over each library's default window (10 minutes, 5 age buckets, where it has
 * one). Micrometer takes no error bound (its percentiles come from a time-windowed HDR
 * histogram); Dropwizard's nearest concept is a {@code Histogram} over its default exponentially
 * decaying reservoir. OpenTelemetry has no summary.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Threads(1)
public class SummaryObserveBenchmark {

  io.promsdk.core.metrics.Summary promsdk;
  io.prometheus.metrics.core.metrics.Summary clientJava;
  io.prometheus.client.Summary simpleclient;
  io.micrometer.core.instrument.DistributionSummary micrometer;
  com.codahale.metrics.Histogram dropwizard;

  @Setup
  public void setup() {
    promsdk = promsdkSummary(new io.promsdk.core.CollectorRegistry());
    io.prometheus.metrics.core.metrics.Summary.Builder cj =
        io.prometheus.metrics.core.metrics.Summary.builder().name("latency_seconds").help("Latency.");
    io.prometheus.client.Summary.Builder sc =
        io.prometheus.client.Summary.build().name("latency_seconds").help("Latency.");
    for (int i = 0; i < QUANTILES.length; i++) {
      cj.quantile(QUANTILES[i], QUANTILE_ERRORS[i]);
      sc.quantile(QUANTILES[i], QUANTILE_ERRORS[i]);
    }
    clientJava = cj.withoutExemplars().register(new io.prometheus.metrics.model.registry.PrometheusRegistry());
    simpleclient = sc.register(new io.prometheus.client.CollectorRegistry());
    micrometer = io.micrometer.core.instrument.DistributionSummary.builder("latency_seconds")
        .description("Latency.").publishPercentiles(QUANTILES).register(Libraries.micrometerRegistry());
    dropwizard = new com.codahale.metrics.MetricRegistry().histogram("latency_seconds");
  }

  static io.promsdk.core.metrics.Summary promsdkSummary(io.promsdk.core.CollectorRegistry registry) {
    io.promsdk.core.metrics.Summary.Builder b =
        io.promsdk.core.metrics.Summary.builder().name("latency_seconds").help("Latency.");
    for (int i = 0; i < QUANTILES.length; i++) {
      b.quantile(QUANTILES[i], QUANTILE_ERRORS[i]);
    }
    return b.register(registry);
  }

  @Benchmark
  public void promsdk(Cursor c) {
    promsdk.observe(c.next());
  }

  @Benchmark
  public void clientJava(Cursor c) {
    clientJava.observe(c.next());
  }

  @Benchmark
  public void simpleclient(Cursor c) {
    simpleclient.observe(c.next());
  }

  @Benchmark
  public void micrometer(Cursor c) {
    micrometer.record(c.next());
  }

  @Benchmark
  public void dropwizard(Cursor c) {
    dropwizard.update(Math.round(c.next() * 1e6)); // Dropwizard histograms take longs: microseconds
  }
}
