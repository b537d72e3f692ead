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
 *
 * <p>Exemplar rows (promsdk): {@code promsdkExemplarsOff} is built {@code withoutExemplars()};
 * {@code promsdkExemplarsNoSpan} takes automatic exemplars from OpenTelemetry but no span is
 * current (the cost every {@code inc} pays for the feature: within 2 ns of the former);
 * {@code promsdkExemplarsInSpan} runs inside a sampled span, so the series keeps an exemplar and
 * takes a new one once per sample interval (0 B/op in between).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public abstract class CounterIncBenchmark {

  io.promsdk.core.metrics.Counter promsdk;
  io.promsdk.core.metrics.Counter promsdkExemplarsOff;
  io.promsdk.core.metrics.Counter promsdkWithOtelExemplars;
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
    promsdkExemplarsOff = io.promsdk.core.metrics.Counter.builder().name("requests_total").help("Requests.")
        .withoutExemplars().build();
    promsdkWithOtelExemplars = ExemplarVariants.withOtelExemplars(
        () -> io.promsdk.core.metrics.Counter.builder().name("requests_total").help("Requests.").build());
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
  public void promsdkExemplarsOff() {
    promsdkExemplarsOff.inc();
  }

  @Benchmark
  public void promsdkExemplarsNoSpan() {
    promsdkWithOtelExemplars.inc();
  }

  @Benchmark
  public void promsdkExemplarsInSpan(ExemplarVariants.SampledSpan span) {
    promsdkWithOtelExemplars.inc();
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
