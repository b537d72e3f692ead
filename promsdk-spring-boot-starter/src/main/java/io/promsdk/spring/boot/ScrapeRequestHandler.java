package io.promsdk.spring.boot;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.servlet.MetricsServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * Serves the registry through promsdk-servlet's {@link MetricsServlet}, so that content
 * negotiation, gzip, {@code ?name[]=} filtering and the error answers are those of every other
 * promsdk exporter. A Spring MVC handler rather than a registered servlet: Boot 4 moved {@code
 * ServletRegistrationBean}, while {@link HttpRequestHandler} and {@link SimpleUrlHandlerMapping}
 * are Spring MVC's and stay put.
 */
final class ScrapeRequestHandler implements HttpRequestHandler {
  /**
   * Before the application's controllers ({@code RequestMappingHandlerMapping} is 0) and Boot's
   * resource and welcome-page mappings, so that the path always reaches the registry.
   */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

  private final MetricsServlet servlet;

  ScrapeRequestHandler(CollectorRegistry registry) {
    this.servlet = new MetricsServlet(registry);
  }

  /** The handler mapping that sends {@code path} (and nothing else) to {@code handler}. */
  static SimpleUrlHandlerMapping mapping(String path, ScrapeRequestHandler handler) {
    return new SimpleUrlHandlerMapping(Map.of(path, handler), ORDER);
  }

  @Override
  public void handleRequest(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    // HttpServlet's public entry point; MetricsServlet needs no init (it has no ServletConfig).
    servlet.service((ServletRequest) request, (ServletResponse) response);
  }
}
