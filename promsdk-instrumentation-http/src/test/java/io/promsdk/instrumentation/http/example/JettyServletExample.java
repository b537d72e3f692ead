package io.promsdk.instrumentation.http.example;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.instrumentation.http.HttpServerMetrics;
import io.promsdk.instrumentation.http.JakartaServletMetricsFilter;
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
import org.eclipse.jetty.server.Server;

/** An embedded Jetty 12 (ee10) on 127.0.0.1:PORT whose requests are recorded by the filter. */
public final class JettyServletExample {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    CollectorRegistry registry = new CollectorRegistry();
    HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);

    Server server = new Server(new InetSocketAddress("127.0.0.1", port));
    ServletContextHandler context = new ServletContextHandler();
    context.addFilter(new FilterHolder(new JakartaServletMetricsFilter(metrics)), "/*",
        EnumSet.of(DispatcherType.REQUEST));
    // The servlet mapping is the route: /users/1 and /users/2 are both uri="/users/*".
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.getWriter().println("a user");
      }
    }), "/users/*");
    server.setHandler(context);
    server.start();
    // Serve `registry` as well, e.g. with promsdk-servlet's MetricsServlet at /metrics.
  }
}
