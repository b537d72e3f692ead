package io.promsdk.instrumentation.http;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.model.Unit;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records HTTP server requests, whatever the transport: a duration histogram labelled like Spring
 * Boot's (and Micrometer's) {@code http_server_requests_seconds{method,uri,status,outcome,exception}},
 * so that existing dashboards work; a gauge of the requests in flight; optionally histograms of the
 * request and response body sizes. The adapters ({@link JdkHttpServerMetricsFilter},
 * {@link JakartaServletMetricsFilter}) call it; so may your own.
 *
 * <pre>{@code
 * HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
 * long start = metrics.requestStarted();
 * Throwable escaped = null;
 * try { handle(request); } catch (RuntimeException e) { escaped = e; throw e; }
 * finally {
 *   metrics.requestFinished(start, "GET", "/users/{id}", null, 200, escaped, -1, 1234);
 * }
 * }</pre>
 *
 * <p>The {@code uri} label is the route template, never the raw path (unless
 * {@link Builder#rawPathForUnmatchedRoutes} opts in): an unmatched request is {@code NOT_FOUND}
 * (404), {@code REDIRECTION} (3xx) or {@code UNKNOWN}, and the empty template is {@code root}, as
 * in Spring's {@code DefaultServerRequestObservationConvention}. At most
 * {@link Builder#maxLabelSets} label sets are created; the requests of any further one are recorded
 * under {@code uri} = {@link Builder#overflowUri} (default {@code OVERFLOW}) with their own method,
 * status and exception, so that the totals stay right.
 *
 * <p>Recording a request of a label set seen before is lock-free and allocates nothing.
 */
public final class HttpServerMetrics {
  static final String ROOT = "root";
  static final String NOT_FOUND = "NOT_FOUND";
  static final String REDIRECTION = "REDIRECTION";
  static final String UNKNOWN = "UNKNOWN";

  private final Histogram duration;
  private final Gauge inFlight;
  private final Histogram requestSize;   // null unless enabled
  private final Histogram responseSize;  // null unless enabled
  private final boolean rawPathForUnmatchedRoutes;
  private final String noException;
  private final int maxLabelSets;

  /*
   * Invariants of the series cache:
   * - routes maps a uri label value to its RouteSeries; entries are never removed, and none is put
   *   once it holds maxLabelSets (a new uri then goes to overflowRoute): the size check and the put
   *   are not atomic, so threads racing may pass maxLabelSets by at most their number. A route
   *   entry alone exposes nothing; only series (below) are label sets, and their cap is exact.
   * - labelSets counts the series created in all RouteSeries but overflowRoute; it only grows, by
   *   a compare-and-set that refuses to pass maxLabelSets, so the cap holds exactly even when
   *   several routes create series at once.
   * - overflowRoute's series are bounded by methods x statuses x exception classes, not counted.
   */
  private final ConcurrentHashMap<String, RouteSeries> routes = new ConcurrentHashMap<>();
  private final RouteSeries overflowRoute;
  private final AtomicInteger labelSets = new AtomicInteger();

  private HttpServerMetrics(Builder b) {
    String[] labels = {"method", "uri", "status", "outcome", "exception"};
    this.duration = Histogram.builder().name(b.durationName).unit(Unit.SECONDS)
        .help("Duration of HTTP server requests").labelNames(labels).buckets(b.durationBuckets)
        .register(b.registry);
    this.inFlight = Gauge.builder().name(b.inFlightName)
        .help("HTTP server requests being handled now").register(b.registry);
    this.requestSize = b.requestSizeBuckets == null ? null
        : Histogram.builder().name(b.requestSizeName).unit(Unit.BYTES)
            .help("Body size of HTTP server requests, where known").labelNames(labels)
            .buckets(b.requestSizeBuckets).register(b.registry);
    this.responseSize = b.responseSizeBuckets == null ? null
        : Histogram.builder().name(b.responseSizeName).unit(Unit.BYTES)
            .help("Body size of HTTP server responses, where known").labelNames(labels)
            .buckets(b.responseSizeBuckets).register(b.registry);
    this.rawPathForUnmatchedRoutes = b.rawPathForUnmatchedRoutes;
    this.noException = b.noException;
    this.maxLabelSets = b.maxLabelSets;
    this.overflowRoute = new RouteSeries(b.overflowUri, false);
  }

  /**
   * A builder with Spring Boot compatible defaults.
   *
   * <pre>{@code
   * HttpServerMetrics metrics = HttpServerMetrics.builder()
   *     .responseSizeBuckets(Histogram.exponentialBuckets(100, 10, 6))
   *     .maxLabelSets(2000)
   *     .register(registry);
   * }</pre>
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Counts the request in flight; returns the start time to pass to {@link #requestFinished}. */
  public long requestStarted() {
    inFlight.inc();
    return System.nanoTime();
  }

  /**
   * Records a finished request and counts it out of the requests in flight.
   *
   * @param startNanos what {@link #requestStarted()} returned
   * @param method the HTTP method; non-standard ones are recorded as {@code UNKNOWN}
   * @param route the route template ({@code /users/{id}}), or null when no route matched
   * @param rawPath the request path, used only with {@link Builder#rawPathForUnmatchedRoutes} when
   *     {@code route} is null; may be null
   * @param status the response status
   * @param escaped the exception that escaped the handler, or null
   * @param requestBytes the request body size, or a negative number when unknown (not recorded)
   * @param responseBytes the response body size, or a negative number when unknown (not recorded)
   */
  public void requestFinished(long startNanos, String method, String route, String rawPath,
      int status, Throwable escaped, long requestBytes, long responseBytes) {
    try {
      Series series = series(MethodText.of(method), uri(route, rawPath, status),
          StatusText.of(status), escaped == null ? noException : exceptionName(escaped));
      series.duration.observeDuration((System.nanoTime() - startNanos) / 1e9);
      if (series.requestSize != null && requestBytes >= 0) {
        series.requestSize.observe(requestBytes);
      }
      if (series.responseSize != null && responseBytes >= 0) {
        series.responseSize.observe(responseBytes);
      }
    } finally {
      inFlight.dec();
    }
  }

  /** Whether request sizes are recorded: adapters skip reading them otherwise. */
  public boolean recordsRequestSize() {
    return requestSize != null;
  }

  /** Whether response sizes are recorded: adapters skip reading them otherwise. */
  public boolean recordsResponseSize() {
    return responseSize != null;
  }

  /** The requests being handled now. */
  public double inFlight() {
    return inFlight.get();
  }

  /** The {@code uri} label value for a request, before the cap. */
  String uri(String route, String rawPath, int status) {
    if (route != null) {
      return route.isEmpty() ? ROOT : route;
    }
    if (rawPathForUnmatchedRoutes && rawPath != null) {
      return rawPath.isEmpty() ? ROOT : rawPath;
    }
    if (status >= 300 && status < 400) {
      return REDIRECTION;
    }
    return status == 404 ? NOT_FOUND : UNKNOWN;
  }

  /** Spring's rule: the simple class name, the full name for anonymous classes. */
  static String exceptionName(Throwable escaped) {
    Class<?> type = escaped.getClass();
    String simple = type.getSimpleName(); // cached by the JDK after the first call
    return simple.isEmpty() ? type.getName() : simple;
  }

  Series series(String method, String uri, String status, String exception) {
    RouteSeries route = routes.get(uri);
    if (route == null) {
      route = routeForNewUri(uri);
    }
    Series found = route.find(method, status, exception);
    if (found != null) {
      return found;
    }
    if (route.counted && labelSets.get() >= maxLabelSets) {
      // Beyond the cap (which only grows): straight to overflowRoute, without the route's lock on
      // every such request. A set another thread is adding to this route right now with the last
      // free slot sends this one request to overflowRoute; later ones find that set.
      return createInOverflow(method, status, exception);
    }
    return create(route, method, status, exception);
  }

  private RouteSeries routeForNewUri(String uri) {
    if (routes.size() >= maxLabelSets) {
      return overflowRoute;
    }
    return routes.computeIfAbsent(uri, u -> new RouteSeries(u, true));
  }

  private Series create(RouteSeries route, String method, String status, String exception) {
    synchronized (route) {
      Series found = route.find(method, status, exception);
      if (found != null) {
        return found;
      }
      if (route.counted && !countNewLabelSet()) {
        // Lock order: a counted route, then overflowRoute; overflowRoute never locks another.
        return createInOverflow(method, status, exception);
      }
      return route.add(newSeries(method, route.uri, status, exception));
    }
  }

  /** Counts a new label set unless the cap is reached; exact under concurrent routes (CAS). */
  private boolean countNewLabelSet() {
    int current;
    do {
      current = labelSets.get();
      if (current >= maxLabelSets) {
        return false;
      }
    } while (!labelSets.compareAndSet(current, current + 1));
    return true;
  }

  private Series createInOverflow(String method, String status, String exception) {
    Series found = overflowRoute.find(method, status, exception);
    return found != null ? found : create(overflowRoute, method, status, exception);
  }

  private Series newSeries(String method, String uri, String status, String exception) {
    String outcome = Outcome.of(status == StatusText.OUT_OF_RANGE ? 0 : Integer.parseInt(status)).name();
    String[] values = {method, uri, status, outcome, exception};
    return new Series(method, status, exception, duration.labelValues(values),
        requestSize == null ? null : requestSize.labelValues(values),
        responseSize == null ? null : responseSize.labelValues(values));
  }

  /** The number of label sets created below the cap (the overflow series not counted). */
  int labelSets() {
    return labelSets.get();
  }

  /** The cached children of one label set. Immutable. */
  static final class Series {
    final String method;  // a MethodText constant: compared by identity
    final String status;  // a StatusText constant: compared by identity
    final String exception;
    final Histogram.Child duration;
    final Histogram.Child requestSize;
    final Histogram.Child responseSize;

    Series(String method, String status, String exception, Histogram.Child duration,
        Histogram.Child requestSize, Histogram.Child responseSize) {
      this.method = method;
      this.status = status;
      this.exception = exception;
      this.duration = duration;
      this.requestSize = requestSize;
      this.responseSize = responseSize;
    }
  }

  /**
   * The series of one {@code uri} value. A route has few (methods x statuses x exceptions), so a
   * copy-on-write array scanned linearly beats a map and allocates nothing to look up.
   * Invariants: {@code series} only grows; it is replaced (never changed in place) under this
   * object's lock, and read without it through the volatile field, so a reader sees a complete array.
   */
  static final class RouteSeries {
    final String uri;
    final boolean counted;
    private volatile Series[] series = new Series[0];

    RouteSeries(String uri, boolean counted) {
      this.uri = uri;
      this.counted = counted;
    }

    Series find(String method, String status, String exception) {
      for (Series s : series) {
        if (s.method == method && s.status == status && s.exception.equals(exception)) {
          return s;
        }
      }
      return null;
    }

    /** Called under this object's lock. */
    Series add(Series added) {
      Series[] current = series;
      Series[] grown = java.util.Arrays.copyOf(current, current.length + 1);
      grown[current.length] = added;
      series = grown;
      return added;
    }
  }

  /** Configures {@link HttpServerMetrics}; every option has a default (see the module README). */
  public static final class Builder {
    private String durationName = "http_server_requests";
    private String inFlightName = "http_server_requests_in_flight";
    private String requestSizeName = "http_server_request_size";
    private String responseSizeName = "http_server_response_size";
    private double[] durationBuckets = Histogram.defaultBuckets();
    private double[] requestSizeBuckets;
    private double[] responseSizeBuckets;
    private boolean rawPathForUnmatchedRoutes;
    private int maxLabelSets = 1000;
    private String overflowUri = "OVERFLOW";
    private String noException = "none";
    private CollectorRegistry registry;

    private Builder() {}

    /** The duration histogram's name before {@code _seconds}; default {@code http_server_requests}. */
    public Builder durationName(String name) {
      this.durationName = Objects.requireNonNull(name, "durationName");
      return this;
    }

    /** The in-flight gauge's name; default {@code http_server_requests_in_flight}. */
    public Builder inFlightName(String name) {
      this.inFlightName = Objects.requireNonNull(name, "inFlightName");
      return this;
    }

    /** The request size histogram's name before {@code _bytes}; default {@code http_server_request_size}. */
    public Builder requestSizeName(String name) {
      this.requestSizeName = Objects.requireNonNull(name, "requestSizeName");
      return this;
    }

    /** The response size histogram's name before {@code _bytes}; default {@code http_server_response_size}. */
    public Builder responseSizeName(String name) {
      this.responseSizeName = Objects.requireNonNull(name, "responseSizeName");
      return this;
    }

    /** Duration buckets in seconds; default {@link Histogram#defaultBuckets()}. */
    public Builder durationBuckets(double... upperBounds) {
      this.durationBuckets = upperBounds.clone();
      return this;
    }

    /** Enables the request size histogram with these buckets (bytes); off by default. */
    public Builder requestSizeBuckets(double... upperBounds) {
      this.requestSizeBuckets = upperBounds.clone();
      return this;
    }

    /** Enables the response size histogram with these buckets (bytes); off by default. */
    public Builder responseSizeBuckets(double... upperBounds) {
      this.responseSizeBuckets = upperBounds.clone();
      return this;
    }

    /**
     * Opt-in: label requests no route matched with their raw path instead of
     * {@code NOT_FOUND}/{@code REDIRECTION}/{@code UNKNOWN}. Off by default, because a scanner
     * probing random paths then creates a series per path (up to {@link #maxLabelSets}).
     */
    public Builder rawPathForUnmatchedRoutes(boolean enabled) {
      this.rawPathForUnmatchedRoutes = enabled;
      return this;
    }

    /** At most this many label sets (default 1000); further ones are recorded under {@link #overflowUri}. */
    public Builder maxLabelSets(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxLabelSets must be at least 1, got " + max);
      }
      this.maxLabelSets = max;
      return this;
    }

    /** The {@code uri} value of the label sets beyond the cap; default {@code OVERFLOW}. */
    public Builder overflowUri(String value) {
      this.overflowUri = Objects.requireNonNull(value, "overflowUri");
      return this;
    }

    /**
     * The {@code exception} value when none escaped: default {@code none} (Spring Boot 3,
     * Micrometer 1.10+); {@code None} matches Spring Boot 2's dashboards.
     */
    public Builder noExceptionValue(String value) {
      this.noException = Objects.requireNonNull(value, "noExceptionValue");
      return this;
    }

    /** Builds the metrics and registers them with {@code registry}. */
    public HttpServerMetrics register(CollectorRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return new HttpServerMetrics(this);
    }

    /** Builds the metrics and registers them with {@link CollectorRegistry#defaultRegistry()}. */
    public HttpServerMetrics register() {
      return register(CollectorRegistry.defaultRegistry());
    }
  }
}
