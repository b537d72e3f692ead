package io.promsdk.benchmarks;

import static io.promsdk.benchmarks.Inputs.DEFAULT_BUCKETS;

import io.opentelemetry.api.metrics.DoubleHistogram;
import java.util.ArrayList;
import java.util.List;
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
 * {@code observe(v)} on a classic histogram without labels, with the 11 default buckets (promsdk and
 * client_java: classic only, no native histogram; Micrometer: a distribution summary with those 11
 * SLO bounds; OTel: explicit bucket boundaries). Dropwizard has no bucketed histogram and is left
 * out. All threads share one histogram; subclasses fix the thread count.
 *
 * <p>Exemplar rows (promsdk), as in {@link CounterIncBenchmark}: {@code promsdkExemplarsOff},
 * {@code promsdkExemplarsNoSpan} (automatic exemplars on, no current span) and {@code
 * promsdkExemplarsInSpan} (a sampled span current: each bucket keeps an exemplar).
 *
 * <p>The nested {@link ClassicNative} and {@link NativeOnly} rows compare the native histograms of
 * promsdk and client_java (the only two libraries with Prometheus native histograms): classic +
 * native is both libraries' default histogram (11 default buckets, schema 5, at most 160 native
 * buckets); native-only keeps just {@code +Inf} as classic bucket. client_java runs without
 * exemplars; promsdk with its default exemplar settings and no current span, as in the {@code
 * promsdk} row above.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public abstract class HistogramObserveBenchmark {

  io.promsdk.core.metrics.Histogram promsdk;
  io.promsdk.core.metrics.Histogram promsdkExemplarsOff;
  io.promsdk.core.metrics.Histogram promsdkWithOtelExemplars;
  io.prometheus.metrics.core.metrics.Histogram clientJava;
  io.prometheus.client.Histogram simpleclient;
  io.micrometer.core.instrument.DistributionSummary micrometer;
  OtelReader otelReader;
  DoubleHistogram otel;

  @Setup
  public void setup() {
    promsdk = io.promsdk.core.metrics.Histogram.builder().name("latency_seconds").help("Latency.")
        .classicOnly().buckets(DEFAULT_BUCKETS).register(new io.promsdk.core.CollectorRegistry());
    promsdkExemplarsOff = io.promsdk.core.metrics.Histogram.builder().name("latency_seconds").help("Latency.")
        .classicOnly().buckets(DEFAULT_BUCKETS).withoutExemplars().build();
    promsdkWithOtelExemplars = ExemplarVariants.withOtelExemplars(() -> io.promsdk.core.metrics.Histogram.builder()
        .name("latency_seconds").help("Latency.").classicOnly().buckets(DEFAULT_BUCKETS).build());
    clientJava = io.prometheus.metrics.core.metrics.Histogram.builder().name("latency_seconds")
        .help("Latency.").classicOnly().classicUpperBounds(DEFAULT_BUCKETS).withoutExemplars()
        .register(new io.prometheus.metrics.model.registry.PrometheusRegistry());
    simpleclient = io.prometheus.client.Histogram.build().name("latency_seconds").help("Latency.")
        .buckets(DEFAULT_BUCKETS).withoutExemplars().register(new io.prometheus.client.CollectorRegistry());
    micrometer = io.micrometer.core.instrument.DistributionSummary.builder("latency_seconds")
        .description("Latency.").serviceLevelObjectives(DEFAULT_BUCKETS)
        .register(Libraries.micrometerRegistry());
    otelReader = new OtelReader();
    otel = otelReader.meter().histogramBuilder("latency").setUnit("s").setDescription("Latency.")
        .setExplicitBucketBoundariesAdvice(boundaries()).build();
  }

  static List<Double> boundaries() {
    List<Double> list = new ArrayList<>();
    for (double b : DEFAULT_BUCKETS) {
      list.add(b);
    }
    return list;
  }

  @TearDown
  public void tearDown() {
    otelReader.close();
  }

  @Benchmark
  public void promsdk(Cursor c) {
    promsdk.observe(c.next());
  }

  @Benchmark
  public void promsdkExemplarsOff(Cursor c) {
    promsdkExemplarsOff.observe(c.next());
  }

  @Benchmark
  public void promsdkExemplarsNoSpan(Cursor c) {
    promsdkWithOtelExemplars.observe(c.next());
  }

  @Benchmark
  public void promsdkExemplarsInSpan(Cursor c, ExemplarVariants.SampledSpan span) {
    promsdkWithOtelExemplars.observe(c.next());
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
  public void otel(Cursor c) {
    otel.record(c.next());
  }

  /** One thread. */
  @Threads(1)
  public static class T1 extends HistogramObserveBenchmark {}

  /** Two threads on the same histogram. */
  @Threads(2)
  public static class T2 extends HistogramObserveBenchmark {}

  /**
   * promsdk's and client_java's native histograms side by side: both libraries' defaults (schema 5,
   * at most 160 native buckets), client_java without exemplars.
   */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @State(Scope.Benchmark)
  public abstract static class NativeRows {
    io.promsdk.core.metrics.Histogram promsdk;
    io.prometheus.metrics.core.metrics.Histogram clientJava;

    /** True: native buckets only; false: classic (11 default buckets) and native at once. */
    abstract boolean nativeOnly();

    @Setup
    public void setup() {
      var ours = io.promsdk.core.metrics.Histogram.builder().name("latency_seconds").help("Latency.");
      var theirs = io.prometheus.metrics.core.metrics.Histogram.builder().name("latency_seconds")
          .help("Latency.").withoutExemplars();
      if (nativeOnly()) {
        ours.nativeOnly();
        theirs.nativeOnly();
      }
      promsdk = ours.register(new io.promsdk.core.CollectorRegistry());
      clientJava = theirs.register(new io.prometheus.metrics.model.registry.PrometheusRegistry());
    }

    @Benchmark
    public void promsdk(Cursor c) {
      promsdk.observe(c.next());
    }

    @Benchmark
    public void clientJava(Cursor c) {
      clientJava.observe(c.next());
    }
  }

  /** Both libraries' default histogram: classic (11 default buckets) and native (schema 5) at once. */
  public abstract static class ClassicNative extends NativeRows {
    @Override
    boolean nativeOnly() {
      return false;
    }

    /** One thread. */
    @Threads(1)
    public static class T1 extends ClassicNative {}

    /** Two threads on the same histogram. */
    @Threads(2)
    public static class T2 extends ClassicNative {}
  }

  /** Native buckets only (schema 5, at most 160), the classic representation just {@code +Inf}. */
  public abstract static class NativeOnly extends NativeRows {
    @Override
    boolean nativeOnly() {
      return true;
    }

    /** One thread. */
    @Threads(1)
    public static class T1 extends NativeOnly {}

    /** Two threads on the same histogram. */
    @Threads(2)
    public static class T2 extends NativeOnly {}
  }
}
