package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.exporter.common.ScrapeHandler;
import io.promsdk.exposition.ExpositionOptions;
import io.promsdk.exporter.common.testing.FailingAfter;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.PrometheusServer.Target;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes bodies past the buffer limit (streamed, chunked, gzipped as Prometheus
 * asks): a complete one is stored whole; one cut part way, after its status line went out, is a
 * failed scrape ({@code up == 0}), never stored as if complete. Collectors cannot cut a body any
 * more (they are collected before anything is written, and a strict one that fails gets a {@code
 * 500}), so the cut is made by the body's stream failing after about half of it. Prometheus 2.42 always asks for gzip, whose own
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
    Gauge cutSeries = Gauge.builder().name("cut_series").help("Cut part way.").labelNames("id").register(cut);
    for (int i = 0; i < SERIES; i++) {
      cutSeries.labelValues("series-" + i).set(i);
    }
    ScrapeHandler cutScrapes = new ScrapeHandler(cut, 1, ExpositionOptions.defaults());
    // The real handler, streaming what Prometheus asks for, into a stream that fails part way.
    ScrapeLane failingPartWay = (head, exchange) ->
        cutScrapes.handle(head, response -> new FailingAfter(exchange.commit(response), 16 * 1024));
    ExecutorService pool = DaemonExecutors.boundedPool(1, "cut-test");
    NioEngine cutServer = new NioEngine(new InetSocketAddress("127.0.0.1", 0), 0, null, false,
        new ExporterRoutes(cutScrapes, "/metrics"), null, failingPartWay, pool, pool, ConnectionLimits.defaults(),
        "cut-test-selector");

    try (HTTPServer completeServer = HTTPServer.builder().hostname("127.0.0.1").registry(complete).buildAndStart();
        PrometheusServer prometheus = PrometheusServer.start(
            PrometheusServer.scrapeJob("complete", "127.0.0.1:" + completeServer.getPort())
                + PrometheusServer.scrapeJob("cut", "127.0.0.1:" + cutServer.address().getPort()))) {
      prometheus.awaitQuery("count(streamed_series)",
          r -> r.size() == 1 && r.get(0).value() == SERIES, Duration.ofSeconds(30));
      Target cutTarget = awaitScraped(prometheus, "cut", Duration.ofSeconds(30));
      assertThat(cutTarget.isUp()).as("a cut body is a failed scrape: %s", cutTarget).isFalse();
      assertThat(prometheus.query("up{job=\"cut\"}")).singleElement()
          .satisfies(r -> assertThat(r.value()).isZero());
      assertThat(prometheus.query("count(cut_series)")).as("nothing of a cut body is stored").isEmpty();
    } finally {
      cutServer.close(System.nanoTime() + 1_000_000_000L);
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
