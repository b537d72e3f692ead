package io.promsdk.servlet.javax;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.exposition.ExpositionOptions;
import io.promsdk.exporter.common.testing.ExporterContract;
import io.promsdk.exporter.common.testing.Scraper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The servlet writes with the exposition options it was given, in a real Tomcat 9. */
@Tag("peers")
class MetricsServletOptionsTest {

  @Test
  void createdSamplesOnlyWhenAskedFor() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Counter.builder().name("jobs_total").help("Jobs.").register(registry).inc();
    Scraper scraper = new Scraper();
    try (TomcatMetricsServlet plain = new TomcatMetricsServlet(registry);
        TomcatMetricsServlet created = new TomcatMetricsServlet(registry,
            ExpositionOptions.builder().createdTimestamps(true).build())) {
      assertThat(scraper.get(plain.metricsUrl(), "Accept", ExporterContract.OPENMETRICS).text())
          .contains("jobs_total 1.0\n").doesNotContain("_created");
      assertThat(scraper.get(created.metricsUrl(), "Accept", ExporterContract.OPENMETRICS).text())
          .containsPattern("\njobs_created [0-9]+\\.[0-9]{3}\n");
    }
  }
}
