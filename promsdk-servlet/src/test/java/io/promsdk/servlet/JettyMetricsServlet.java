package io.promsdk.servlet;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionOptions;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** A real embedded Jetty 12 (ee10) on a free 127.0.0.1 port with the servlet at {@code /metrics}. */
final class JettyMetricsServlet implements AutoCloseable {
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  JettyMetricsServlet(CollectorRegistry registry) throws Exception {
    this(new MetricsServlet(registry));
  }

  JettyMetricsServlet(CollectorRegistry registry, ExpositionOptions options) throws Exception {
    this(new MetricsServlet(registry, options));
  }

  JettyMetricsServlet(MetricsServlet servlet) throws Exception {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(servlet), "/metrics");
    server.setHandler(context);
    server.start();
  }

  String hostPort() {
    return "127.0.0.1:" + connector.getLocalPort();
  }

  String metricsUrl() {
    return "http://" + hostPort() + "/metrics";
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
