package io.promsdk.exposition;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus protobuf format: a stream of {@code io.prometheus.client.MetricFamily} messages
 * (prometheus/client_model {@code metrics.proto}), each prefixed with its length as a varint,
 * encoded by {@link ProtobufEncoder} without any protobuf library. Collection, the name check and
 * the family iteration are {@link StreamingFormat}'s, as for the text formats; the encoder reads
 * each family through the read-only data views.
 *
 * <p>Families collide as in the Prometheus text format: Prometheus turns a protobuf family into
 * the same sample names ({@code x_total}, {@code x_bucket}, {@code x_count}, ...). Negotiated only
 * when a scraper names it exactly ({@link MediaType#exact()}); a Pushgateway takes it.
 */
final class PrometheusProtobufFormat extends StreamingFormat {
  static final PrometheusProtobufFormat INSTANCE = new PrometheusProtobufFormat();

  private PrometheusProtobufFormat() {
    // The name is the one Prometheus' scrape_protocols setting uses.
    super("PrometheusProto",
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
        new MediaType("application", "vnd.google.protobuf",
            Map.of("proto", List.of("io.prometheus.client.MetricFamily"),
                "encoding", List.of("delimited")), true),
        true, "the Prometheus protobuf format", PrometheusTextFormat::occupiedSuffixes);
  }

  @Override
  void writeFamilies(OutputStream out, Scrape scrape) throws IOException {
    ProtobufEncoder encoder = ProtobufEncoder.acquire(out, scrape.options().createdTimestamps());
    try {
      for (int i = 0; i < scrape.size(); i++) {
        encoder.write(scrape.family(i), scrape.name(i), scrape.type(i));
      }
      encoder.flush();
    } finally {
      encoder.release();
    }
  }
}
