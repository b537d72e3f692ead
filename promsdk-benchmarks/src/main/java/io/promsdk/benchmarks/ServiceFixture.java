package io.promsdk.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The second scrape fixture: 1,020 series shaped like the registry of a real service rather than
 * one wide counter. Ten counter families of 100 label sets each and two classic histogram families
 * of 10 label sets each, with the label names, label values and buckets such a service has:
 *
 * <pre>
 * family                                      labels                        label sets  values
 * http_server_requests_total                  method, route, status         5 x 10 x 2  counts
 * http_server_response_bytes_total            method, route, status         5 x 10 x 2  bytes
 * http_client_requests_total                  peer, method, status          10 x 2 x 5  counts
 * grpc_server_handled_total                   grpc_service, grpc_method,    2 x 10 x 5  counts
 *                                             grpc_code
 * db_client_operations_total                  db, operation, table          2 x 5 x 10  counts
 * cache_requests_total                        cache, tier, result           10 x 2 x 5  counts
 * kafka_consumer_records_total                topic, partition              10 x 10     counts
 * jobs_processed_total                        queue, outcome, priority      10 x 5 x 2  counts
 * jobs_processing_seconds_total               queue, outcome, priority      10 x 5 x 2  seconds
 * log_events_total                            logger, level                 20 x 5      counts
 * http_server_request_duration_seconds        method, route                 2 x 5       11 buckets
 * db_client_operation_duration_seconds        db, operation                 2 x 5       14 buckets
 * </pre>
 *
 * <p>Counts are whole numbers of 1 to 6 digits (bytes up to 10 digits), drawn once from a fixed
 * seed; {@code jobs_processing_seconds_total} holds sums of latencies, full-precision fractions
 * such as {@code 1234.5678901234567}, as a real seconds counter does. The request histogram has the
 * 11 default buckets of client_golang and client_java; the database histogram the 14 of the
 * OpenTelemetry semantic conventions for durations. Each histogram series holds 200 observations
 * from {@link Inputs#OBSERVATION}, so its sum is a full-precision fraction too.
 *
 * <p>Every label value is a {@code String} built here, before any registry, so that no library
 * pays for it, and every library is given the same values in the same order.
 */
public final class ServiceFixture {
  private ServiceFixture() {}

  public static final int COUNTER_LABEL_SETS = 100;
  public static final int HISTOGRAM_LABEL_SETS = 10;
  private static final int OBSERVATIONS_PER_HISTOGRAM_SERIES = 200;

  /** A counter family: its name (with {@code _total}), help, label names and one row per series. */
  public record CounterFamily(String name, String help, String[] labelNames, String[][] labelValues,
      double[] values) {}

  /** A histogram family: its buckets and, per series, the observations to record in order. */
  public record HistogramFamily(String name, String help, String[] labelNames, String[][] labelValues,
      double[] buckets, double[][] observations) {}

  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"};
  private static final String[] ROUTES = {"/api/v1/users", "/api/v1/users/{id}", "/api/v1/orders",
      "/api/v1/orders/{id}", "/api/v1/orders/{id}/items", "/api/v1/products", "/api/v1/products/{id}",
      "/api/v1/search", "/healthz", "/metrics"};
  private static final String[] ENTITIES = {"users", "orders", "products", "sessions", "carts",
      "prices", "inventory", "tokens", "settings", "translations"};
  private static final String[] PEERS = {"payments.internal:8443", "inventory.internal:8443",
      "shipping.internal:8443", "pricing.internal:8443", "search.internal:9200",
      "auth.internal:8443", "notifications.internal:8443", "recommendations.internal:8443",
      "fraud-check.internal:8443", "geo.internal:8443"};

  /** The counter families, in registration order. */
  public static final List<CounterFamily> COUNTERS;

  /** The histogram families, in registration order (after the counters). */
  public static final List<HistogramFamily> HISTOGRAMS;

  static {
    SplittableRandom random = new SplittableRandom(20261201);
    List<CounterFamily> counters = new ArrayList<>();
    String[][] httpServer = product(METHODS, ROUTES, new String[] {"200", "500"});
    counters.add(new CounterFamily("http_server_requests_total", "HTTP requests served.",
        new String[] {"method", "route", "status"}, httpServer, counts(random, 1_000_000)));
    counters.add(new CounterFamily("http_server_response_bytes_total", "Bytes of HTTP response bodies sent.",
        new String[] {"method", "route", "status"}, httpServer, counts(random, 10_000_000_000L)));
    counters.add(new CounterFamily("http_client_requests_total", "HTTP requests sent to other services.",
        new String[] {"peer", "method", "status"},
        product(PEERS, new String[] {"GET", "POST"}, new String[] {"200", "201", "404", "500", "503"}),
        counts(random, 100_000)));
    counters.add(new CounterFamily("grpc_server_handled_total", "RPCs completed on the server.",
        new String[] {"grpc_service", "grpc_method", "grpc_code"},
        product(new String[] {"shop.v1.OrderService", "shop.v1.CatalogService"},
            new String[] {"Get", "List", "Create", "Update", "Delete", "Search", "Watch", "BatchGet",
                "Reserve", "Cancel"},
            new String[] {"OK", "NotFound", "InvalidArgument", "Unavailable", "DeadlineExceeded"}),
        counts(random, 100_000)));
    String[] tables = new String[ENTITIES.length];
    for (int i = 0; i < tables.length; i++) {
      tables[i] = "shop." + ENTITIES[i];
    }
    counters.add(new CounterFamily("db_client_operations_total", "Database operations executed.",
        new String[] {"db", "operation", "table"},
        product(new String[] {"postgresql", "redis"},
            new String[] {"SELECT", "INSERT", "UPDATE", "DELETE", "UPSERT"}, tables),
        counts(random, 1_000_000)));
    counters.add(new CounterFamily("cache_requests_total", "Cache lookups.",
        new String[] {"cache", "tier", "result"},
        product(ENTITIES, new String[] {"local", "remote"},
            new String[] {"hit", "miss", "expired", "load_failure", "evicted"}),
        counts(random, 1_000_000)));
    String[] topics = new String[ENTITIES.length];
    for (int i = 0; i < topics.length; i++) {
      topics[i] = "shop." + ENTITIES[i] + ".events.v1";
    }
    counters.add(new CounterFamily("kafka_consumer_records_total", "Records consumed.",
        new String[] {"topic", "partition"},
        product(topics, new String[] {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}),
        counts(random, 10_000_000)));
    String[] queues = new String[ENTITIES.length];
    for (int i = 0; i < queues.length; i++) {
      queues[i] = ENTITIES[i] + "-sync";
    }
    String[][] jobs = product(queues,
        new String[] {"succeeded", "failed", "retried", "discarded", "timed_out"},
        new String[] {"high", "low"});
    counters.add(new CounterFamily("jobs_processed_total", "Background jobs processed.",
        new String[] {"queue", "outcome", "priority"}, jobs, counts(random, 100_000)));
    double[] seconds = new double[COUNTER_LABEL_SETS];
    for (int i = 0; i < seconds.length; i++) {
      double sum = 0;
      for (int k = 0; k < 1 + i % 50; k++) {
        sum += Inputs.OBSERVATION[(i * 50 + k) & Inputs.OBSERVATION_MASK];
      }
      seconds[i] = sum;
    }
    counters.add(new CounterFamily("jobs_processing_seconds_total",
        "Time spent processing background jobs.", new String[] {"queue", "outcome", "priority"}, jobs,
        seconds));
    String[] loggers = new String[2 * ENTITIES.length];
    for (int i = 0; i < ENTITIES.length; i++) {
      String type = Character.toUpperCase(ENTITIES[i].charAt(0)) + ENTITIES[i].substring(1);
      loggers[2 * i] = "com.example.shop." + type + "Service";
      loggers[2 * i + 1] = "com.example.shop." + type + "Repository";
    }
    counters.add(new CounterFamily("log_events_total", "Log events, by logger and level.",
        new String[] {"logger", "level"},
        product(loggers, new String[] {"TRACE", "DEBUG", "INFO", "WARN", "ERROR"}),
        counts(random, 100_000)));
    COUNTERS = List.copyOf(counters);

    List<HistogramFamily> histograms = new ArrayList<>();
    histograms.add(new HistogramFamily("http_server_request_duration_seconds",
        "HTTP request latency.", new String[] {"method", "route"},
        product(new String[] {"GET", "POST"},
            new String[] {"/api/v1/users/{id}", "/api/v1/orders", "/api/v1/orders/{id}",
                "/api/v1/products", "/api/v1/search"}),
        Inputs.DEFAULT_BUCKETS, observations(0)));
    histograms.add(new HistogramFamily("db_client_operation_duration_seconds",
        "Database operation latency.", new String[] {"db", "operation"},
        product(new String[] {"postgresql", "redis"},
            new String[] {"SELECT", "INSERT", "UPDATE", "DELETE", "UPSERT"}),
        new double[] {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10},
        observations(HISTOGRAM_LABEL_SETS)));
    HISTOGRAMS = List.copyOf(histograms);
    for (CounterFamily f : COUNTERS) {
      check(f.name(), f.labelValues(), COUNTER_LABEL_SETS);
    }
    for (HistogramFamily f : HISTOGRAMS) {
      check(f.name(), f.labelValues(), HISTOGRAM_LABEL_SETS);
    }
  }

  /** Every combination of the dimensions, the last one varying fastest. */
  private static String[][] product(String[]... dimensions) {
    int n = 1;
    for (String[] d : dimensions) {
      n *= d.length;
    }
    String[][] rows = new String[n][dimensions.length];
    for (int r = 0; r < n; r++) {
      int rest = r;
      for (int d = dimensions.length - 1; d >= 0; d--) {
        rows[r][d] = dimensions[d][rest % dimensions[d].length];
        rest /= dimensions[d].length;
      }
    }
    return rows;
  }

  /** Whole-number counter values from 1 to {@code max}, spread over their orders of magnitude. */
  private static double[] counts(SplittableRandom random, long max) {
    double[] values = new double[COUNTER_LABEL_SETS];
    double logMax = Math.log(max);
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.max(1, Math.floor(Math.exp(random.nextDouble() * logMax)));
    }
    return values;
  }

  private static double[][] observations(int firstSeries) {
    double[][] o = new double[HISTOGRAM_LABEL_SETS][OBSERVATIONS_PER_HISTOGRAM_SERIES];
    for (int s = 0; s < o.length; s++) {
      for (int k = 0; k < o[s].length; k++) {
        o[s][k] = Inputs.OBSERVATION[((firstSeries + s) * OBSERVATIONS_PER_HISTOGRAM_SERIES + k)
            & Inputs.OBSERVATION_MASK];
      }
    }
    return o;
  }

  private static void check(String family, String[][] labelValues, int expected) {
    if (labelValues.length != expected) {
      throw new AssertionError(family + " has " + labelValues.length + " label sets, not " + expected);
    }
  }

  /** How many series the fixture has: 1,020. */
  public static int seriesCount() {
    return COUNTERS.size() * COUNTER_LABEL_SETS + HISTOGRAMS.size() * HISTOGRAM_LABEL_SETS;
  }

  // ------------------------------------------------------------------------------------ promsdk

  public static io.promsdk.core.CollectorRegistry promsdk() {
    io.promsdk.core.CollectorRegistry registry = new io.promsdk.core.CollectorRegistry();
    for (CounterFamily f : COUNTERS) {
      io.promsdk.core.metrics.Counter counter = io.promsdk.core.metrics.Counter.builder()
          .name(f.name()).help(f.help()).labelNames(f.labelNames()).register(registry);
      for (int i = 0; i < f.labelValues().length; i++) {
        counter.labelValues(f.labelValues()[i]).inc(f.values()[i]);
      }
    }
    for (HistogramFamily f : HISTOGRAMS) {
      io.promsdk.core.metrics.Histogram histogram = io.promsdk.core.metrics.Histogram.builder()
          .name(f.name()).help(f.help()).labelNames(f.labelNames()).classicOnly().buckets(f.buckets())
          .register(registry); // classic only, as client_java's below: the same samples in every format
      for (int i = 0; i < f.labelValues().length; i++) {
        io.promsdk.core.metrics.Histogram.Child child = histogram.labelValues(f.labelValues()[i]);
        for (double v : f.observations()[i]) {
          child.observe(v);
        }
      }
    }
    return registry;
  }

  // --------------------------------------------------------------------------------- client_java

  public static io.prometheus.metrics.model.registry.PrometheusRegistry clientJava() {
    io.prometheus.metrics.model.registry.PrometheusRegistry registry =
        new io.prometheus.metrics.model.registry.PrometheusRegistry();
    for (CounterFamily f : COUNTERS) {
      io.prometheus.metrics.core.metrics.Counter counter = io.prometheus.metrics.core.metrics.Counter.builder()
          .name(f.name()).help(f.help()).labelNames(f.labelNames()).withoutExemplars().register(registry);
      for (int i = 0; i < f.labelValues().length; i++) {
        counter.labelValues(f.labelValues()[i]).inc(f.values()[i]);
      }
    }
    for (HistogramFamily f : HISTOGRAMS) {
      io.prometheus.metrics.core.metrics.Histogram histogram = io.prometheus.metrics.core.metrics.Histogram.builder()
          .name(f.name()).help(f.help()).labelNames(f.labelNames()).classicOnly()
          .classicUpperBounds(f.buckets()).withoutExemplars().register(registry);
      for (int i = 0; i < f.labelValues().length; i++) {
        io.prometheus.metrics.core.datapoints.DistributionDataPoint child =
            histogram.labelValues(f.labelValues()[i]);
        for (double v : f.observations()[i]) {
          child.observe(v);
        }
      }
    }
    return registry;
  }
}
