package io.promsdk.servlet;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exporter.common.ContainerExchange;
import io.promsdk.exporter.common.ScrapeHandler;
import io.promsdk.exporter.common.ScrapeRequest;
import io.promsdk.exposition.ExpositionOptions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Serves a registry for Prometheus from a Servlet 6.0 ({@code jakarta.servlet}) container, exactly
 * as {@code io.promsdk.httpserver.HTTPServer} serves it: the same content negotiation, gzip,
 * {@code ?name[]=} filtering and error answers, from the same {@link ScrapeHandler} of {@code
 * promsdk-exporter-common}.
 *
 * <pre>{@code
 * // Jetty 12 (ee10), the container the tests run it in; see the module's README for a full example
 * ServletContextHandler context = new ServletContextHandler();
 * context.addServlet(new ServletHolder(new MetricsServlet(registry)), "/metrics");
 * }</pre>
 *
 * <p>Every method goes through the handler, so that {@code POST} and friends get the same
 * {@code 405} with {@code Allow: GET, HEAD} as from the HTTP server.
 */
public class MetricsServlet extends HttpServlet {
  private final transient ScrapeHandler handler;

  /** Serves {@link CollectorRegistry#defaultRegistry()}; for containers that instantiate by class name. */
  public MetricsServlet() {
    this(CollectorRegistry.defaultRegistry());
  }

  /** Serves {@code registry} with {@link ExpositionOptions#defaults()}. */
  public MetricsServlet(CollectorRegistry registry) {
    this(registry, ExpositionOptions.defaults());
  }

  /**
   * Serves {@code registry}, written with {@code options}: {@code new MetricsServlet(registry,
   * ExpositionOptions.builder().createdTimestamps(true).build())}.
   */
  public MetricsServlet(CollectorRegistry registry, ExpositionOptions options) {
    this.handler = new ScrapeHandler(registry, options);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    new ServletExchange(response).serve(handler, new ServletRequest(request));
  }

  /** The servlet request as the handler reads it. */
  private record ServletRequest(HttpServletRequest request) implements ScrapeRequest {
    @Override
    public String method() {
      return request.getMethod();
    }

    @Override
    public String rawQuery() {
      return request.getQueryString();
    }

    @Override
    public String header(String name) {
      return request.getHeader(name);
    }
  }

  /** The servlet response as the handler commits it; which headers, and when, are the base's. */
  private static final class ServletExchange extends ContainerExchange {
    private final HttpServletResponse response;

    ServletExchange(HttpServletResponse response) {
      this.response = response;
    }

    @Override
    protected void setStatus(int status) {
      response.setStatus(status);
    }

    @Override
    protected void setHeader(String name, String value) {
      response.setHeader(name, value);
    }

    @Override
    protected void setContentLength(long length) {
      response.setContentLengthLong(length);
    }

    @Override
    protected void flushHeaders() throws IOException {
      response.flushBuffer();
    }

    @Override
    protected OutputStream body() throws IOException {
      return response.getOutputStream();
    }
  }
}
