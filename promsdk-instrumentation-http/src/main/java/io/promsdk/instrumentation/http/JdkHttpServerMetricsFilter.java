package io.promsdk.instrumentation.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Records every exchange of a JDK {@code com.sun.net.httpserver.HttpServer} context in
 * {@link HttpServerMetrics}: add it to each context's filters, on your own server or on
 * promsdk-httpserver's JDK engine.
 *
 * <pre>{@code
 * HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
 * JdkHttpServerMetricsFilter filter = new JdkHttpServerMetricsFilter(metrics);
 * server.createContext("/users", usersHandler).getFilters().add(filter);
 * }</pre>
 *
 * <p>Where the route comes from: the JDK server has no path templates, only contexts matched by
 * path prefix. By default the route is the path of the exchange's {@link HttpContext}
 * ({@code /users} for {@code /users/42}); the catch-all context {@code /} gives the route
 * {@code /} only for the request {@code /} itself and no route otherwise (so
 * {@code NOT_FOUND}/{@code UNKNOWN}), because anything can reach it. Handlers that dispatch
 * further by path pass a resolver: {@code new JdkHttpServerMetricsFilter(metrics, ex -> myRouter.template(ex))}.
 * A resolver returns a template from a small fixed set, or null when nothing matched; it must not
 * return the raw path (see {@link HttpServerMetrics.Builder#rawPathForUnmatchedRoutes}). If it
 * throws, the exchange is recorded without a route and the resolver's exception is thrown (or added
 * as suppressed to the handler's, if one escaped).
 *
 * <p>The status is the one the handler sent; an exchange that escaped with an exception before
 * sending one is recorded as 500. Sizes come from the Content-Length headers, where present.
 */
public final class JdkHttpServerMetricsFilter extends Filter {
  private final HttpServerMetrics metrics;
  private final Function<HttpExchange, String> routeResolver;

  /** Routes by context path (see the class comment). */
  public JdkHttpServerMetricsFilter(HttpServerMetrics metrics) {
    this(metrics, JdkHttpServerMetricsFilter::contextPath);
  }

  /** Routes by {@code routeResolver}: a route template, or null when no route matched. */
  public JdkHttpServerMetricsFilter(HttpServerMetrics metrics,
      Function<HttpExchange, String> routeResolver) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.routeResolver = Objects.requireNonNull(routeResolver, "routeResolver");
  }

  /** The default route: the context path, or null for unmatched paths in the catch-all context. */
  public static String contextPath(HttpExchange exchange) {
    String path = exchange.getHttpContext().getPath();
    if (path.equals("/") && !"/".equals(exchange.getRequestURI().getRawPath())) {
      return null;
    }
    return path;
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    long start = metrics.requestStarted();
    Throwable escaped = null;
    try {
      chain.doFilter(exchange);
    } catch (IOException | RuntimeException | Error e) {
      escaped = e;
      throw e;
    } finally {
      int status = exchange.getResponseCode();
      if (status < 0) {
        status = 500; // nothing was sent: the handler failed, the server closes the connection
      }
      long requestBytes = metrics.recordsRequestSize()
          ? ContentLength.parse(exchange.getRequestHeaders().getFirst("Content-Length")) : -1;
      long responseBytes = metrics.recordsResponseSize()
          ? ContentLength.parse(exchange.getResponseHeaders().getFirst("Content-Length")) : -1;
      String route = null;
      RuntimeException resolverFailed = null;
      try {
        route = routeResolver.apply(exchange);
      } catch (RuntimeException e) {
        resolverFailed = e; // recorded without a route, then thrown: the in-flight count must drop
      }
      metrics.requestFinished(start, exchange.getRequestMethod(), route,
          exchange.getRequestURI().getRawPath(), status, escaped, requestBytes, responseBytes);
      if (resolverFailed != null) {
        if (escaped != null) {
          escaped.addSuppressed(resolverFailed); // the handler's exception stays the one thrown
        } else {
          throw resolverFailed;
        }
      }
    }
  }

  @Override
  public String description() {
    return "promsdk HTTP server request metrics";
  }
}
