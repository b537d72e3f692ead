package io.promsdk.benchmarks;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;

/**
 * The registry that the scrape benchmarks expose, built identically for each library:
 * {@code counterSeries} series of a counter {@code requests_total{method,path}} (series i
 * incremented {@code 1 + i % 100} times) and 20 series of a classic histogram
 * {@code latency_seconds{handler}} with the 11 default buckets and 10 observations each.
 */
public final class ScrapeFixtures {
  private ScrapeFixtures() {}

  public static final int HISTOGRAM_SERIES = 20;
  private static final int OBSERVATIONS_PER_HISTOGRAM = 10;
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};

  /** Label values, built before any registry so that no library pays for them. */
  public static final class Labels {
    public final String[] method;
    public final String[] path;
    public final String[] handler;

    public Labels(int counterSeries) {
      method = new String[counterSeries];
      path = new String[counterSeries];
      for (int i = 0; i < counterSeries; i++) {
        method[i] = METHODS[i % METHODS.length];
        path[i] = "/api/v1/items/" + i;
      }
      handler = new String[HISTOGRAM_SERIES];
      for (int j = 0; j < HISTOGRAM_SERIES; j++) {
        handler[j] = "handler_" + j;
      }
    }

    public int counterSeries() {
      return path.length;
    }
  }

  static long increments(int i) {
    return 1 + i % 100;
  }

  static double observation(int histogram, int k) {
    return Inputs.OBSERVATION[(histogram * OBSERVATIONS_PER_HISTOGRAM + k) & Inputs.OBSERVATION_MASK];
  }

  // ------------------------------------------------------------------------------------ promsdk

  public static io.promsdk.core.CollectorRegistry promsdk(Labels l) {
    io.promsdk.core.CollectorRegistry registry = new io.promsdk.core.CollectorRegistry();
    io.promsdk.core.metrics.Counter counter = io.promsdk.core.metrics.Counter.builder()
        .name("requests_total").help("Requests served.").labelNames("method", "path").register(registry);
    for (int i = 0; i < l.counterSeries(); i++) {
      counter.labelValues(l.method[i], l.path[i]).inc(increments(i));
    }
    io.promsdk.core.metrics.Histogram histogram = io.promsdk.core.metrics.Histogram.builder()
        .name("latency_seconds").help("Request latency.").labelNames("handler")
        .classicOnly().buckets(Inputs.DEFAULT_BUCKETS).register(registry); // as client_java's below
    for (int j = 0; j < HISTOGRAM_SERIES; j++) {
      io.promsdk.core.metrics.Histogram.Child child = histogram.labelValues(l.handler[j]);
      for (int k = 0; k < OBSERVATIONS_PER_HISTOGRAM; k++) {
        child.observe(observation(j, k));
      }
    }
    return registry;
  }

  // --------------------------------------------------------------------------------- client_java

  public static io.prometheus.metrics.model.registry.PrometheusRegistry clientJava(Labels l) {
    io.prometheus.metrics.model.registry.PrometheusRegistry registry =
        new io.prometheus.metrics.model.registry.PrometheusRegistry();
    io.prometheus.metrics.core.metrics.Counter counter = io.prometheus.metrics.core.metrics.Counter.builder()
        .name("requests_total").help("Requests served.").labelNames("method", "path")
        .withoutExemplars().register(registry);
    for (int i = 0; i < l.counterSeries(); i++) {
      counter.labelValues(l.method[i], l.path[i]).inc(increments(i));
    }
    io.prometheus.metrics.core.metrics.Histogram histogram = io.prometheus.metrics.core.metrics.Histogram.builder()
        .name("latency_seconds").help("Request latency.").labelNames("handler").classicOnly()
        .classicUpperBounds(Inputs.DEFAULT_BUCKETS).withoutExemplars().register(registry);
    for (int j = 0; j < HISTOGRAM_SERIES; j++) {
      io.prometheus.metrics.core.datapoints.DistributionDataPoint child = histogram.labelValues(l.handler[j]);
      for (int k = 0; k < OBSERVATIONS_PER_HISTOGRAM; k++) {
        child.observe(observation(j, k));
      }
    }
    return registry;
  }

  // -------------------------------------------------------------------------------- simpleclient

  public static io.prometheus.client.CollectorRegistry simpleclient(Labels l) {
    io.prometheus.client.CollectorRegistry registry = new io.prometheus.client.CollectorRegistry();
    io.prometheus.client.Counter counter = io.prometheus.client.Counter.build()
        .name("requests_total").help("Requests served.").labelNames("method", "path")
        .withoutExemplars().register(registry);
    for (int i = 0; i < l.counterSeries(); i++) {
      counter.labels(l.method[i], l.path[i]).inc(increments(i));
    }
    io.prometheus.client.Histogram histogram = io.prometheus.client.Histogram.build()
        .name("latency_seconds").help("Request latency.").labelNames("handler")
        .buckets(Inputs.DEFAULT_BUCKETS).withoutExemplars().register(registry);
    for (int j = 0; j < HISTOGRAM_SERIES; j++) {
      io.prometheus.client.Histogram.Child child = histogram.labels(l.handler[j]);
      for (int k = 0; k < OBSERVATIONS_PER_HISTOGRAM; k++) {
        child.observe(observation(j, k));
      }
    }
    return registry;
  }

  // ---------------------------------------------------------------------------------- micrometer

  public static PrometheusMeterRegistry micrometer(Labels l) {
    PrometheusMeterRegistry registry = Libraries.micrometerRegistry();
    for (int i = 0; i < l.counterSeries(); i++) {
      io.micrometer.core.instrument.Counter.builder("requests").description("Requests served.")
          .tags("method", l.method[i], "path", l.path[i]).register(registry).increment(increments(i));
    }
    for (int j = 0; j < HISTOGRAM_SERIES; j++) {
      io.micrometer.core.instrument.DistributionSummary child =
          io.micrometer.core.instrument.DistributionSummary.builder("latency_seconds")
              .description("Request latency.").tags("handler", l.handler[j])
              .serviceLevelObjectives(Inputs.DEFAULT_BUCKETS).register(registry);
      for (int k = 0; k < OBSERVATIONS_PER_HISTOGRAM; k++) {
        child.record(observation(j, k));
      }
    }
    return registry;
  }

  // ---------------------------------------------------------------------------------------- otel

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("method");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("path");
  private static final AttributeKey<String> HANDLER = AttributeKey.stringKey("handler");

  public static OtelReader otel(Labels l) {
    OtelReader reader = new OtelReader();
    LongCounter counter = reader.meter().counterBuilder("requests").setDescription("Requests served.").build();
    for (int i = 0; i < l.counterSeries(); i++) {
      counter.add(increments(i), Attributes.of(METHOD, l.method[i], PATH, l.path[i]));
    }
    DoubleHistogram histogram = reader.meter().histogramBuilder("latency").setUnit("s")
        .setDescription("Request latency.")
        .setExplicitBucketBoundariesAdvice(HistogramObserveBenchmark.boundaries()).build();
    for (int j = 0; j < HISTOGRAM_SERIES; j++) {
      Attributes attributes = Attributes.of(HANDLER, l.handler[j]);
      for (int k = 0; k < OBSERVATIONS_PER_HISTOGRAM; k++) {
        histogram.record(observation(j, k), attributes);
      }
    }
    return reader;
  }
}
