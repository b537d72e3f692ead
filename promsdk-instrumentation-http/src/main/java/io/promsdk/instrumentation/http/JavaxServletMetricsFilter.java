package io.promsdk.instrumentation.http;

import java.io.IOException;
import java.util.Objects;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletMapping;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Records every request through a Servlet 3.1 or 4.0 ({@code javax.servlet}) container, such as
 * Tomcat 9 or Spring Boot 2, in {@link HttpServerMetrics}: the twin of {@link
 * JakartaServletMetricsFilter}, sharing its recording, labels and route rules; this class only
 * reads the javax request and response.
 *
 * <pre>{@code
 * HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
 * servletContext.addFilter("metrics", new JavaxServletMetricsFilter(metrics))
 *     .addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p>Where the route comes from, first found wins:
 * <ol>
 *   <li>the request attribute {@value #SPRING_BEST_MATCHING_PATTERN} (String), which Spring MVC
 *       (also Spring Boot 2) sets to the matched {@code @RequestMapping} template;
 *   <li>on Servlet 4.0 the servlet mapping, exactly as in {@link JakartaServletMetricsFilter}:
 *       {@code /users/*}, {@code *.jsp}, {@code /exact}, {@code root} for the context root, none
 *       for the default servlet ({@code /});
 *   <li>on Servlet 3.1, which has no {@code HttpServletMapping}, only what the servlet path and
 *       path info tell: a prefix mapping ({@code /users/*}, known by its path info) gives its
 *       pattern; an exact or extension mapping cannot be told from the default servlet there, so
 *       such requests have no route and are recorded as {@code NOT_FOUND} (404) or {@code UNKNOWN}.
 * </ol>
 *
 * <p>The status is the response's; a request that escaped with an exception and a status below
 * 400 is recorded as 500, which the container sends. An async request is recorded when it
 * completes. Sizes come from the Content-Length headers, where present.
 */
public final class JavaxServletMetricsFilter implements Filter {
  /** Spring MVC's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}. */
  public static final String SPRING_BEST_MATCHING_PATTERN = ServletApi.SPRING_BEST_MATCHING_PATTERN;

  /** Whether the container's API is Servlet 4.0+, which has {@code getHttpServletMapping()}. */
  private static final boolean SERVLET_4 = hasServletMapping();

  private final HttpServerMetrics metrics;
  private final Javax api;

  public JavaxServletMetricsFilter(HttpServerMetrics metrics) {
    this(metrics, SERVLET_4);
  }

  /** {@code servlet4} false routes as on Servlet 3.1 (for tests in a Servlet 4 container). */
  JavaxServletMetricsFilter(HttpServerMetrics metrics, boolean servlet4) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.api = servlet4 ? Javax.SERVLET_4 : Javax.SERVLET_3_1;
  }

  // Servlet 3.1's Filter has no default methods: a filter there must implement init and destroy.
  @Override
  public void init(FilterConfig config) {}

  @Override
  public void destroy() {}

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req instanceof HttpServletRequest request && res instanceof HttpServletResponse response) {
      api.filter(metrics, chain, request, response);
    } else {
      chain.doFilter(req, res);
    }
  }

  private static boolean hasServletMapping() {
    try {
      HttpServletRequest.class.getMethod("getHttpServletMapping");
      return true;
    } catch (NoSuchMethodException servlet31) {
      return false;
    }
  }

  /** How javax.servlet reads a request and response for the shared recording. */
  private static final class Javax
      extends ServletApi<HttpServletRequest, HttpServletResponse, FilterChain, ServletException> {
    static final Javax SERVLET_4 = new Javax(true);
    static final Javax SERVLET_3_1 = new Javax(false);

    private final boolean servlet4;

    private Javax(boolean servlet4) {
      this.servlet4 = servlet4;
    }

    @Override
    void proceed(FilterChain chain, HttpServletRequest request, HttpServletResponse response)
        throws IOException, ServletException {
      chain.doFilter(request, response);
    }

    @Override
    String method(HttpServletRequest request) {
      return request.getMethod();
    }

    @Override
    String requestUri(HttpServletRequest request) {
      return request.getRequestURI();
    }

    @Override
    int status(HttpServletResponse response) {
      return response.getStatus();
    }

    @Override
    long requestContentLength(HttpServletRequest request) {
      return request.getContentLengthLong();
    }

    @Override
    String responseContentLength(HttpServletResponse response) {
      return response.getHeader("Content-Length");
    }

    @Override
    Object attribute(HttpServletRequest request, String name) {
      return request.getAttribute(name);
    }

    @Override
    String servletRoute(HttpServletRequest request) {
      if (servlet4) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        // A 4.0 API over a container that does not fill it in answers with a null match.
        if (mapping != null && mapping.getMappingMatch() != null) {
          return routeOfMapping(mapping.getMappingMatch().name(), mapping.getPattern());
        }
      }
      return routeOfPaths(request.getServletPath(), request.getPathInfo());
    }

    @Override
    boolean isAsyncStarted(HttpServletRequest request) {
      return request.isAsyncStarted();
    }

    @Override
    boolean isServletException(Throwable t) {
      return t instanceof ServletException;
    }

    @Override
    void listenAsync(HttpServletRequest request,
        AsyncRecording<HttpServletRequest, HttpServletResponse> recording) {
      request.getAsyncContext().addListener(new Completion(recording));
    }
  }

  /** Hands the container's async events to the shared recording. */
  private record Completion(ServletApi.AsyncRecording<?, ?> recording) implements AsyncListener {
    @Override
    public void onComplete(AsyncEvent event) {
      recording.completed();
    }

    @Override
    public void onError(AsyncEvent event) {
      recording.failed(event.getThrowable()); // onComplete follows
    }

    @Override
    public void onTimeout(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this); // re-dispatched: keep listening
    }
  }
}
