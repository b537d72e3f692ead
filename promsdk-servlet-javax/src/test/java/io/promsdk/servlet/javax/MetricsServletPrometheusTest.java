package io.promsdk.servlet.javax;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exporter.common.testing.RecordedMetrics;
import io.promsdk.testsupport.PrometheusServer;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A real Prometheus scrapes the javax servlet in a real Tomcat 9. */
@Tag("peers")
class MetricsServletPrometheusTest {
  @Test
  void prometheusScrapesTheServletInTomcat9() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    RecordedMetrics.record(registry);
    try (TomcatMetricsServlet tomcat = new TomcatMetricsServlet(registry);
        PrometheusServer prometheus = PrometheusServer.start(PrometheusServer.scrapeJob("servlet-javax", tomcat.hostPort()))) {
      prometheus.awaitTargetsUp(Duration.ofSeconds(30));
      RecordedMetrics.assertScraped(prometheus, "servlet-javax");
    }
  }
}
