package io.promsdk.exposition;

import io.promsdk.core.model.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A wire format for metric snapshots, as negotiated with a scraper through the HTTP {@code Accept}
 * header.
 *
 * <pre>{@code
 * ExpositionFormat format = ExpositionFormat.forAcceptHeader(request.getHeader("Accept"));
 * response.setContentType(format.contentType());
 * format.write(response.getOutputStream(), registry.collect());
 * }</pre>
 *
 * <p>The formats are stateless and thread-safe; one instance serves any number of concurrent
 * scrapes. More formats (the Prometheus protobuf format) will be added beside the two constants.
 */
public interface ExpositionFormat {

  /** The Prometheus text format 0.0.4; the fallback when nothing better is accepted. */
  ExpositionFormat PROMETHEUS_TEXT = PrometheusTextFormat.INSTANCE;

  /** The OpenMetrics 1.0.0 text format. */
  ExpositionFormat OPENMETRICS_TEXT = OpenMetricsTextFormat.INSTANCE;

  /**
   * The best format for an HTTP {@code Accept} header: the supported media range with the highest
   * q-value, the earliest one on ties; {@link #PROMETHEUS_TEXT} when the header is null, empty,
   * unparseable or names nothing we can produce.
   */
  static ExpositionFormat forAcceptHeader(String accept) {
    return ContentNegotiation.select(accept);
  }

  /**
   * A short, stable name for logs and debugging: {@code PrometheusText0.0.4} or {@code
   * OpenMetricsText1.0.0} (the names Prometheus' {@code scrape_protocols} setting uses).
   */
  String name();

  /** The value for the HTTP {@code Content-Type} header of a response in this format. */
  String contentType();

  /**
   * Writes {@code snapshots} to {@code out} in this format, as UTF-8. Everything is written
   * before this returns; {@code out} is neither flushed nor closed.
   *
   * @throws IllegalArgumentException before anything is written, if two families would write
   *     the same metric name in this format (a gauge {@code x_total} next to a counter {@code x}),
   *     or a state set's name is no valid label name; the registry should prevent both (see the
   *     module README)
   * @throws IOException if {@code out} throws
   */
  void write(OutputStream out, MetricSnapshots snapshots) throws IOException;
}
