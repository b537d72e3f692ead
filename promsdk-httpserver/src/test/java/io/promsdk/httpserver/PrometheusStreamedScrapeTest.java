package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.exposition.ExpositionOptions;
import io.promsdk.httpserver.testing.FailingWhenStreamed;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.PrometheusServer.Target;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes bodies past the buffer limit (streamed, chunked, gzipped as Prometheus
 * asks): a complete one is stored whole; one cut by a collector failing part way is a failed scrape
 * ({@code up == 0}), never stored as if complete. Prometheus 2.42 always asks for gzip, whose own
 * trailer also gives a cut body away; the connection being ended without the last chunk is checked
 * on identity bodies by {@code ExporterContract}.
 */
@Tag("peers")
class PrometheusStreamedScrapeTest {
  /** About 2 MB of text: past the default buffer limit of 1 MiB. */
  private static final int SERIES = 40_000;

  @Test
  void prometheusStoresStreamedBodiesWholeAndRejectsCutOnes() throws Exception {
    CollectorRegistry complete = new CollectorRegistry();
    Gauge large = Gauge.builder().name("streamed_series").help("Many series.").labelNames("id").register(complete);
    for (int i = 0; i < SERIES; i++) {
      large.labelValues("series-" + i).set(i);
    }
    CollectorRegistry cut = new CollectorRegistry();
    cut.register(new FailingWhenStreamed("cut_series", SERIES));

    try (HTTPServer completeServer = HTTPServer.builder().hostname("127.0.0.1").registry(complete).buildAndStart();
        HTTPServer cutServer = HTTPServer.builder().hostname("127.0.0.1").registry(cut)
            .expositionOptions(ExpositionOptions.builder().strictCollectors(true).build()).buildAndStart();
        PrometheusServer prometheus = PrometheusServer.start(
            PrometheusServer.scrapeJob("complete", "127.0.0.1:" + completeServer.getPort())
                + PrometheusServer.scrapeJob("cut", "127.0.0.1:" + cutServer.getPort()))) {
      prometheus.awaitQuery("count(streamed_series)",
          r -> r.size() == 1 && r.get(0).value() == SERIES, Duration.ofSeconds(30));
      Target cutTarget = awaitScraped(prometheus, "cut", Duration.ofSeconds(30));
      assertThat(cutTarget.isUp()).as("a cut body is a failed scrape: %s", cutTarget).isFalse();
      assertThat(prometheus.query("up{job=\"cut\"}")).singleElement()
          .satisfies(r -> assertThat(r.value()).isZero());
      assertThat(prometheus.query("count(cut_series)")).as("nothing of a cut body is stored").isEmpty();
    }
  }

  private static Target awaitScraped(PrometheusServer prometheus, String job, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Target t : prometheus.targets()) {
        if (job.equals(t.labels().get("job")) && !"unknown".equals(t.health())) {
          return t;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("target " + job + " not scraped within " + timeout);
      }
      Thread.sleep(200);
    }
  }
}
