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
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.util.Objects;

/**
 * Records every request through a jakarta.servlet container in {@link HttpServerMetrics}. A thin
 * adapter: it only reads the request and response; labels, the cap and the caching live in
 * {@link HttpServerMetrics}, so a javax.servlet twin can share them.
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
  public static final String SPRING_BEST_MATCHING_PATTERN =
      "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private final HttpServerMetrics metrics;

  public JakartaServletMetricsFilter(HttpServerMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    long start = metrics.requestStarted();
    Throwable escaped = null;
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      escaped = e;
      throw e;
    } finally {
      if (escaped == null && request.isAsyncStarted()) {
        request.getAsyncContext().addListener(new Completion(start, request, response));
      } else {
        record(start, request, response, escaped);
      }
    }
  }

  private void record(long start, HttpServletRequest request, HttpServletResponse response,
      Throwable escaped) {
    int status = response.getStatus();
    if (escaped != null && status < 400) {
      status = 500;
    }
    long requestBytes = metrics.recordsRequestSize() ? request.getContentLengthLong() : -1;
    long responseBytes = metrics.recordsResponseSize()
        ? ContentLength.parse(response.getHeader("Content-Length")) : -1;
    metrics.requestFinished(start, request.getMethod(), route(request), request.getRequestURI(),
        status, escaped, requestBytes, responseBytes);
  }

  /** The route template of {@code request} (see the class comment), or null. */
  static String route(HttpServletRequest request) {
    Object framework = request.getAttribute(SPRING_BEST_MATCHING_PATTERN);
    if (framework instanceof String) {
      return (String) framework;
    }
    HttpServletMapping mapping = request.getHttpServletMapping();
    if (mapping == null || mapping.getMappingMatch() == null) {
      return null;
    }
    MappingMatch match = mapping.getMappingMatch();
    if (match == MappingMatch.DEFAULT) {
      return null;
    }
    return match == MappingMatch.CONTEXT_ROOT ? "" : mapping.getPattern();
  }

  /** Records an async request once, when it completes, fails or times out. */
  private final class Completion implements AsyncListener {
    private final long start;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    // Written by onError, read by onComplete: the container may call them on different threads.
    private volatile Throwable failure;

    Completion(long start, HttpServletRequest request, HttpServletResponse response) {
      this.start = start;
      this.request = request;
      this.response = response;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      record(start, request, response, failure);
    }

    @Override
    public void onError(AsyncEvent event) {
      failure = event.getThrowable(); // onComplete follows
    }

    @Override
    public void onTimeout(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this); // re-dispatched: keep listening
    }
  }
}
