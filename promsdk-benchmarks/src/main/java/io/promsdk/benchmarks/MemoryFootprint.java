package io.promsdk.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Retained heap per series (not JMH): for each library and each kind (a labelled counter, a classic
 * histogram with the 11 default buckets, and for promsdk and client_java, the only libraries with
 * Prometheus native histograms, their default classic + native histogram), a fresh JVM builds {@code series} series, each updated
 * once, and reports the heap growth after full GCs divided by the series count.
 *
 * <p>Label value strings are built before the baseline, so they count for no library; everything a
 * library creates per series (label sets, keys, children, map entries, attribute objects) counts.
 * Each measurement runs in its own JVM with the serial collector, whose full GC compacts the whole
 * heap, so the "used" figure after it is exact to the object.
 *
 * <pre>
 * java -cp benchmarks.jar io.promsdk.benchmarks.MemoryFootprint [--series 100000] [--json out.json]
 * </pre>
 */
public final class MemoryFootprint {

  static final String[] LIBRARIES = {"promsdk", "clientJava", "simpleclient", "micrometer", "otel", "dropwizard"};
  static final String[] KINDS = {"counter", "histogram", "nativeHistogram"};

  public static void main(String[] args) throws Exception {
    int series = 100_000;
    String json = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--series" -> series = Integer.parseInt(args[++i]);
        case "--json" -> json = args[++i];
        case "--child" -> {
          child(args[i + 1], args[i + 2], Integer.parseInt(args[i + 3]));
          return;
        }
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    List<String> results = new ArrayList<>();
    System.out.printf(Locale.ROOT, "%-10s %-13s %10s %14s%n", "kind", "library", "series", "bytes/series");
    for (String kind : KINDS) {
      for (String library : LIBRARIES) {
        if (!supported(library, kind)) {
          continue;
        }
        String line = runChild(library, kind, series);
        String[] f = line.trim().split(" ");
        long bytes = Long.parseLong(f[4]);
        double perSeries = (double) bytes / series;
        System.out.printf(Locale.ROOT, "%-10s %-13s %10d %14.1f%n", kind, library, series, perSeries);
        results.add(String.format(Locale.ROOT,
            "{\"library\":\"%s\",\"kind\":\"%s\",\"series\":%d,\"bytes\":%d,\"bytesPerSeries\":%.1f}",
            library, kind, series, bytes, perSeries));
      }
    }
    if (json != null) {
      Files.writeString(Path.of(json), "[\n" + String.join(",\n", results) + "\n]\n", StandardCharsets.UTF_8);
    }
  }

  static boolean supported(String library, String kind) {
    if ("nativeHistogram".equals(kind)) {
      return "promsdk".equals(library) || "clientJava".equals(library);
    }
    return !("dropwizard".equals(library) && "histogram".equals(kind)); // no bucketed histogram
  }

  private static String runChild(String library, String kind, int series) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xms2g", "-Xmx2g",
        "-cp", System.getProperty("java.class.path"), MemoryFootprint.class.getName(),
        "--child", library, kind, Integer.toString(series));
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(library + "/" + kind + " failed: " + out);
    }
    for (String line : out.split("\n")) {
      if (line.startsWith("RESULT ")) {
        return line;
      }
    }
    throw new IllegalStateException(library + "/" + kind + " printed no result: " + out);
  }

  /** In the child JVM: prints {@code RESULT library kind series bytes}. */
  private static void child(String library, String kind, int series) throws InterruptedException {
    String[] values = new String[series];
    String[] dropwizardNames = new String[series];
    for (int i = 0; i < series; i++) {
      values[i] = "/api/v1/items/" + i;
      dropwizardNames[i] = "requests.GET." + values[i];
    }
    // Load and initialise the library's classes (and its static caches) before the baseline.
    Reference.reachabilityFence(build(library, kind, new String[] {"warm-up"}, new String[] {"requests.warm-up"}));
    long before = usedAfterGc();
    Object built = build(library, kind, values, dropwizardNames);
    long after = usedAfterGc();
    Reference.reachabilityFence(built);
    Reference.reachabilityFence(values);
    Reference.reachabilityFence(dropwizardNames);
    System.out.println("RESULT " + library + " " + kind + " " + series + " " + (after - before));
  }

  static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("method");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("path");

  /** Builds one metric with {@code values.length} series (label values {@code GET}, values[i]). */
  static Object build(String library, String kind, String[] values, String[] dropwizardNames) {
    boolean counter = "counter".equals(kind);
    switch (library) {
      case "promsdk" -> {
        io.promsdk.core.CollectorRegistry registry = new io.promsdk.core.CollectorRegistry();
        if (counter) {
          var c = io.promsdk.core.metrics.Counter.builder().name("requests_total").help("Requests.")
              .labelNames("method", "path").register(registry);
          for (String v : values) {
            c.labelValues("GET", v).inc();
          }
        } else if ("nativeHistogram".equals(kind)) {
          var h = io.promsdk.core.metrics.Histogram.builder().name("latency_seconds").help("Latency.")
              .labelNames("method", "path").register(registry); // the default: classic + native
          for (String v : values) {
            h.labelValues("GET", v).observe(0.1);
          }
        } else {
          var h = io.promsdk.core.metrics.Histogram.builder().name("latency_seconds").help("Latency.")
              .labelNames("method", "path").classicOnly().buckets(Inputs.DEFAULT_BUCKETS).register(registry);
          for (String v : values) {
            h.labelValues("GET", v).observe(0.1);
          }
        }
        return registry;
      }
      case "clientJava" -> {
        var registry = new io.prometheus.metrics.model.registry.PrometheusRegistry();
        if (counter) {
          var c = io.prometheus.metrics.core.metrics.Counter.builder().name("requests_total").help("Requests.")
              .labelNames("method", "path").withoutExemplars().register(registry);
          for (String v : values) {
            c.labelValues("GET", v).inc();
          }
        } else if ("nativeHistogram".equals(kind)) {
          var h = io.prometheus.metrics.core.metrics.Histogram.builder().name("latency_seconds").help("Latency.")
              .labelNames("method", "path").withoutExemplars().register(registry); // the default: classic + native
          for (String v : values) {
            h.labelValues("GET", v).observe(0.1);
          }
        } else {
          var h = io.prometheus.metrics.core.metrics.Histogram.builder().name("latency_seconds").help("Latency.")
              .labelNames("method", "path").classicOnly().classicUpperBounds(Inputs.DEFAULT_BUCKETS)
              .withoutExemplars().register(registry);
          for (String v : values) {
            h.labelValues("GET", v).observe(0.1);
          }
        }
        return registry;
      }
      case "simpleclient" -> {
        var registry = new io.prometheus.client.CollectorRegistry();
        if (counter) {
          var c = io.prometheus.client.Counter.build().name("requests_total").help("Requests.")
              .labelNames("method", "path").withoutExemplars().register(registry);
          for (String v : values) {
            c.labels("GET", v).inc();
          }
        } else {
          var h = io.prometheus.client.Histogram.build().name("latency_seconds").help("Latency.")
              .labelNames("method", "path").buckets(Inputs.DEFAULT_BUCKETS).withoutExemplars().register(registry);
          for (String v : values) {
            h.labels("GET", v).observe(0.1);
          }
        }
        return registry;
      }
      case "micrometer" -> {
        var registry = Libraries.micrometerRegistry();
        for (String v : values) {
          if (counter) {
            io.micrometer.core.instrument.Counter.builder("requests").description("Requests.")
                .tags("method", "GET", "path", v).register(registry).increment();
          } else {
            io.micrometer.core.instrument.DistributionSummary.builder("latency_seconds").description("Latency.")
                .tags("method", "GET", "path", v).serviceLevelObjectives(Inputs.DEFAULT_BUCKETS)
                .register(registry).record(0.1);
          }
        }
        return registry;
      }
      case "otel" -> {
        OtelReader reader = new OtelReader();
        if (counter) {
          LongCounter c = reader.meter().counterBuilder("requests").setDescription("Requests.").build();
          for (String v : values) {
            c.add(1, Attributes.of(METHOD, "GET", PATH, v));
          }
        } else {
          DoubleHistogram h = reader.meter().histogramBuilder("latency").setUnit("s").setDescription("Latency.")
              .setExplicitBucketBoundariesAdvice(HistogramObserveBenchmark.boundaries()).build();
          for (String v : values) {
            h.record(0.1, Attributes.of(METHOD, "GET", PATH, v));
          }
        }
        return reader;
      }
      case "dropwizard" -> {
        var registry = new com.codahale.metrics.MetricRegistry();
        for (String name : dropwizardNames) {
          registry.counter(name).inc();
        }
        return registry;
      }
      default -> throw new IllegalArgumentException(library);
    }
  }
}
