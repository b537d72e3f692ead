package io.promsdk.exposition;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * The Prometheus protobuf format: a stream of {@code io.prometheus.client.MetricFamily} messages
 * (prometheus/client_model {@code metrics.proto}), each prefixed with its length as a varint,
 * encoded by {@link ProtobufEncoder} without any protobuf library.
 *
 * <p>Families collide as in the Prometheus text format: Prometheus turns a protobuf family into
 * the same sample names ({@code x_total}, {@code x_bucket}, {@code x_count}, ...).
 */
final class PrometheusProtobufFormat implements ExpositionFormat {
  static final PrometheusProtobufFormat INSTANCE = new PrometheusProtobufFormat();

  static final String CONTENT_TYPE =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

  private final FamilyNameCheck nameCheck =
      new FamilyNameCheck("the Prometheus protobuf format", PrometheusTextFormat.OCCUPIED_SUFFIXES);

  private PrometheusProtobufFormat() {}

  /** {@code PrometheusProto}, the name Prometheus' {@code scrape_protocols} setting uses. */
  @Override
  public String name() {
    return "PrometheusProto";
  }

  @Override
  public String contentType() {
    return CONTENT_TYPE;
  }

  @Override
  public String toString() {
    return name();
  }

  @Override
  public void write(OutputStream out, MetricSnapshots snapshots, ExpositionOptions options)
      throws IOException {
    Objects.requireNonNull(out, "out");
    ProtobufEncoder encoder = ProtobufEncoder.acquire(out);
    try {
      encoder.scrape().of(snapshots, options, nameCheck);
      encoder.writeAll();
    } finally {
      encoder.release();
    }
  }

  @Override
  public void write(OutputStream out, CollectorRegistry registry,
      BiPredicate<String, MetricType> familyFilter, ExpositionOptions options) throws IOException {
    Objects.requireNonNull(out, "out");
    ProtobufEncoder encoder = ProtobufEncoder.acquire(out);
    try {
      encoder.scrape().of(registry, familyFilter, options, nameCheck);
      encoder.writeAll();
    } finally {
      encoder.release();
    }
  }
}
