package io.promsdk.benchmarks;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.instrumentation.http.HttpServerMetrics;
import io.promsdk.instrumentation.http.JakartaServletMetricsFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The metrics overhead of one request through a servlet filter, no container and no network: the
 * filter runs in a minimal in-process {@link FilterChain} whose handler does only what Spring MVC's
 * dispatcher does for the metrics (tells the route template) and sets the status. 4 cached label
 * sets (route x status) are cycled; the request and response are spring-test's servlet mocks,
 * the same shape ({@code GET /users/42}) for every row, reused across invocations.
 * <ul>
 *   <li>{@code promsdk}: {@link JakartaServletMetricsFilter} over {@link HttpServerMetrics}
 *       (in-flight gauge, series lookup, 11-bucket histogram); the handler sets Spring's
 *       {@code HandlerMapping.bestMatchingPattern} request attribute, as DispatcherServlet does.
 *   <li>{@code micrometer}: what Spring Boot 4 (Spring Framework 7) installs: Spring's
 *       {@link ServerHttpObservationFilter} over a Micrometer {@link ObservationRegistry} with a
 *       {@link DefaultMeterObservationHandler} on a {@link PrometheusMeterRegistry} (the
 *       {@code http.server.requests} Timer and its {@code .active} LongTaskTimer, Boot's in-flight
 *       measure); the handler sets the path pattern on the observation context, as Spring MVC's
 *       handler mapping does. The filter leaves its observation in two request attributes; they
 *       are removed after each request (a reused request would otherwise reuse the observation),
 *       which this row pays for.
 *   <li>{@code DefaultTimer}: Spring Boot's default Timer (count, sum, max; no buckets), so less
 *       work than promsdk's buckets. {@code PercentilesHistogram}: {@code percentiles-histogram} on, as Boot's
 *       {@code management.metrics.distribution.percentiles-histogram.http.server.requests=true}
 *       sets through a {@code MeterFilter}: buckets like promsdk's.
 * </ul>
 */
public class ServletFilterBenchmark {
  private static final String[] ROUTES = {"/users/{id}", "/orders/{id}", "/users/{id}", "/orders/{id}"};
  private static final int[] STATUSES = {200, 200, 404, 201};

  /** One library's filter, with the 4 label sets already created, and its reused requests. */
  public abstract static class Requests {
    Filter filter;
    MockHttpServletRequest[] requests;
    MockHttpServletResponse[] responses;
    FilterChain[] handlers;
    // The attributes the filter leaves on a request; removed after each one.
    String[] leftAttributes;
    int next;

    void build(Filter filter, boolean springObservation) throws IOException, ServletException {
      this.filter = filter;
      requests = new MockHttpServletRequest[ROUTES.length];
      responses = new MockHttpServletResponse[ROUTES.length];
      handlers = new FilterChain[ROUTES.length];
      for (int i = 0; i < ROUTES.length; i++) {
        requests[i] = new MockHttpServletRequest("GET", "/users/42");
        responses[i] = new MockHttpServletResponse();
        handlers[i] = springObservation ? springMvc(ROUTES[i], STATUSES[i]) : dispatcher(ROUTES[i], STATUSES[i]);
      }
      Set<String> before = new HashSet<>(Collections.list(requests[0].getAttributeNames()));
      filter.doFilter(requests[0], responses[0], handlers[0]);
      Set<String> after = new HashSet<>(Collections.list(requests[0].getAttributeNames()));
      after.removeAll(before);
      after.remove(JakartaServletMetricsFilter.SPRING_BEST_MATCHING_PATTERN); // the handler's, rewritten
      leftAttributes = after.toArray(new String[0]);
      for (int i = 0; i < 2 * ROUTES.length; i++) {
        request();
      }
    }

    /** One request through the filter; the next of the 4 label sets. */
    final void request() throws IOException, ServletException {
      int i = next = (next + 1) & 3;
      MockHttpServletRequest request = requests[i];
      filter.doFilter(request, responses[i], handlers[i]);
      for (String name : leftAttributes) {
        request.removeAttribute(name);
      }
    }
  }

  /** DispatcherServlet's part for promsdk: the matched template as a request attribute. */
  static FilterChain dispatcher(String route, int status) {
    return (req, res) -> {
      req.setAttribute(JakartaServletMetricsFilter.SPRING_BEST_MATCHING_PATTERN, route);
      ((HttpServletResponse) res).setStatus(status);
    };
  }

  /** Spring MVC's part for the observation: the matched template on the observation context. */
  static FilterChain springMvc(String route, int status) {
    return (req, res) -> {
      ServerHttpObservationFilter.findObservationContext((jakarta.servlet.http.HttpServletRequest) req)
          .ifPresent(context -> context.setPathPattern(route));
      ((HttpServletResponse) res).setStatus(status);
    };
  }

  @State(Scope.Thread)
  public static class Promsdk extends Requests {
    final CollectorRegistry registry = new CollectorRegistry();

    @Setup
    public void setup() throws Exception {
      build(new JakartaServletMetricsFilter(HttpServerMetrics.builder().register(registry)), false);
    }
  }

  @State(Scope.Thread)
  public static class Spring extends Requests {
    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Setup
    public void setup() throws Exception {
      build(springFilter(meters, false), true);
    }
  }

  @State(Scope.Thread)
  public static class SpringHistogram extends Requests {
    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Setup
    public void setup() throws Exception {
      build(springFilter(meters, true), true);
    }
  }

  /** Spring Boot's wiring of the observation filter, with or without percentiles-histogram. */
  static ServerHttpObservationFilter springFilter(PrometheusMeterRegistry meters,
      boolean percentilesHistogram) {
    if (percentilesHistogram) {
      meters.config().meterFilter(new MeterFilter() {
        @Override
        public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
          return id.getName().equals("http.server.requests")
              ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config)
              : config;
        }
      });
    }
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    return new ServerHttpObservationFilter(observations);
  }

  /** Spring Boot's default Timer (count, sum, max) for Micrometer. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public static class DefaultTimer {
    @Benchmark
    public void promsdk(Promsdk requests) throws Exception {
      requests.request();
    }

    @Benchmark
    public void micrometer(Spring requests) throws Exception {
      requests.request();
    }
  }

  /** Micrometer with {@code percentiles-histogram}: buckets like promsdk's. */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public static class PercentilesHistogram {
    @Benchmark
    public void promsdk(Promsdk requests) throws Exception {
      requests.request();
    }

    @Benchmark
    public void micrometer(SpringHistogram requests) throws Exception {
      requests.request();
    }
  }

}
