package io.promsdk.instrumentation.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Tag;

/** The jakarta servlet filter in an embedded Jetty 12 (ee10): the scenarios of the contract. */
@Tag("peers")
class JakartaServletMetricsFilterTest extends ServletMetricsFilterContract {
  private Server server;

  @Override
  protected void stopServer() throws Exception {
    if (server != null) {
      server.stop();
    }
  }

  @Override
  protected Client start(HttpServerMetrics metrics) throws Exception {
    server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    FilterHolder filter = new FilterHolder(new JakartaServletMetricsFilter(metrics));
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(status(200)), "/users/*");
    context.addServlet(new ServletHolder(status(200)), "/a");
    context.addServlet(new ServletHolder(status(200)), "/b");
    context.addServlet(new ServletHolder(status(200)), "/c");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        // What Spring MVC's DispatcherServlet does once a @GetMapping matched.
        req.setAttribute(JakartaServletMetricsFilter.SPRING_BEST_MATCHING_PATTERN, "/api/items/{id}");
        resp.setStatus(204);
      }
    }), "/api/*");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
        throw new IllegalArgumentException("bad input");
      }
    }), "/boom");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        hold.holdHere();
        resp.getWriter().write("done");
      }
    }), "/hold");
    ServletHolder async = new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        AsyncContext later = req.startAsync();
        later.start(() -> { // the status is set after the filter's chain returned
          hold.holdHere();
          ((HttpServletResponse) later.getResponse()).setStatus(202);
          later.complete();
        });
      }
    });
    async.setAsyncSupported(true);
    context.addServlet(async, "/async");
    server.setHandler(context);
    server.start();
    return new Client(((NetworkConnector) server.getConnectors()[0]).getLocalPort());
  }

  private static HttpServlet status(int status) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        resp.setStatus(status);
      }
    };
  }
}
