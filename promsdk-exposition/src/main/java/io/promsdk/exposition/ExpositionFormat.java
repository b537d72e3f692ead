package io.promsdk.exposition;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.MetricType;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * A wire format for metrics, as negotiated with a scraper through the HTTP {@code Accept} header:
 * each format says its media type ({@link #mediaType()}, what negotiation matches Accept ranges
 * against), its {@link #contentType()}, and whether a Pushgateway takes it ({@link #pushable()}).
 *
 * <pre>{@code
 * ExpositionFormat format = ExpositionFormat.forAcceptHeader(request.getHeader("Accept"));
 * response.setContentType(format.contentType());
 * format.write(response.getOutputStream(), registry);
 * }</pre>
 *
 * <p>Writing a registry gives the same bytes as writing {@code registry.collect()}, but reads
 * promsdk's own metrics series by series instead of snapshotting them, so that a scrape allocates
 * a few kilobytes however many series there are. Snapshots remain for custom collectors, tests
 * and anything that needs the values as objects.
 *
 * <p>The formats are stateless and thread-safe; one instance serves any number of concurrent
 * scrapes. Every format reads families the same way, format-independently: the registry's
 * families are collected into a pooled list, collectors that fail or whose family names collide
 * in this format are left out, and each family is then visited data point by data point through
 * the read-only views of {@code io.promsdk.core.model} (see the module README).
 */
public interface ExpositionFormat {

  /** The Prometheus text format 0.0.4; the fallback when nothing better is accepted. */
  ExpositionFormat PROMETHEUS_TEXT = PrometheusTextFormat.INSTANCE;

  /** The OpenMetrics 1.0.0 text format. */
  ExpositionFormat OPENMETRICS_TEXT = OpenMetricsTextFormat.INSTANCE;

  /**
   * The Prometheus protobuf format: length-delimited {@code io.prometheus.client.MetricFamily}
   * messages, content type {@code application/vnd.google.protobuf;
   * proto=io.prometheus.client.MetricFamily; encoding=delimited}. Chosen by {@link
   * #forAcceptHeader} only when a scraper names it (Prometheus does so first when native histograms
   * are enabled); encoded by promsdk itself, without a protobuf library. A Pushgateway takes it.
   *
   * <pre>{@code
   * ExpositionFormat.PROMETHEUS_PROTOBUF.write(out, registry);
   * }</pre>
   */
  ExpositionFormat PROMETHEUS_PROTOBUF = PrometheusProtobufFormat.INSTANCE;

  /** Every format this library writes, the fallback of negotiation ({@link #PROMETHEUS_TEXT}) first. */
  static List<ExpositionFormat> all() {
    return ContentNegotiation.ALL;
  }

  /**
   * The best of {@link #all()} for an HTTP {@code Accept} header: the supported media range with
   * the highest q-value, the earliest one on ties; {@link #PROMETHEUS_TEXT} when the header is
   * null, empty, unparseable or names nothing we can produce. {@link #PROMETHEUS_PROTOBUF} only
   * when named with {@code proto=io.prometheus.client.MetricFamily} and {@code encoding=delimited}:
   * wildcards never select a binary format.
   */
  static ExpositionFormat forAcceptHeader(String accept) {
    return ContentNegotiation.select(accept, all());
  }

  /**
   * The best of {@code offered} for an HTTP {@code Accept} header, by the {@link #mediaType()}
   * each declares; the first offered when the header names none of them. For an exporter that
   * serves fewer (or more) formats than {@link #all()}:
   *
   * <pre>{@code
   * ExpositionFormat format = ExpositionFormat.forAcceptHeader(accept,
   *     List.of(ExpositionFormat.PROMETHEUS_TEXT)); // never OpenMetrics
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code offered} is empty
   */
  static ExpositionFormat forAcceptHeader(String accept, List<ExpositionFormat> offered) {
    return ContentNegotiation.select(accept, offered);
  }

  /**
   * A short, stable name for logs and debugging: {@code PrometheusText0.0.4}, {@code
   * OpenMetricsText1.0.0} or {@code PrometheusProto} (the names Prometheus' {@code
   * scrape_protocols} setting uses).
   */
  String name();

  /** The value for the HTTP {@code Content-Type} header of a response in this format. */
  String contentType();

  /**
   * The media type negotiation matches {@code Accept} ranges against: for the Prometheus text
   * format {@code text/plain} with {@code version} 0.0.4 or 1.0.0.
   */
  MediaType mediaType();

  /**
   * Whether a Pushgateway accepts a body in this format (it reads the Prometheus text and
   * protobuf formats, not OpenMetrics).
   */
  boolean pushable();

  /**
   * Writes {@code snapshots} to {@code out} in this format (the text formats as UTF-8).
   * Everything is written before this returns; {@code out} is neither flushed nor closed.
   *
   * @throws IllegalArgumentException before anything is written, if two families would write
   *     the same metric name in this format (a gauge {@code x_total} next to a counter {@code x}),
   *     or a state set's name is no valid label name; the registry should prevent both (see the
   *     module README)
   * @throws IOException if {@code out} throws
   */
  default void write(OutputStream out, MetricSnapshots snapshots) throws IOException {
    write(out, snapshots, ExpositionOptions.defaults());
  }

  /**
   * Writes {@code snapshots} as {@link #write(OutputStream, MetricSnapshots)} does, with
   * {@code options} instead of the defaults.
   */
  void write(OutputStream out, MetricSnapshots snapshots, ExpositionOptions options)
      throws IOException;

  /**
   * Writes every family of {@code registry} to {@code out}: the bytes {@code write(out,
   * registry.collect())} would write, without snapshotting promsdk's own metrics. A collector that
   * fails (throws, or returns families this format cannot write next to the others) is left out
   * whole and counted, and everything else is written: see {@link #write(OutputStream,
   * CollectorRegistry, BiPredicate, ExpositionOptions)}.
   *
   * @throws IOException if {@code out} throws
   */
  default void write(OutputStream out, CollectorRegistry registry) throws IOException {
    write(out, registry, (name, type) -> true);
  }

  /**
   * Writes the families of {@code registry} whose name {@code nameFilter} accepts, as {@code
   * write(out, registry.collect(nameFilter))} would: {@code format.write(out, registry, name ->
   * name.startsWith("http_"))}.
   */
  default void write(OutputStream out, CollectorRegistry registry, Predicate<String> nameFilter)
      throws IOException {
    write(out, registry, (name, type) -> nameFilter.test(name));
  }

  /**
   * Writes the families of {@code registry} whose name and type {@code familyFilter} accepts; a
   * collector's families are collected (and its failure reported) whether accepted or not, as by
   * {@link CollectorRegistry#collect(java.util.function.Predicate)}.
   */
  default void write(OutputStream out, CollectorRegistry registry,
      BiPredicate<String, MetricType> familyFilter) throws IOException {
    write(out, registry, familyFilter, ExpositionOptions.defaults());
  }

  /**
   * Writes the families of {@code registry} that {@code familyFilter} accepts, with
   * {@code options} (e.g. created timestamps on) instead of the defaults: what exporters call.
   *
   * <p>Custom collectors and callback metrics are collected and checked before anything is
   * written. Unless {@link ExpositionOptions#strictCollectors()}, a collector that fails (throws;
   * returns repeated labels or a null data point; has a family whose name collides with an
   * earlier family in this format) is left out with all its families, the registry counts it in
   * {@code promsdk_collector_failures_total{collector="..."}} (written after the other families)
   * and logs it at most once a minute; everything else is written. Of two colliding families the
   * later one in registration order is refused, so which collector stays does not change from one
   * write to the next.
   *
   * <pre>{@code
   * ExpositionOptions options = ExpositionOptions.builder().createdTimestamps(true).build();
   * format.write(out, registry, (name, type) -> true, options);
   * }</pre>
   *
   * @throws CollectorRegistry.CollectionException only with {@code strictCollectors}, before
   *     anything is written, if a collector or a callback metric fails; the message names it
   * @throws IllegalArgumentException only with {@code strictCollectors}, before anything is
   *     written, if two families collide, as {@link #write(OutputStream, MetricSnapshots)}
   * @throws IOException if {@code out} throws
   */
  void write(OutputStream out, CollectorRegistry registry,
      BiPredicate<String, MetricType> familyFilter, ExpositionOptions options) throws IOException;
}
