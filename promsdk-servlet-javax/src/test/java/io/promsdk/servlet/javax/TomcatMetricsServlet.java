package io.promsdk.servlet.javax;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** A real embedded Tomcat 9 on a free 127.0.0.1 port with the servlet at {@code /metrics}. */
final class TomcatMetricsServlet implements AutoCloseable {
  private final Tomcat tomcat = new Tomcat();
  private final Connector connector = new Connector();

  TomcatMetricsServlet(CollectorRegistry registry) throws Exception {
    this(new MetricsServlet(registry));
  }

  TomcatMetricsServlet(CollectorRegistry registry, ExpositionOptions options) throws Exception {
    this(new MetricsServlet(registry, options));
  }

  TomcatMetricsServlet(MetricsServlet servlet) throws Exception {
    // Tomcat's work files go below target/, which mvn clean removes.
    Path baseDir = Files.createDirectories(Path.of("target", "tomcat9", Long.toString(System.nanoTime())).toAbsolutePath());
    tomcat.setBaseDir(baseDir.toString());
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    // Tomcat refuses a raw [ or ] in the query with its own 400, before any servlet runs. Prometheus
    // percent-encodes ?name[]= (%5B%5D), but the contract's client sends it raw, as curl -g does.
    connector.setProperty("relaxedQueryChars", "[]");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", baseDir.toString());
    Tomcat.addServlet(context, "metrics", servlet);
    context.addServletMappingDecoded("/metrics", "metrics");
    tomcat.start();
  }

  String hostPort() {
    return "127.0.0.1:" + connector.getLocalPort();
  }

  String metricsUrl() {
    return "http://" + hostPort() + "/metrics";
  }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
