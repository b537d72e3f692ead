package io.promsdk.servlet.javax.example;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.servlet.javax.MetricsServlet;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** Serves a registry on http://127.0.0.1:PORT/metrics from an embedded Tomcat 9 (javax.servlet). */
public final class TomcatMetricsExample {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;

    CollectorRegistry registry = new CollectorRegistry();
    Counter jobs = Counter.builder().name("jobs_processed_total").help("Jobs processed.").register(registry);
    jobs.inc();

    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "metrics", new MetricsServlet(registry));
    context.addServletMappingDecoded("/metrics", "metrics");
    tomcat.start();
    System.out.println("Serving http://127.0.0.1:" + port + "/metrics");
    tomcat.getServer().await();
  }
}
