package io.promsdk.servlet.javax;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exporter.common.testing.ExporterContract;
import io.promsdk.exposition.ExpositionOptions;
import org.junit.jupiter.api.Tag;

/** The javax servlet in a real Tomcat 9 answers everything the JDK-based HTTP server answers. */
@Tag("peers")
class MetricsServletTest extends ExporterContract {
  /** Tomcat re-serialises the media type without the optional spaces: same type, same parameters. */
  @Override
  protected String contentTypeAsSent(String written) {
    return written.replace("; ", ";");
  }

  @Override
  protected Exporter start(CollectorRegistry registry, ExpositionOptions options) throws Exception {
    TomcatMetricsServlet tomcat = new TomcatMetricsServlet(registry, options);
    return new Exporter() {
      @Override
      public String metricsUrl() {
        return tomcat.metricsUrl();
      }

      @Override
      public void close() throws Exception {
        tomcat.close();
      }
    };
  }
}
