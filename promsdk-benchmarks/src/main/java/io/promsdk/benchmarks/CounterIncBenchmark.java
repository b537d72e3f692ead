package io.promsdk.benchmarks;

import io.opentelemetry.api.metrics.LongCounter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@code inc()} on a counter without labels. All threads share one counter, so the two-thread
 * variant measures contention. Subclasses only fix the thread count.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public abstract class CounterIncBenchmark {

  io.promsdk.core.metrics.Counter promsdk;
  io.prometheus.metrics.core.metrics.Counter clientJava;
  io.prometheus.client.Counter simpleclient;
  io.micrometer.core.instrument.Counter micrometer;
  OtelReader otelReader;
  LongCounter otel;
  com.codahale.metrics.Counter dropwizard;

  @Setup
  public void setup() {
    promsdk = io.promsdk.core.metrics.Counter.builder().name("requests_total").help("Requests.")
        .register(new io.promsdk.core.CollectorRegistry());
    clientJava = io.prometheus.metrics.core.metrics.Counter.builder().name("requests_total")
        .help("Requests.").withoutExemplars()
        .register(new io.prometheus.metrics.model.registry.PrometheusRegistry());
    simpleclient = io.prometheus.client.Counter.build().name("requests_total").help("Requests.")
        .withoutExemplars().register(new io.prometheus.client.CollectorRegistry());
    micrometer = io.micrometer.core.instrument.Counter.builder("requests").description("Requests.")
        .register(Libraries.micrometerRegistry());
    otelReader = new OtelReader();
    otel = otelReader.meter().counterBuilder("requests").setDescription("Requests.").build();
    dropwizard = new com.codahale.metrics.MetricRegistry().counter("requests");
  }

  @TearDown
  public void tearDown() {
    otelReader.close();
  }

  @Benchmark
  public void promsdk() {
    promsdk.inc();
  }

  @Benchmark
  public void clientJava() {
    clientJava.inc();
  }

  @Benchmark
  public void simpleclient() {
    simpleclient.inc();
  }

  @Benchmark
  public void micrometer() {
    micrometer.increment();
  }

  @Benchmark
  public void otel() {
    otel.add(1);
  }

  @Benchmark
  public void dropwizard() {
    dropwizard.inc();
  }

  /** One thread. */
  @Threads(1)
  public static class T1 extends CounterIncBenchmark {}

  /** Two threads on the same counter. */
  @Threads(2)
  public static class T2 extends CounterIncBenchmark {}
}
