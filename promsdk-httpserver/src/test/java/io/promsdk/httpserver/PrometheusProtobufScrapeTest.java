package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.exporter.common.testing.RecordedMetrics;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.ScrapeFront;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prometheus 2.42 with {@code --enable-feature=native-histograms} asks for the protobuf format
 * first and gets it from our server; PromQL then reads exactly the values it reads over text. One
 * server, two recording fronts: one passes Prometheus' own {@code Accept} header on, the other
 * asks for the text format in its place.
 */
@Tag("peers")
class PrometheusProtobufScrapeTest {

  /** The recorded series of {@code job} but the summary's quantiles, each with its name as a label. */
  private static String series(String job) {
    return "label_replace({job=\"" + job + "\", __name__=~\"test_.+\", __name__!=\"test_payload_bytes\"},"
        + " \"name\", \"$1\", \"__name__\", \"(.+)\")";
  }

  @Test
  void prometheusScrapesProtobufAndReadsWhatTextGives() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    RecordedMetrics.record(registry);
    try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(registry).buildAndStart()) {
      String metrics = "http://127.0.0.1:" + server.getPort() + "/metrics";
      try (ScrapeFront proto = ScrapeFront.forward(metrics);
          ScrapeFront text = ScrapeFront.withAccept(metrics, "text/plain;version=0.0.4");
          PrometheusServer prometheus = PrometheusServer.start(
              PrometheusServer.scrapeJob("proto", proto.hostPort())
                  + PrometheusServer.scrapeJob("text", text.hostPort()),
              "--enable-feature=native-histograms")) {
        RecordedMetrics.assertScraped(prometheus, "proto");
        RecordedMetrics.assertScraped(prometheus, "text");

        assertThat(proto.scrapes()).isNotEmpty().allSatisfy(s -> {
          assertThat(s.accept()).startsWith("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily");
          assertThat(s.status()).isEqualTo(200);
          assertThat(s.contentType()).isEqualTo(ExpositionFormat.PROMETHEUS_PROTOBUF.contentType());
        });
        assertThat(text.scrapes()).isNotEmpty()
            .allSatisfy(s -> assertThat(s.contentType()).isEqualTo(ExpositionFormat.PROMETHEUS_TEXT.contentType()));
        // Every series both jobs stored, with the same labels (le and quantile formatted alike)
        // and value; the summary's quantiles aside, as its window may move between two scrapes.
        String protoSeries = series("proto");
        String textSeries = series("text");
        double stored = prometheus.query("count(" + textSeries + ")").get(0).value();
        assertThat(stored).isEqualTo(prometheus.query("count(" + protoSeries + ")").get(0).value())
            .isEqualTo(12); // 2 counters, a gauge, 5 buckets + count + sum, the summary's count + sum
        prometheus.awaitQuery("count(" + protoSeries + " == ignoring(job, instance) " + textSeries + ")",
            r -> r.size() == 1 && r.get(0).value() == stored, Duration.ofSeconds(30));
      }
    }
  }
}
