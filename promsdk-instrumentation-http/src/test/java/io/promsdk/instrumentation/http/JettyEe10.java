package io.promsdk.instrumentation.http;

import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;

/**
 * An embedded Jetty 12 (ee10, Servlet 6.0) on a free 127.0.0.1 port. Unmapped paths reach Jetty's
 * implicit default servlet, which answers 404 behind the filter.
 */
final class JettyEe10 implements JakartaContainer {
  private final Server server;

  private JettyEe10(Server server) {
    this.server = server;
  }

  static JettyEe10 start(JakartaDeployment deployment) throws Exception {
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    FilterHolder filter = new FilterHolder(deployment.filter);
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    for (JakartaDeployment.Servlet s : deployment.servlets) {
      ServletHolder holder = new ServletHolder(s.name(), s.servlet());
      holder.setAsyncSupported(s.async());
      context.addServlet(holder, s.pattern());
    }
    server.setHandler(context);
    server.start();
    return new JettyEe10(server);
  }

  @Override
  public int port() {
    return ((NetworkConnector) server.getConnectors()[0]).getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
