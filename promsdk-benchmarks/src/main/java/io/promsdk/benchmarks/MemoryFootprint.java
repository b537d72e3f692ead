package io.promsdk.benchmarks;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.DoubleConsumer;

/**
 * Retained heap per series (not JMH): for each library and each kind (a labelled counter, a classic
 * histogram with the 11 default buckets, and for promsdk and client_java, the only libraries with
 * Prometheus native histograms, their default classic + native histogram), a fresh JVM builds {@code series} series, each updated
 * once, and reports the heap growth after full GCs divided by the series count.
 *
 * <p>Summaries (promsdk and client_java, quantiles 0.5 ± 0.05 and 0.99 ± 0.001) are measured at
 * three ages, since both grow with use: {@code summary} observed once per series ({@code series}/10
 * series) and {@code summary1k} after 1,000 observations per series ({@code series}/10), both with
 * the libraries' default window of 10 minutes in 5 age buckets, which does not slide during the
 * measurement; and {@code summarySteady} ({@code series}/100 series) after the window has slid: a
 * 2-second window in 5 buckets, 50,000 observations per series, a pause past the window, then
 * 50,000 more, so that every age bucket of every series has been reset and refilled (promsdk keeps
 * buckets that were never reset as one). The observed values are the same exponential sequence for
 * both libraries.
 *
 * <p>Histograms written by many threads (promsdk and client_java, the classic histogram above,
 * {@code series}/100 series): {@code histogram1Thread}, {@code histogram8Threads},
 * {@code histogram64Threads} and {@code histogram1000Threads} have that many platform threads
 * observe every series once and stay alive while the heap is measured (their {@code Thread}
 * objects are created before the baseline); {@code histogramPerRequest} has 10,000 short-lived
 * threads, one after another in groups of 8, each observe every series once and end before the
 * measurement, with no scrape in between; {@code histogramVirtualPerRequest} the same with a virtual
 * thread per request, measured when this runs on a JDK with virtual threads (21+; left out on 17).
 * These rows
 * measure what dropping the metric frees (see {@code child}), not heap growth.
 *
 * <p>{@code counterScraped} (promsdk and client_java) is the counter after one scrape in the
 * Prometheus text format, as a served registry is: what a library keeps from scraping counts too
 * (promsdk keeps each series' rendered label pairs for the next scrape).
 *
 * <p>Label value strings are built before the baseline, so they count for no library; everything a
 * library creates per series (label sets, keys, children, map entries, attribute objects) counts.
 * Each measurement runs in its own JVM with the serial collector, whose full GC compacts the whole
 * heap, so the "used" figure after it is exact to the object.
 *
 * <pre>
 * java -cp benchmarks.jar io.promsdk.benchmarks.MemoryFootprint [--series 100000] [--kinds summary,summary1k]
 *     [--json out.json]
 * </pre>
 */
public final class MemoryFootprint {

  static final String[] LIBRARIES = {"promsdk", "clientJava", "simpleclient", "micrometer", "otel", "dropwizard"};
  static final String[] KINDS = {"counter", "counterScraped", "histogram", "nativeHistogram", "summary", "summary1k", "summarySteady",
      "histogram1Thread", "histogram8Threads", "histogram64Threads", "histogram1000Threads", "histogramPerRequest",
      "histogramVirtualPerRequest"};

  /** Quantiles and their errors of the summary rows. */
  static final double[] SUMMARY_QUANTILES = {0.5, 0.99};
  static final double[] SUMMARY_ERRORS = {0.05, 0.001};

  public static void main(String[] args) throws Exception {
    int series = 100_000;
    String json = null;
    List<String> kinds = List.of(KINDS);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--series" -> series = Integer.parseInt(args[++i]);
        case "--kinds" -> {
          kinds = List.of(args[++i].split(","));
          for (String kind : kinds) {
            if (!List.of(KINDS).contains(kind)) { // else it would be measured as a histogram
              throw new IllegalArgumentException("--kinds: unknown kind '" + kind + "'; known: "
                  + String.join(",", KINDS));
            }
          }
        }
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
    for (String kind : kinds) {
      for (String library : LIBRARIES) {
        if (!supported(library, kind)) {
          continue;
        }
        int kindSeries = seriesOf(kind, series);
        String line = runChild(library, kind, kindSeries);
        String[] f = line.trim().split(" ");
        long bytes = Long.parseLong(f[4]);
        double perSeries = (double) bytes / kindSeries;
        System.out.printf(Locale.ROOT, "%-10s %-13s %10d %14.1f%n", kind, library, kindSeries, perSeries);
        results.add(String.format(Locale.ROOT,
            "{\"library\":\"%s\",\"kind\":\"%s\",\"series\":%d,\"bytes\":%d,\"bytesPerSeries\":%.1f}",
            library, kind, kindSeries, bytes, perSeries));
      }
    }
    if (json != null) {
      Files.writeString(Path.of(json), "[\n" + String.join(",\n", results) + "\n]\n", StandardCharsets.UTF_8);
    }
  }

  /** Threads writing each series of a kind (live ones, or short-lived ones for histogramPerRequest); 0 for none. */
  static int writersOf(String kind) {
    return switch (kind) {
      case "histogram1Thread" -> 1;
      case "histogram8Threads" -> 8;
      case "histogram64Threads" -> 64;
      case "histogram1000Threads" -> 1_000;
      case "histogramPerRequest", "histogramVirtualPerRequest" -> 10_000;
      default -> 0;
    };
  }

  /** Series for a kind: fewer for the summaries, which are larger and observed many times. */
  static int seriesOf(String kind, int series) {
    if (writersOf(kind) > 0) {
      return Math.max(1, series / 100);
    }
    return switch (kind) {
      case "summary", "summary1k" -> Math.max(1, series / 10);
      case "summarySteady" -> Math.max(1, series / 100);
      default -> series;
    };
  }

  /** Observations per series of a kind (for summarySteady: before and again after the pause). */
  static int observationsOf(String kind) {
    return switch (kind) {
      case "summary1k" -> 1_000;
      case "summarySteady" -> 50_000;
      default -> 1;
    };
  }

  static boolean supported(String library, String kind) {
    if ("histogramVirtualPerRequest".equals(kind) && !WriterThreads.VIRTUAL) {
      return false; // measured when this runs on a JDK with virtual threads (21+)
    }
    if (kind.startsWith("summary") || writersOf(kind) > 0) {
      return "promsdk".equals(library) || "clientJava".equals(library);
    }
    if ("nativeHistogram".equals(kind) || "counterScraped".equals(kind)) {
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
    OBSERVATIONS.length(); // initialised before the baseline
    int writers = writersOf(kind);
    WriterThreads threads = writers == 0 ? null
        : "histogramPerRequest".equals(kind) ? WriterThreads.perRequest(writers, false)
        : "histogramVirtualPerRequest".equals(kind) ? WriterThreads.perRequest(writers, true)
        : WriterThreads.live(writers);
    long bytes;
    if (threads == null) {
      long before = usedAfterGc();
      Object built = build(library, kind, values, dropwizardNames);
      long after = usedAfterGc();
      Reference.reachabilityFence(built);
      bytes = after - before;
    } else {
      // Starting and ending threads shrinks the JVM's own heap use (by megabytes over 10,000
      // threads, and not settled by a warm-up), which would swamp a before/after difference. So
      // these rows measure what the metric retains: the heap with it, minus the heap once it is
      // dropped, both after the same threads have run.
      Object[] built = {buildWrittenBy(library, values, threads)};
      long with = usedAfterGc();
      built[0] = null;
      long without = usedAfterGc();
      threads.close();
      bytes = with - without;
    }
    Reference.reachabilityFence(values);
    Reference.reachabilityFence(dropwizardNames);
    System.out.println("RESULT " + library + " " + kind + " " + series + " " + bytes);
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

  /** Exponentially distributed values (mean 0.1) observed by the summary rows, in a fixed order. */
  private static final Observations OBSERVATIONS = new Observations();

  private static final class Observations {
    private final double[] values = new double[1 << 16];
    private int next;

    Observations() {
      java.util.Random random = new java.util.Random(42);
      for (int i = 0; i < values.length; i++) {
        values[i] = -0.1 * Math.log(1 - random.nextDouble());
      }
    }

    int length() {
      return values.length;
    }

    double next() {
      return values[next++ & (values.length - 1)];
    }
  }

  /** Builds one metric with {@code values.length} series (label values {@code GET}, values[i]). */
  static Object build(String library, String kind, String[] values, String[] dropwizardNames) {
    if (writersOf(kind) > 0) {
      kind = "histogram"; // written by the calling thread only: the warm-up, the smoke test
    }
    if (kind.startsWith("summary")) {
      return buildSummaries(library, values, observationsOf(kind), "summarySteady".equals(kind));
    }
    boolean counter = "counter".equals(kind) || "counterScraped".equals(kind);
    boolean scraped = "counterScraped".equals(kind);
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
          for (DoubleConsumer child : classicHistogram(registry, values)) {
            child.accept(0.1);
          }
        }
        if (scraped) { // as the HTTP server scrapes: streamed, in the Prometheus text format
          try {
            io.promsdk.exposition.ExpositionFormat.PROMETHEUS_TEXT.write(OutputStream.nullOutputStream(), registry);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
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
          for (DoubleConsumer child : classicHistogram(registry, values)) {
            child.accept(0.1);
          }
        }
        if (scraped) {
          try {
            io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
                .write(OutputStream.nullOutputStream(), registry.scrape(),
                    io.prometheus.metrics.config.EscapingScheme.DEFAULT);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
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

  /** promsdk's classic-only histogram with the 11 default buckets: one child per value, not observed. */
  static DoubleConsumer[] classicHistogram(io.promsdk.core.CollectorRegistry registry, String[] values) {
    var h = io.promsdk.core.metrics.Histogram.builder().name("latency_seconds").help("Latency.")
        .labelNames("method", "path").classicOnly().buckets(Inputs.DEFAULT_BUCKETS).register(registry);
    DoubleConsumer[] children = new DoubleConsumer[values.length];
    for (int i = 0; i < values.length; i++) {
      children[i] = h.labelValues("GET", values[i])::observe;
    }
    return children;
  }

  /** client_java's classic-only histogram with the 11 default buckets: one child per value. */
  static DoubleConsumer[] classicHistogram(io.prometheus.metrics.model.registry.PrometheusRegistry registry,
      String[] values) {
    var h = io.prometheus.metrics.core.metrics.Histogram.builder().name("latency_seconds").help("Latency.")
        .labelNames("method", "path").classicOnly().classicUpperBounds(Inputs.DEFAULT_BUCKETS)
        .withoutExemplars().register(registry);
    DoubleConsumer[] children = new DoubleConsumer[values.length];
    for (int i = 0; i < values.length; i++) {
      children[i] = h.labelValues("GET", values[i])::observe;
    }
    return children;
  }

  /**
   * A classic histogram (as in the histogram rows) whose every series is observed once by each of
   * {@code writers}' threads, which stay alive while the heap is measured.
   */
  static Object buildWrittenBy(String library, String[] values, WriterThreads writers) throws InterruptedException {
    switch (library) {
      case "promsdk" -> {
        var registry = new io.promsdk.core.CollectorRegistry();
        writers.observeEach(classicHistogram(registry, values));
        return registry;
      }
      case "clientJava" -> {
        var registry = new io.prometheus.metrics.model.registry.PrometheusRegistry();
        writers.observeEach(classicHistogram(registry, values));
        return registry;
      }
      default -> throw new IllegalArgumentException(library);
    }
  }

  /**
   * Platform threads that write series. {@link #live(int)}: started before the baseline (so their
   * {@code Thread} objects do not count), each observes every series once when told, then waits,
   * alive, until {@link #close()}, as a pool's threads do. {@link #perRequest(int)}: each observe
   * comes from a thread of its own that has ended before the heap is measured, as with a thread
   * (or, on JDK 21, a virtual thread) per request; nothing scrapes in between.
   */
  static final class WriterThreads implements AutoCloseable {
    /** Thread.ofVirtual(), reached by reflection: this module compiles for Java 17. */
    private static final java.lang.reflect.Method OF_VIRTUAL = method(Thread.class, "ofVirtual");
    private static final java.lang.reflect.Method UNSTARTED = OF_VIRTUAL == null ? null
        : method(classOrNull("java.lang.Thread$Builder"), "unstarted", Runnable.class);
    /** Whether this JDK has virtual threads. */
    static final boolean VIRTUAL = UNSTARTED != null;

    private final int threads;
    private final boolean live;
    private final boolean virtual;
    private final List<Thread> started = new ArrayList<>();
    private final CountDownLatch go = new CountDownLatch(1);
    private final CountDownLatch exit = new CountDownLatch(1);
    private final CountDownLatch done;
    private volatile DoubleConsumer[] targets;

    private WriterThreads(int threads, boolean live, boolean virtual) {
      this.threads = threads;
      this.live = live;
      this.virtual = virtual;
      this.done = new CountDownLatch(live ? threads : 0);
      for (int t = 0; live && t < threads; t++) {
        Thread thread = new Thread(() -> {
          try {
            go.await();
            observeOnce(targets); // in a frame of its own: none of its locals outlive it
            done.countDown();
            exit.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "writer-" + t);
        thread.setDaemon(true);
        thread.start();
        started.add(thread);
      }
    }

    static WriterThreads live(int threads) {
      return new WriterThreads(threads, true, false);
    }

    /** A thread per request, platform or (on JDK 21+) virtual. */
    static WriterThreads perRequest(int requests, boolean virtual) {
      if (virtual && !VIRTUAL) {
        throw new IllegalStateException("this JDK has no virtual threads");
      }
      return new WriterThreads(requests, false, virtual);
    }

    private Thread newRequestThread(Runnable body) {
      if (!virtual) {
        return new Thread(body);
      }
      try {
        return (Thread) UNSTARTED.invoke(OF_VIRTUAL.invoke(null), body);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    private static Class<?> classOrNull(String name) {
      try {
        return Class.forName(name);
      } catch (ClassNotFoundException e) {
        return null;
      }
    }

    private static java.lang.reflect.Method method(Class<?> type, String name, Class<?>... parameters) {
      try {
        return type == null ? null : type.getMethod(name, parameters);
      } catch (NoSuchMethodException e) {
        return null;
      }
    }

    /** Has every thread observe each of {@code children} once; returns when all have. */
    void observeEach(DoubleConsumer[] children) throws InterruptedException {
      targets = children;
      if (live) {
        go.countDown();
        done.await();
        targets = null; // the method references are the benchmark's, not the library's
        return;
      }
      // Short-lived threads, 8 at a time: each observes every series once and ends.
      for (int first = 0; first < threads; first += 8) {
        List<Thread> batch = new ArrayList<>();
        for (int t = first; t < Math.min(threads, first + 8); t++) {
          Thread request = newRequestThread(() -> observeOnce(targets));
          request.start();
          batch.add(request);
        }
        for (Thread request : batch) {
          request.join();
        }
      }
      targets = null;
    }

    private static void observeOnce(DoubleConsumer[] children) {
      for (DoubleConsumer child : children) {
        child.accept(0.1);
      }
    }

    @Override
    public void close() throws InterruptedException {
      exit.countDown();
      for (Thread thread : started) {
        thread.join();
      }
    }
  }

  /** Window of the summarySteady rows, and the pause that lets it slide past every observation. */
  private static final int SLIDING_WINDOW_SECONDS = 2;

  /**
   * A summary with {@link #SUMMARY_QUANTILES}, one series per value, each observed {@code n} times;
   * if {@code slide}, with a {@link #SLIDING_WINDOW_SECONDS} window, observed n times again after it
   * has passed.
   */
  private static Object buildSummaries(String library, String[] values, int n, boolean slide) {
    DoubleConsumer[] children = new DoubleConsumer[values.length];
    Object registry;
    switch (library) {
      case "promsdk" -> {
        var promsdk = new io.promsdk.core.CollectorRegistry();
        var b = io.promsdk.core.metrics.Summary.builder().name("latency_seconds").help("Latency.")
            .labelNames("method", "path");
        for (int q = 0; q < SUMMARY_QUANTILES.length; q++) {
          b.quantile(SUMMARY_QUANTILES[q], SUMMARY_ERRORS[q]);
        }
        if (slide) {
          b.maxAge(java.time.Duration.ofSeconds(SLIDING_WINDOW_SECONDS)).ageBuckets(5);
        }
        var summary = b.register(promsdk);
        for (int i = 0; i < values.length; i++) {
          children[i] = summary.labelValues("GET", values[i])::observe;
        }
        registry = promsdk;
      }
      case "clientJava" -> {
        var clientJava = new io.prometheus.metrics.model.registry.PrometheusRegistry();
        var b = io.prometheus.metrics.core.metrics.Summary.builder().name("latency_seconds").help("Latency.")
            .labelNames("method", "path").withoutExemplars();
        for (int q = 0; q < SUMMARY_QUANTILES.length; q++) {
          b.quantile(SUMMARY_QUANTILES[q], SUMMARY_ERRORS[q]);
        }
        if (slide) {
          b.maxAgeSeconds(SLIDING_WINDOW_SECONDS).numberOfAgeBuckets(5);
        }
        var summary = b.register(clientJava);
        for (int i = 0; i < values.length; i++) {
          children[i] = summary.labelValues("GET", values[i])::observe;
        }
        registry = clientJava;
      }
      default -> throw new IllegalArgumentException(library);
    }
    observeEach(children, n);
    if (slide) {
      try {
        Thread.sleep(SLIDING_WINDOW_SECONDS * 1000L + 500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      observeEach(children, n);
    }
    // The method references die here: only what the registries keep is measured.
    return registry;
  }

  private static void observeEach(DoubleConsumer[] children, int n) {
    for (DoubleConsumer child : children) {
      for (int i = 0; i < n; i++) {
        child.accept(OBSERVATIONS.next());
      }
    }
  }
}
