package io.promsdk.servlet;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exporter.common.ScrapeExchange;
import io.promsdk.exporter.common.ScrapeHandler;
import io.promsdk.exporter.common.ScrapeRequest;
import io.promsdk.exporter.common.ScrapeResponse;
import io.promsdk.exposition.ExpositionOptions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;

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
    try {
      handler.handle(new ServletRequest(request), new ServletExchange(response));
    } catch (RuntimeException e) {
      // Only a streamed body fails after its status is sent: the handler answers 500 otherwise.
      // The exception propagates, and Jetty 12 aborts the connection without the final chunk, so
      // the scraper sees a failed scrape, not a short one. Jetty logs it too.
      LOG.log(Level.WARNING, "scrape failed after the status was sent; aborting the response", e);
      throw new IOException("scrape failed part way through a streamed body", e);
    }
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

  /** The servlet response as the handler commits it. */
  private record ServletExchange(HttpServletResponse response) implements ScrapeExchange {
    @Override
    public OutputStream commit(ScrapeResponse scrape) throws IOException {
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
        response.setContentLengthLong(scrape.contentLength());
      } else {
        // A body past the handler's buffer limit, sent chunked. The status line goes out first,
        // as from the JDK server, so that a failure while the body is written always finds the
        // response committed.
        response.flushBuffer();
      }
      return response.getOutputStream();
    }
  }
}
