package io.promsdk.instrumentation.http;

import java.io.IOException;

/**
 * The servlet-neutral part of {@link JakartaServletMetricsFilter} and {@link
 * JavaxServletMetricsFilter}: when a request is recorded (at once, or when its async processing
 * ends), which status an escaped exception means, and which route a request has. A subclass only
 * says how its servlet API reads a request and response and listens to an async request; it is
 * stateless, one instance per filter class, so that a request allocates nothing here.
 *
 * @param <Q> the API's {@code HttpServletRequest}
 * @param <R> the API's {@code HttpServletResponse}
 * @param <C> the API's {@code FilterChain}
 * @param <E> the API's {@code ServletException}
 */
abstract class ServletApi<Q, R, C, E extends Exception> {
  /** Spring MVC's {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}. */
  static final String SPRING_BEST_MATCHING_PATTERN =
      "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  abstract void proceed(C chain, Q request, R response) throws IOException, E;

  abstract String method(Q request);

  abstract String requestUri(Q request);

  abstract int status(R response);

  /** The request's Content-Length, or -1. */
  abstract long requestContentLength(Q request);

  /** The response's Content-Length header, or null. */
  abstract String responseContentLength(R response);

  abstract Object attribute(Q request, String name);

  /** The route the servlet mapping tells (see {@link #routeOfMapping}), or null for none. */
  abstract String servletRoute(Q request);

  abstract boolean isAsyncStarted(Q request);

  /** Whether {@code t} is this API's {@code ServletException}. */
  abstract boolean isServletException(Throwable t);

  /** Adds a listener of the API to the request's async context that calls {@code recording}. */
  abstract void listenAsync(Q request, AsyncRecording<Q, R> recording);

  /**
   * Runs {@code chain} and records the request: at once, or when its async processing ends if
   * the chain started that and threw nothing.
   */
  final void filter(HttpServerMetrics metrics, C chain, Q request, R response) throws IOException, E {
    long start = metrics.requestStarted();
    Throwable escaped = null;
    try {
      proceed(chain, request, response);
    } catch (Throwable e) {
      escaped = e;
      throw e; // precisely: IOException, E or unchecked
    } finally {
      if (escaped == null && isAsyncStarted(request)) {
        listenAsync(request, new AsyncRecording<>(this, metrics, start, request, response));
      } else {
        record(metrics, start, request, response, escaped);
      }
    }
  }

  final void record(HttpServerMetrics metrics, long start, Q request, R response, Throwable escaped) {
    int status = status(response);
    if (escaped != null && status < 400) {
      status = 500; // what the container sends for an exception that escaped the filter
    }
    long requestBytes = metrics.recordsRequestSize() ? requestContentLength(request) : -1;
    long responseBytes = metrics.recordsResponseSize()
        ? ContentLength.parse(responseContentLength(response)) : -1;
    metrics.requestFinished(start, method(request), route(request), requestUri(request), status,
        labelled(escaped), requestBytes, responseBytes);
  }

  /**
   * The exception the {@code exception} label names: the cause of a {@code ServletException}
   * that has one, else {@code escaped} itself. Spring MVC's {@code FrameworkServlet} wraps every
   * exception a handler throws in a {@code ServletException("Request processing failed", cause)};
   * Boot's own metrics label the cause (its {@code ServerHttpObservationFilter} unwraps it), and
   * so does this, or every failing controller would be {@code exception="ServletException"}.
   */
  final Throwable labelled(Throwable escaped) {
    if (escaped != null && escaped.getCause() != null && isServletException(escaped)) {
      return escaped.getCause();
    }
    return escaped;
  }

  /** The framework's template if it set one, otherwise what the servlet mapping tells. */
  final String route(Q request) {
    Object framework = attribute(request, SPRING_BEST_MATCHING_PATTERN);
    return framework instanceof String ? (String) framework : servletRoute(request);
  }

  /**
   * The route of a Servlet 4+ mapping, given as the name of its {@code MappingMatch} (the same
   * constants in javax 4 and jakarta): the pattern ({@code /users/*}, {@code *.jsp}, {@code
   * /exact}); {@code ""} for the context root; null for the default servlet ({@code /}, which
   * serves whatever matched nothing, so its 404s are {@code NOT_FOUND}) and for an unknown match.
   */
  static String routeOfMapping(String match, String pattern) {
    if (match == null || match.equals("DEFAULT")) {
      return null;
    }
    return match.equals("CONTEXT_ROOT") ? "" : pattern;
  }

  /**
   * The route as far as Servlet 3.1 can tell it, from the servlet path and path info alone: a
   * request with path info went through a prefix mapping, {@code servletPath + "/*"}. Without
   * path info an exact or extension mapping cannot be told from the default servlet (each has the
   * whole path as servlet path), so there is no route ({@code NOT_FOUND} for a 404, else {@code
   * UNKNOWN}), and raw paths never become labels.
   */
  static String routeOfPaths(String servletPath, String pathInfo) {
    return pathInfo == null ? null : servletPath + "/*";
  }

  /** Records an async request once, when it completes, fails or times out. */
  static final class AsyncRecording<Q, R> {
    private final ServletApi<Q, R, ?, ?> api;
    private final HttpServerMetrics metrics;
    private final long start;
    private final Q request;
    private final R response;
    // Written by failed, read by completed: the container may call them on different threads.
    private volatile Throwable failure;

    AsyncRecording(ServletApi<Q, R, ?, ?> api, HttpServerMetrics metrics, long start, Q request,
        R response) {
      this.api = api;
      this.metrics = metrics;
      this.start = start;
      this.request = request;
      this.response = response;
    }

    /** The container's {@code onError}; {@code onComplete} follows. */
    void failed(Throwable throwable) {
      failure = throwable;
    }

    /** The container's {@code onComplete}. */
    void completed() {
      api.record(metrics, start, request, response, failure);
    }
  }
}
