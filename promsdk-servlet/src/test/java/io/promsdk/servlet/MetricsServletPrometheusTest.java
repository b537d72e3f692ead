package io.promsdk.servlet;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exporter.common.testing.RecordedMetrics;
import io.promsdk.testsupport.PrometheusServer;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A real Prometheus scrapes the servlet in a real Jetty. */
@Tag("peers")
class MetricsServletPrometheusTest {
  @Test
  void prometheusScrapesTheServlet() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    RecordedMetrics.record(registry);
    try (JettyMetricsServlet jetty = new JettyMetricsServlet(registry);
        PrometheusServer prometheus = PrometheusServer.start(PrometheusServer.scrapeJob("servlet", jetty.hostPort()))) {
      prometheus.awaitTargetsUp(Duration.ofSeconds(30));
      RecordedMetrics.assertScraped(prometheus, "servlet");
    }
  }
}
