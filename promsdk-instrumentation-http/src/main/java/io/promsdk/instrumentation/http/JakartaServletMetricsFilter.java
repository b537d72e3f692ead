package io.promsdk.instrumentation.http;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * Records every request through a jakarta.servlet container in {@link HttpServerMetrics}. A thin
 * adapter: it only reads the request and response; labels, the cap and the caching live in
 * {@link HttpServerMetrics}, and when to record and which route in the servlet-neutral code it
 * shares with {@link JavaxServletMetricsFilter}.
 *
 * <pre>{@code
 * HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
 * servletContext.addFilter("metrics", new JakartaServletMetricsFilter(metrics))
 *     .addMappingForUrlPatterns(null, false, "/*");
 * }</pre>
 *
 * <p>Where the route comes from, first found wins:
 * <ol>
 *   <li>the request attribute {@value #SPRING_BEST_MATCHING_PATTERN} (String), which Spring MVC
 *       sets to the matched {@code @RequestMapping} template ({@code /users/{id}}); any framework
 *       may set it;
 *   <li>the servlet mapping ({@link HttpServletMapping#getPattern()}: {@code /users/*},
 *       {@code *.jsp}, {@code /exact}); the context root is {@code root}; the default servlet
 *       ({@code /}, which serves whatever else matched nothing) gives no route, so its 404s are
 *       {@code NOT_FOUND}.
 * </ol>
 *
 * <p>The status is the response's; a request that escaped with an exception and a status below
 * 400 is recorded as 500, which the container sends. An async request is recorded when it
 * completes. Sizes come from the Content-Length headers, where present.
 */
public final class JakartaServletMetricsFilter implements Filter {
  /** Spring MVC's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}. */
  public static final String SPRING_BEST_MATCHING_PATTERN = ServletApi.SPRING_BEST_MATCHING_PATTERN;

  private static final Jakarta API = new Jakarta();

  private final HttpServerMetrics metrics;

  public JakartaServletMetricsFilter(HttpServerMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (req instanceof HttpServletRequest request && res instanceof HttpServletResponse response) {
      API.filter(metrics, chain, request, response);
    } else {
      chain.doFilter(req, res);
    }
  }

  /** How jakarta.servlet reads a request and response for the shared recording. */
  private static final class Jakarta
      extends ServletApi<HttpServletRequest, HttpServletResponse, FilterChain, ServletException> {
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
      HttpServletMapping mapping = request.getHttpServletMapping();
      if (mapping == null || mapping.getMappingMatch() == null) {
        return null;
      }
      return routeOfMapping(mapping.getMappingMatch().name(), mapping.getPattern());
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
