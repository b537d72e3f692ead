package io.promsdk.benchmarks;

import static io.promsdk.benchmarks.Inputs.DROPWIZARD_NAME;
import static io.promsdk.benchmarks.Inputs.LABEL_MASK;
import static io.promsdk.benchmarks.Inputs.LABEL_NAMES;
import static io.promsdk.benchmarks.Inputs.LABEL_SETS;
import static io.promsdk.benchmarks.Inputs.METHOD;
import static io.promsdk.benchmarks.Inputs.STATUS;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
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
 * {@code inc()} on a counter with two labels ({@code method}, {@code status}), cycling through 8
 * existing series. {@link Lookup}: the series is looked up from its label values on every call, as
 * most instrumented code does. {@link CachedChild}: the caller kept the child (OTel has no bound
 * instruments: it gets pre-built {@code Attributes}, still a map lookup inside the SDK).
 */
public class LabelledCounterBenchmark {

  static final AttributeKey<String> METHOD_KEY = AttributeKey.stringKey("method");
  static final AttributeKey<String> STATUS_KEY = AttributeKey.stringKey("status");

  /** The counters of every library, each with the same 8 series already created. */
  @State(Scope.Benchmark)
  public static class Series {
    io.promsdk.core.metrics.Counter promsdk;
    io.prometheus.metrics.core.metrics.Counter clientJava;
    io.prometheus.client.Counter simpleclient;
    PrometheusMeterRegistry micrometerRegistry;
    OtelReader otelReader;
    LongCounter otel;
    com.codahale.metrics.MetricRegistry dropwizardRegistry;

    io.promsdk.core.metrics.Counter.Child[] promsdkChildren = new io.promsdk.core.metrics.Counter.Child[LABEL_SETS];
    io.prometheus.metrics.core.datapoints.CounterDataPoint[] clientJavaChildren =
        new io.prometheus.metrics.core.datapoints.CounterDataPoint[LABEL_SETS];
    io.prometheus.client.Counter.Child[] simpleclientChildren = new io.prometheus.client.Counter.Child[LABEL_SETS];
    io.micrometer.core.instrument.Counter[] micrometerChildren = new io.micrometer.core.instrument.Counter[LABEL_SETS];
    Attributes[] otelAttributes = new Attributes[LABEL_SETS];
    com.codahale.metrics.Counter[] dropwizardChildren = new com.codahale.metrics.Counter[LABEL_SETS];

    @Setup
    public void setup() {
      promsdk = io.promsdk.core.metrics.Counter.builder().name("requests_total").help("Requests.")
          .labelNames(LABEL_NAMES).register(new io.promsdk.core.CollectorRegistry());
      clientJava = io.prometheus.metrics.core.metrics.Counter.builder().name("requests_total")
          .help("Requests.").labelNames(LABEL_NAMES).withoutExemplars()
          .register(new io.prometheus.metrics.model.registry.PrometheusRegistry());
      simpleclient = io.prometheus.client.Counter.build().name("requests_total").help("Requests.")
          .labelNames(LABEL_NAMES).withoutExemplars().register(new io.prometheus.client.CollectorRegistry());
      micrometerRegistry = Libraries.micrometerRegistry();
      otelReader = new OtelReader();
      otel = otelReader.meter().counterBuilder("requests").setDescription("Requests.").build();
      dropwizardRegistry = new com.codahale.metrics.MetricRegistry();
      for (int i = 0; i < LABEL_SETS; i++) {
        promsdkChildren[i] = promsdk.labelValues(METHOD[i], STATUS[i]);
        clientJavaChildren[i] = clientJava.labelValues(METHOD[i], STATUS[i]);
        simpleclientChildren[i] = simpleclient.labels(METHOD[i], STATUS[i]);
        micrometerChildren[i] = micrometerRegistry.counter("requests", "method", METHOD[i], "status", STATUS[i]);
        otelAttributes[i] = Attributes.of(METHOD_KEY, METHOD[i], STATUS_KEY, STATUS[i]);
        otel.add(1, otelAttributes[i]);
        dropwizardChildren[i] = dropwizardRegistry.counter(DROPWIZARD_NAME[i]);
      }
    }

    @TearDown
    public void tearDown() {
      otelReader.close();
    }
  }

  /** Which of the 8 label sets a thread uses next. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;

    int next() {
      return i = (i + 1) & LABEL_MASK;
    }
  }

  /** The child is looked up from its label values on every call. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Threads(1)
  public static class Lookup {
    @Benchmark
    public void promsdk(Series s, Cursor c) {
      int i = c.next();
      s.promsdk.labelValues(METHOD[i], STATUS[i]).inc();
    }

    @Benchmark
    public void clientJava(Series s, Cursor c) {
      int i = c.next();
      s.clientJava.labelValues(METHOD[i], STATUS[i]).inc();
    }

    @Benchmark
    public void simpleclient(Series s, Cursor c) {
      int i = c.next();
      s.simpleclient.labels(METHOD[i], STATUS[i]).inc();
    }

    @Benchmark
    public void micrometer(Series s, Cursor c) {
      int i = c.next();
      s.micrometerRegistry.counter("requests", "method", METHOD[i], "status", STATUS[i]).increment();
    }

    @Benchmark
    public void otel(Series s, Cursor c) {
      int i = c.next();
      s.otel.add(1, Attributes.of(METHOD_KEY, METHOD[i], STATUS_KEY, STATUS[i]));
    }

    @Benchmark
    public void dropwizard(Series s, Cursor c) {
      s.dropwizardRegistry.counter(DROPWIZARD_NAME[c.next()]).inc();
    }
  }

  /** The caller keeps the child of each series and increments it directly. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  @Threads(1)
  public static class CachedChild {
    @Benchmark
    public void promsdk(Series s, Cursor c) {
      s.promsdkChildren[c.next()].inc();
    }

    @Benchmark
    public void clientJava(Series s, Cursor c) {
      s.clientJavaChildren[c.next()].inc();
    }

    @Benchmark
    public void simpleclient(Series s, Cursor c) {
      s.simpleclientChildren[c.next()].inc();
    }

    @Benchmark
    public void micrometer(Series s, Cursor c) {
      s.micrometerChildren[c.next()].increment();
    }

    @Benchmark
    public void otel(Series s, Cursor c) {
      s.otel.add(1, s.otelAttributes[c.next()]);
    }

    @Benchmark
    public void dropwizard(Series s, Cursor c) {
      s.dropwizardChildren[c.next()].inc();
    }
  }
}
