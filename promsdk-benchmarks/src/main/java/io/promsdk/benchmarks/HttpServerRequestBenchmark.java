package io.promsdk.benchmarks;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.instrumentation.http.HttpServerMetrics;
import io.promsdk.instrumentation.http.JdkHttpServerMetricsFilter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The metrics overhead of one HTTP server request, cycling through 4 cached label sets
 * (route x status), no network:
 * <ul>
 *   <li>{@code Timer.promsdk}, {@code TimerHistogram.promsdk} (the same code): {@code HttpServerMetrics.requestStarted()} and
 *       {@code requestFinished(..)}: in-flight gauge up and down, the series found by
 *       (method, route, status, exception), one histogram observation.
 *   <li>{@code JdkFilter.promsdk}: the same through {@code JdkHttpServerMetricsFilter.doFilter} on a
 *       fake {@code HttpExchange} whose handler does nothing (the route from the context path).
 *   <li>{@code Timer.micrometer}: what Micrometer's servlet/WebMvc recording does per request:
 *       {@code Timer.Sample.start}, then {@code Timer.builder("http.server.requests")} with the same
 *       five tags (method, uri, status, outcome, exception) registered (looked up) in a
 *       {@code PrometheusMeterRegistry} and {@code sample.stop(timer)}; Spring Boot's default
 *       Timer (count, sum, max; no buckets), so cheaper than ours, which fills buckets.
 *   <li>{@code TimerHistogram.micrometer}: the same with {@code publishPercentileHistogram()}, the
 *       Boot setting for histogram_quantile, comparable to our buckets.
 * </ul>
 * Micrometer's in-flight tracking (a LongTaskTimer in the observation handler) is not included:
 * the Micrometer rows do less work than ours.
 */
public class HttpServerRequestBenchmark {
  private static final String[] ROUTES = {"/users/{id}", "/orders/{id}", "/users/{id}", "/orders/{id}"};
  private static final int[] STATUSES = {200, 200, 404, 201};
  private static final String[] STATUS_TEXT = {"200", "200", "404", "201"};
  private static final String[] OUTCOMES = {"SUCCESS", "SUCCESS", "CLIENT_ERROR", "SUCCESS"};

  /** Every library's recorder with the 4 label sets already created (a cached route). */
  @State(Scope.Thread)
  public static class Fixture {
    HttpServerMetrics metrics;
    JdkHttpServerMetricsFilter filter;
    // Empty chains straight to the handler: a Chain's iterator is used up after one request, an
    // empty one stays empty, so the filter can be called again and again without a new Chain.
    Filter.Chain[] toHandler;
    FakeExchange[] exchanges;
    PrometheusMeterRegistry micrometer;
    PrometheusMeterRegistry micrometerHistogram;
    int next;

    @Setup
    public void setup() throws IOException {
      metrics = HttpServerMetrics.builder().register(new CollectorRegistry());
      filter = new JdkHttpServerMetricsFilter(metrics);
      HttpServer unstarted = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      toHandler = new Filter.Chain[ROUTES.length];
      exchanges = new FakeExchange[ROUTES.length];
      for (int i = 0; i < ROUTES.length; i++) {
        int status = STATUSES[i];
        HttpHandler handler = ex -> ex.sendResponseHeaders(status, -1);
        HttpContext context = unstarted.createContext(ROUTES[i] + i, handler);
        toHandler[i] = new Filter.Chain(List.of(), handler);
        exchanges[i] = new FakeExchange(context, URI.create("/users/42"));
      }
      unstarted.stop(0);
      micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      micrometerHistogram = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      for (int i = 0; i < ROUTES.length; i++) {
        recordPromsdk(this);
        recordMicrometer(this, micrometer, false);
        recordMicrometer(this, micrometerHistogram, true);
      }
    }

    int nextIndex() {
      return next = (next + 1) & 3;
    }
  }

  static void recordPromsdk(Fixture f) {
    int i = f.nextIndex();
    f.metrics.requestFinished(f.metrics.requestStarted(), "GET", ROUTES[i], "/users/42", STATUSES[i],
        null, -1, -1);
  }

  /** Micrometer's per-request recording: a sample, then the timer looked up by its tags. */
  static void recordMicrometer(Fixture f, PrometheusMeterRegistry registry, boolean histogram) {
    int i = f.nextIndex();
    io.micrometer.core.instrument.Timer.Sample sample = io.micrometer.core.instrument.Timer.start(registry);
    io.micrometer.core.instrument.Timer.Builder timer = io.micrometer.core.instrument.Timer.builder("http.server.requests").tags(Tags.of("method", "GET",
        "uri", ROUTES[i], "status", STATUS_TEXT[i], "outcome", OUTCOMES[i], "exception", "none"));
    sample.stop((histogram ? timer.publishPercentileHistogram() : timer).register(registry));
  }

  /** Micrometer: Spring Boot's default Timer (count, sum, max; no buckets). */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public static class Timer {
    @Benchmark
    public void promsdk(Fixture f) {
      recordPromsdk(f);
    }

    @Benchmark
    public void micrometer(Fixture f) {
      recordMicrometer(f, f.micrometer, false);
    }
  }

  /** Micrometer: {@code publishPercentileHistogram()}, buckets like ours. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public static class TimerHistogram {
    @Benchmark
    public void promsdk(Fixture f) {
      recordPromsdk(f);
    }

    @Benchmark
    public void micrometer(Fixture f) {
      recordMicrometer(f, f.micrometerHistogram, true);
    }
  }

  /** promsdk's JDK HttpServer filter around a handler that only sends the status. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public static class JdkFilter {
    @Benchmark
    public void promsdk(Fixture f) throws IOException {
      int i = f.nextIndex();
      f.filter.doFilter(f.exchanges[i], f.toHandler[i]);
    }
  }

  /** An exchange that remembers the status sent and nothing else. */
  static final class FakeExchange extends HttpExchange {
    private final HttpContext context;
    private final URI uri;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private int status = -1;

    FakeExchange(HttpContext context, URI uri) {
      this.context = context;
      this.uri = uri;
    }

    @Override public Headers getRequestHeaders() { return requestHeaders; }
    @Override public Headers getResponseHeaders() { return responseHeaders; }
    @Override public URI getRequestURI() { return uri; }
    @Override public String getRequestMethod() { return "GET"; }
    @Override public HttpContext getHttpContext() { return context; }
    @Override public void close() {}
    @Override public InputStream getRequestBody() { return new ByteArrayInputStream(new byte[0]); }
    @Override public OutputStream getResponseBody() { return OutputStream.nullOutputStream(); }
    @Override public void sendResponseHeaders(int code, long length) { status = code; }
    @Override public InetSocketAddress getRemoteAddress() { return null; }
    @Override public int getResponseCode() { return status; }
    @Override public InetSocketAddress getLocalAddress() { return null; }
    @Override public String getProtocol() { return "HTTP/1.1"; }
    @Override public Object getAttribute(String name) { return null; }
    @Override public void setAttribute(String name, Object value) {}
    @Override public void setStreams(InputStream i, OutputStream o) {}
    @Override public HttpPrincipal getPrincipal() { return null; }
  }

}
