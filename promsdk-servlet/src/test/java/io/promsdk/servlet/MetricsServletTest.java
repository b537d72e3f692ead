package io.promsdk.servlet;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionOptions;
import io.promsdk.exporter.common.testing.ExporterContract;
import org.junit.jupiter.api.Tag;

/** The servlet in a real Jetty answers everything the JDK-based HTTP server answers. */
@Tag("peers")
class MetricsServletTest extends ExporterContract {
  @Override
  protected Exporter start(CollectorRegistry registry, ExpositionOptions options) throws Exception {
    JettyMetricsServlet jetty = new JettyMetricsServlet(registry, options);
    return new Exporter() {
      @Override
      public String metricsUrl() {
        return jetty.metricsUrl();
      }

      @Override
      public void close() throws Exception {
        jetty.close();
      }
    };
  }
}
