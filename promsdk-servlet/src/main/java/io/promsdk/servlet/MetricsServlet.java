package io.promsdk.servlet;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionOptions;
import io.promsdk.httpserver.ScrapeHandler;
import io.promsdk.httpserver.ScrapeResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Serves a registry for Prometheus from a Servlet 6.0 ({@code jakarta.servlet}) container, exactly
 * as {@link io.promsdk.httpserver.HTTPServer} serves it: the same content negotiation, gzip,
 * {@code ?name[]=} filtering and error answers, from the same {@link ScrapeHandler}.
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
  private static final System.Logger LOG = System.getLogger(MetricsServlet.class.getName());

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
    try (ScrapeResponse scrape = handler.handle(request.getMethod(), request.getQueryString(),
        request.getHeader("Accept"), request.getHeader("Accept-Encoding"))) {
      response.setStatus(scrape.status());
      response.setContentType(scrape.contentType());
      if (scrape.contentEncoding() != null) {
        response.setHeader("Content-Encoding", scrape.contentEncoding());
      }
      if (scrape.allow() != null) {
        response.setHeader("Allow", scrape.allow());
      }
      if (scrape.vary() != null) {
        response.setHeader("Vary", scrape.vary());
      }
      if (scrape.contentLength() >= 0) {
        response.setContentLength(scrape.contentLength());
        scrape.writeBodyTo(response.getOutputStream());
      } else {
        writeStreamedBody(scrape, response);
      }
    }
  }

  /**
   * A body past the handler's buffer limit, sent chunked. The status line goes out first, as from
   * the JDK server, so that a failure while the body is written always finds the response
   * committed: the exception then propagates, and Jetty 12 aborts the connection without the final
   * chunk (tested in {@code MetricsServletTest}), so the scraper sees a failed scrape, not a short
   * one. Jetty logs the exception too.
   */
  private static void writeStreamedBody(ScrapeResponse scrape, HttpServletResponse response) throws IOException {
    response.flushBuffer();
    try {
      scrape.writeBodyTo(response.getOutputStream());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "scrape failed after the status was sent; aborting the response", e);
      throw new IOException("scrape failed part way through a streamed body", e);
    }
  }
}
