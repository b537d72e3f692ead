package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.exposition.ExpositionOptions;
import io.promsdk.exporter.common.testing.ExporterContract;
import io.promsdk.exporter.common.testing.Scraper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The exposition options given to the builder reach the scrapes of a real server. */
@Tag("peers")
class ExpositionOptionsPlumbingTest {
  private static final ExpositionOptions WITH_CREATED =
      ExpositionOptions.builder().createdTimestamps(true).build();

  private final Scraper scraper = new Scraper();
  private final CollectorRegistry registry = new CollectorRegistry();

  ExpositionOptionsPlumbingTest() {
    Counter.builder().name("jobs_total").help("Jobs.").register(registry).inc();
  }

  @Test
  void createdSamplesOnlyWhenTheBuilderAsksForThem() throws Exception {
    try (HTTPServer plain = HTTPServer.builder().hostname("127.0.0.1").registry(registry).buildAndStart();
        HTTPServer created = HTTPServer.builder().hostname("127.0.0.1").registry(registry)
            .expositionOptions(WITH_CREATED).buildAndStart()) {
      assertThat(scrapeOpenMetrics(plain)).contains("jobs_total 1.0\n").doesNotContain("_created");
      assertThat(scrapeOpenMetrics(created)).containsPattern("\njobs_created [0-9]+\\.[0-9]{3}\n");
    }
  }

  private String scrapeOpenMetrics(HTTPServer server) throws Exception {
    return scraper.get("http://127.0.0.1:" + server.getPort() + "/metrics",
        "Accept", ExporterContract.OPENMETRICS).text();
  }
}
