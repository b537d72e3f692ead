package io.promsdk.servlet.example;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.servlet.MetricsServlet;
import java.net.InetSocketAddress;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/** Serves a registry on http://127.0.0.1:PORT/metrics from an embedded Jetty 12 (ee10). */
public final class JettyMetricsExample {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;

    CollectorRegistry registry = new CollectorRegistry();
    Counter jobs = Counter.builder().name("jobs_processed_total").help("Jobs processed.").register(registry);
    jobs.inc();

    Server server = new Server(new InetSocketAddress("127.0.0.1", port));
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new MetricsServlet(registry)), "/metrics");
    server.setHandler(context);
    server.start();
    System.out.println("Serving http://127.0.0.1:" + port + "/metrics");
    server.join();
  }
}
