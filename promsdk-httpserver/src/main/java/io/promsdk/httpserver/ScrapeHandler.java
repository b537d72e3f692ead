package io.promsdk.httpserver;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.exposition.ExpositionOptions;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * Serves one scrape of a registry, independent of the HTTP server that carries it: method check,
 * {@code name[]} filtering, content negotiation, gzip. {@link HTTPServer} and the servlet in
 * {@code promsdk-servlet} both delegate here, so they answer byte for byte the same.
 *
 * <pre>{@code
 * ScrapeHandler handler = new ScrapeHandler(registry);
 * try (ScrapeResponse r = handler.handle("GET", "name[]=up", acceptHeader, acceptEncodingHeader)) {
 *   // copy r.status(), r.contentType(), r.contentEncoding(), r.contentLength(); r.writeBodyTo(out)
 * }
 * }</pre>
 *
 * <p>Answers: {@code 200} with the metrics and {@code Vary: Accept, Accept-Encoding}, buffered
 * with a length up to {@link #DEFAULT_MAX_BUFFERED_BYTES} (see {@link
 * #MAX_BUFFERED_BYTES_PROPERTY}), streamed past it (see {@link ScrapeResponse}); {@code 405}
 * (with {@code Allow}) for methods other than GET and HEAD; {@code 400} for a query string longer
 * than {@link #MAX_QUERY_LENGTH} or not validly percent-encoded; {@code 500} with {@link
 * #SCRAPE_FAILED} when the format fails, or a collector with {@link
 * ExpositionOptions#strictCollectors()} (by default a failing collector is left out of a
 * {@code 200}, counted and logged by the registry). The body of a {@code 500} never holds the
 * exception's message, which could hold a secret (say a JDBC URL with its password) and the
 * endpoint is often reachable without credentials; the exception with its stack trace goes to the
 * {@link System.Logger} named {@code io.promsdk.httpserver.ScrapeHandler} at {@code WARNING}.
 * Thread-safe; the body is written into a pooled buffer that {@link ScrapeResponse#close} hands
 * back. A collector that fails while a streamed body is written cannot get a {@code 500} any more:
 * {@link ScrapeResponse#writeBodyTo} throws, and the transport ends the connection.
 */
public final class ScrapeHandler {
  /** The longest query string accepted, in characters. */
  public static final int MAX_QUERY_LENGTH = 4096;

  /** The whole body of the {@code 500} answer when a collector fails, without its details. */
  public static final String SCRAPE_FAILED = "An error occurred while collecting metrics; see the server log.";

  /**
   * The system property that sets the largest body of metrics sent with a {@code Content-Length}
   * (before gzip), in bytes: {@code -Dpromsdk.scrape.maxBufferedBytes=4194304}. Read when a
   * handler is created.
   */
  public static final String MAX_BUFFERED_BYTES_PROPERTY = "promsdk.scrape.maxBufferedBytes";

  /** The default of {@link #MAX_BUFFERED_BYTES_PROPERTY}: 1 MiB, about 10,000 series. */
  public static final int DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;

  static final int DEFAULT_POOL_SIZE = 4;
  private static final System.Logger LOG = System.getLogger(ScrapeHandler.class.getName());

  private final CollectorRegistry registry;
  private final ResponsePool pool;
  private final ExpositionOptions options;

  /** A handler for {@code registry}, writing with {@link ExpositionOptions#defaults()}. */
  public ScrapeHandler(CollectorRegistry registry) {
    this(registry, ExpositionOptions.defaults());
  }

  /** A handler for {@code registry}, writing with {@code options} (e.g. created timestamps on). */
  public ScrapeHandler(CollectorRegistry registry, ExpositionOptions options) {
    this(registry, DEFAULT_POOL_SIZE, options);
  }

  ScrapeHandler(CollectorRegistry registry, int pooledBuffers) {
    this(registry, pooledBuffers, ExpositionOptions.defaults());
  }

  ScrapeHandler(CollectorRegistry registry, int pooledBuffers, ExpositionOptions options) {
    this(registry, pooledBuffers, options, maxBufferedBytesFromProperty());
  }

  ScrapeHandler(CollectorRegistry registry, int pooledBuffers, int maxBufferedBytes) {
    this(registry, pooledBuffers, ExpositionOptions.defaults(), maxBufferedBytes);
  }

  /**
   * @param pooledBuffers how many response buffers to keep between scrapes; about the number of
   *     concurrent scrapes expected
   * @param maxBufferedBytes the largest body of metrics buffered and sent with a {@code
   *     Content-Length}; larger ones are streamed
   */
  ScrapeHandler(CollectorRegistry registry, int pooledBuffers, ExpositionOptions options, int maxBufferedBytes) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.options = Objects.requireNonNull(options, "options");
    if (maxBufferedBytes < 0) {
      throw new IllegalArgumentException(
          MAX_BUFFERED_BYTES_PROPERTY + " must not be negative, but is " + maxBufferedBytes);
    }
    this.pool = new ResponsePool(pooledBuffers, maxBufferedBytes);
  }

  private static int maxBufferedBytesFromProperty() {
    String value = System.getProperty(MAX_BUFFERED_BYTES_PROPERTY);
    if (value == null) {
      return DEFAULT_MAX_BUFFERED_BYTES;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          MAX_BUFFERED_BYTES_PROPERTY + " must be a number of bytes, but is \"" + value + "\"", e);
    }
  }

  /**
   * Handles one request for the metrics endpoint.
   *
   * @param method the HTTP method, e.g. {@code GET}
   * @param rawQuery the query string still percent-encoded, without {@code ?}; null for none
   * @param accept the {@code Accept} header, or null
   * @param acceptEncoding the {@code Accept-Encoding} header, or null
   * @return the response; close it once written
   */
  public ScrapeResponse handle(String method, String rawQuery, String accept, String acceptEncoding) {
    ScrapeResponse response = pool.acquire(method);
    if (!isGetOrHead(method)) {
      return response.methodNotAllowed();
    }
    if (rawQuery != null && rawQuery.length() > MAX_QUERY_LENGTH) {
      return response.text(400, "Query string too long: at most " + MAX_QUERY_LENGTH + " characters.");
    }
    NameFilter filter;
    try {
      filter = NameFilter.fromQuery(rawQuery);
    } catch (IllegalArgumentException e) {
      return response.text(400, "Malformed query string: " + e.getMessage());
    }
    ExpositionFormat format = ExpositionFormat.forAcceptHeader(accept);
    try {
      return response.metrics(format, registry, filter, options, AcceptEncoding.allowsGzip(acceptEncoding));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "scrape failed; answered 500", e);
      return response.text(500, SCRAPE_FAILED);
    }
  }

  static boolean isGetOrHead(String method) {
    return "GET".equals(method) || "HEAD".equals(method);
  }

  /** A plain-text response in this handler's pool, for the routes around the metrics endpoint. */
  ScrapeResponse text(String method, int status, String message) {
    return pool.acquire(method).text(status, message);
  }
}
