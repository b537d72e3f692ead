package io.promsdk.exporter.common;

import io.promsdk.core.config.PromsdkConfig;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.exposition.ExpositionOptions;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * Serves one scrape of a registry, independent of the HTTP server that carries it: method check,
 * {@code name[]} filtering, content negotiation, gzip, buffering or streaming. {@code
 * promsdk-httpserver}'s engines and {@code promsdk-servlet} all delegate here, through a {@link
 * ScrapeRequest} and a {@link ScrapeExchange} of their own, so they answer byte for byte the same.
 *
 * <pre>{@code
 * ScrapeHandler handler = new ScrapeHandler(registry);
 * handler.handle(request, response -> {
 *   // copy response.status(), contentType(), contentEncoding(), allow(), vary(), contentLength()
 *   return bodyStream;
 * });
 * }</pre>
 *
 * <p>Answers: {@code 200} with the metrics and {@code Vary: Accept, Accept-Encoding}, buffered
 * with a length up to {@link #DEFAULT_MAX_BUFFERED_BYTES} (see {@link
 * #MAX_BUFFERED_BYTES_PROPERTY}), streamed past it; {@code 405} (with {@code Allow}) for methods
 * other than GET and HEAD; {@code 400} for a query string longer than {@link #MAX_QUERY_LENGTH} or
 * not validly percent-encoded; {@code 500} with {@link #SCRAPE_FAILED} when the format fails, or a
 * collector with {@link ExpositionOptions#strictCollectors()} (by default a failing collector is
 * left out of a {@code 200}, counted and logged by the registry). The body of a {@code 500} never
 * holds the exception's message, which could hold a secret (say a JDBC URL with its password) and
 * the endpoint is often reachable without credentials; the exception with its stack trace goes to
 * the {@link System.Logger} named {@code io.promsdk.exporter.common.ScrapeHandler} at {@code
 * WARNING}.
 *
 * <p>One pass: the metrics are written into a pooled buffer and, once they pass the limit, the
 * response is committed as streamed and the rest goes straight to the transport's stream (gzipped
 * on the way if negotiated). Every collector therefore runs once per scrape, buffered or streamed.
 * A collector that fails after that cannot get a {@code 500} any more: {@link #handle} throws,
 * and the transport ends the connection. Thread-safe.
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

  /** Response buffers kept between scrapes by the public constructors. */
  public static final int DEFAULT_POOL_SIZE = 4;
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

  /**
   * A handler for {@code registry} keeping {@code pooledBuffers} response buffers between scrapes,
   * about the number of concurrent scrapes expected (a server with n scrape threads: n); 0 keeps
   * none.
   *
   * @throws IllegalArgumentException if {@code pooledBuffers} is negative
   */
  public ScrapeHandler(CollectorRegistry registry, int pooledBuffers, ExpositionOptions options) {
    this(registry, pooledBuffers, options, maxBufferedBytesFromProperty());
  }

  ScrapeHandler(CollectorRegistry registry, int pooledBuffers) {
    this(registry, pooledBuffers, ExpositionOptions.defaults());
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
    if (pooledBuffers < 0) {
      throw new IllegalArgumentException("pooledBuffers must not be negative, but is " + pooledBuffers);
    }
    if (maxBufferedBytes < 0) {
      throw new IllegalArgumentException(
          MAX_BUFFERED_BYTES_PROPERTY + " must not be negative, but is " + maxBufferedBytes);
    }
    this.pool = new ResponsePool(pooledBuffers, maxBufferedBytes);
  }

  private static int maxBufferedBytesFromProperty() {
    String value = System.getProperty(MAX_BUFFERED_BYTES_PROPERTY);
    if (value == null) {
      // The file and PROMSDK_SCRAPE_MAX_BUFFERED_BYTES of the runtime configuration; the system
      // property itself is read above at every handler's creation, as it always was.
      return PromsdkConfig.get().scrapeMaxBufferedBytes().orElse(DEFAULT_MAX_BUFFERED_BYTES);
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          MAX_BUFFERED_BYTES_PROPERTY + " must be a number of bytes, but is \"" + value + "\"", e);
    }
  }

  /**
   * Answers one request for the metrics endpoint through {@code exchange}: {@link
   * ScrapeExchange#commit} is called once, then the body is written into the stream it returned.
   *
   * @throws IOException if the transport's stream fails (the client is gone)
   * @throws RuntimeException only after {@code commit} of a streamed body ({@link
   *     ScrapeResponse#contentLength()} {@code -1}), if a collector or the format fails part way;
   *     what was written is then a cut body, which the transport must not complete
   */
  public void handle(ScrapeRequest request, ScrapeExchange exchange) throws IOException {
    String method = request.method();
    try (PooledResponse response = pool.acquire(method)) {
      if (!isGetOrHead(method)) {
        response.sendMethodNotAllowed(exchange);
        return;
      }
      String rawQuery = request.rawQuery();
      if (rawQuery != null && rawQuery.length() > MAX_QUERY_LENGTH) {
        response.sendText(400, "Query string too long: at most " + MAX_QUERY_LENGTH + " characters.", exchange);
        return;
      }
      NameFilter filter;
      try {
        filter = NameFilter.fromQuery(rawQuery);
      } catch (IllegalArgumentException e) {
        response.sendText(400, "Malformed query string: " + e.getMessage(), exchange);
        return;
      }
      ExpositionFormat format = ExpositionFormat.forAcceptHeader(request.header("Accept"));
      boolean gzip = AcceptEncoding.allowsGzip(request.header("Accept-Encoding"));
      try {
        response.sendMetrics(format, registry, filter, options, gzip, exchange);
      } catch (RuntimeException e) {
        if (response.committed()) {
          throw e;
        }
        LOG.log(Level.WARNING, "scrape failed; answered 500", e);
        response.sendText(500, SCRAPE_FAILED, exchange);
      }
    }
  }

  /** Whether {@code method} is one the metrics endpoint serves: {@code GET} or {@code HEAD}. */
  public static boolean isGetOrHead(String method) {
    return "GET".equals(method) || "HEAD".equals(method);
  }

  /**
   * Answers with a one-line plain-text body in this handler's pooled buffers, for the routes a
   * transport serves around the metrics endpoint ({@code 404}, {@code 503}, a health check, ...);
   * for a {@code HEAD} the headers only.
   */
  public void sendText(String method, int status, String message, ScrapeExchange exchange) throws IOException {
    try (PooledResponse response = pool.acquire(method)) {
      response.sendText(status, message, exchange);
    }
  }

  /** Answers {@code 405} with {@code Allow: GET, HEAD}, as the metrics endpoint does for other methods. */
  public void sendMethodNotAllowed(String method, ScrapeExchange exchange) throws IOException {
    try (PooledResponse response = pool.acquire(method)) {
      response.sendMethodNotAllowed(exchange);
    }
  }
}
