package io.promsdk.servlet.javax;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exporter.common.ContainerExchange;
import io.promsdk.exporter.common.ScrapeHandler;
import io.promsdk.exporter.common.ScrapeRequest;
import io.promsdk.exposition.ExpositionOptions;
import java.io.IOException;
import java.io.OutputStream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Serves a registry for Prometheus from a Servlet 3.1 or 4.0 ({@code javax.servlet}) container,
 * such as Tomcat 9 or Spring Boot 2, exactly as {@code io.promsdk.servlet.MetricsServlet} serves it
 * from a jakarta one and {@code io.promsdk.httpserver.HTTPServer} from the JDK: the same content
 * negotiation, gzip, {@code ?name[]=} filtering and error answers, from the same {@link
 * ScrapeHandler} of {@code promsdk-exporter-common}. This class only adapts the javax request and
 * response to it.
 *
 * <pre>{@code
 * // embedded Tomcat 9, the container the tests run it in; see the module's README for a full example
 * Context context = tomcat.addContext("", null);
 * Tomcat.addServlet(context, "metrics", new MetricsServlet(registry));
 * context.addServletMappingDecoded("/metrics", "metrics");
 * }</pre>
 *
 * <p>Every method goes through the handler, so that {@code POST} and friends get the same
 * {@code 405} with {@code Allow: GET, HEAD} as from the HTTP server.
 */
public class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

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
      response.setContentLengthLong(length); // Servlet 3.1
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
