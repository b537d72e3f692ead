package io.promsdk.httpserver;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.exposition.ExpositionOptions;
import io.promsdk.core.model.MetricType;
import java.util.function.BiPredicate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The outcome of one request handled by {@link ScrapeHandler}: status, headers and body. Copy the
 * headers to the HTTP response, call {@link #writeBodyTo}, then {@link #close} to hand the buffers
 * back for the next scrape.
 *
 * <pre>{@code
 * try (ScrapeResponse r = handler.handle(method, rawQuery, accept, acceptEncoding)) {
 *   response.setStatus(r.status());
 *   response.setContentType(r.contentType());
 *   ...
 *   if (r.contentLength() >= 0) {
 *     response.setContentLength(r.contentLength());
 *   }
 *   r.writeBodyTo(response.getOutputStream());
 * }
 * }</pre>
 *
 * <p>Two kinds of body. A <em>buffered</em> body (every error, and metrics up to the handler's
 * buffer limit) is complete in a pooled buffer before the status is known, so it has a {@link
 * #contentLength()} and {@link #writeBodyTo} cannot fail except for the client. A <em>streamed</em>
 * body (metrics past the limit) has {@code contentLength() == -1}: {@link #writeBodyTo} writes the
 * metrics while it reads them, gzipping on the way if negotiated, and may throw part way, a {@link
 * RuntimeException} if a collector fails, after bytes went out. A transport must then send it
 * chunked and, if {@code writeBodyTo} throws, end the connection without completing the body, so
 * that no scraper takes a cut body for a complete one.
 *
 * <p>Not thread-safe, and not usable after {@link #close}.
 */
public final class ScrapeResponse implements AutoCloseable {
  static final String TEXT_PLAIN = "text/plain; charset=utf-8";
  /** The request headers a metrics response depends on, for caches between client and server. */
  static final String VARY = "Accept, Accept-Encoding";
  static final int INITIAL_CAPACITY = 16 * 1024;
  private static final int INITIAL_GZIP_CAPACITY = INITIAL_CAPACITY / 4;

  private final ResponsePool pool;
  private final ReusableBuffer body;
  /** Writes into {@link #body} up to the handler's limit. */
  private final BoundedSink boundedBody;
  private ReusableBuffer gzipped;
  private GzipEncoder gzip;
  private ReusableBuffer content;
  private int status;
  private String contentType;
  private String contentEncoding;
  private String allow;
  private String vary;
  private boolean head;
  private boolean pooled;

  // What a streamed body writes; all null for a buffered body, so the pool keeps no registry alive.
  private static final BiPredicate<String, MetricType> ALL_FAMILIES = (name, type) -> true;

  private ExpositionFormat streamFormat;
  private CollectorRegistry streamRegistry;
  private NameFilter streamFilter;
  private ExpositionOptions streamOptions;

  /** @param maxBufferedBytes the largest body of metrics that is buffered rather than streamed */
  ScrapeResponse(ResponsePool pool, int maxBufferedBytes) {
    this.pool = pool;
    this.body = new ReusableBuffer(Math.min(INITIAL_CAPACITY, maxBufferedBytes));
    this.boundedBody = new BoundedSink(body, maxBufferedBytes);
    this.content = body;
  }

  /** Clears this response for a new request. */
  ScrapeResponse reset(String method) {
    pooled = false;
    body.reset();
    content = body;
    status = 200;
    contentType = TEXT_PLAIN;
    contentEncoding = null;
    allow = null;
    vary = null;
    head = "HEAD".equals(method);
    forgetStream();
    return this;
  }

  /**
   * The metrics of {@code registry} ({@code filter}ed unless null) in {@code format}, gzipped if
   * {@code gzip}: buffered if they fit the buffer limit, otherwise to be streamed by {@link
   * #writeBodyTo}. Either way they are first written into the buffer, so that a collector that
   * fails before the limit is reached throws here, while a clean {@code 500} can still be sent.
   *
   * <p>A streamed body is written again from the start by {@link #writeBodyTo}: a format cannot be
   * paused at the limit and resumed into another stream, so the first attempt stops at the limit
   * and is dropped. Custom collectors are therefore called twice for a streamed body.
   *
   * @throws RuntimeException if a collector or the format fails
   */
  ScrapeResponse metrics(ExpositionFormat format, CollectorRegistry registry, NameFilter filter,
      ExpositionOptions options, boolean gzip) {
    status = 200;
    contentType = format.contentType();
    vary = VARY;
    try {
      writeMetrics(boundedBody, format, registry, filter, options);
    } catch (BoundedSink.LimitReached tooLarge) {
      body.reset();
      streamFormat = format;
      streamRegistry = registry;
      streamFilter = filter;
      streamOptions = options;
      contentEncoding = gzip ? "gzip" : null;
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    if (gzip) {
      gzip();
    }
    return this;
  }

  /** The buffer of a buffered body, for tests. */
  ReusableBuffer body() {
    return body;
  }

  private static void writeMetrics(OutputStream out, ExpositionFormat format, CollectorRegistry registry,
      NameFilter filter, ExpositionOptions options) throws IOException {
    format.write(out, registry, filter == null ? ALL_FAMILIES : filter::matches, options);
  }


  private boolean streamed() {
    return streamRegistry != null;
  }

  private void forgetStream() {
    streamFormat = null;
    streamRegistry = null;
    streamFilter = null;
    streamOptions = null;
  }

  /** Replaces the body with a one-line plain-text message. */
  ScrapeResponse text(int status, String message) {
    this.status = status;
    this.contentType = TEXT_PLAIN;
    this.contentEncoding = null;
    this.vary = null;
    forgetStream();
    body.reset();
    content = body;
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    body.write(bytes, 0, bytes.length);
    body.write('\n');
    return this;
  }

  /** {@code 405} with {@code Allow: GET, HEAD}. */
  ScrapeResponse methodNotAllowed() {
    text(405, "Method not allowed: use GET or HEAD.");
    allow = "GET, HEAD";
    return this;
  }

  /** Gzips the buffered body; the content length becomes that of the compressed bytes. */
  void gzip() {
    if (gzipped == null) {
      gzipped = new ReusableBuffer(INITIAL_GZIP_CAPACITY);
    }
    gzipEncoder().encode(body.array(), body.size(), gzipped);
    content = gzipped;
    contentEncoding = "gzip";
  }

  private GzipEncoder gzipEncoder() {
    if (gzip == null) {
      gzip = new GzipEncoder();
    }
    return gzip;
  }

  public int status() {
    return status;
  }

  /** The {@code Content-Type} header value. */
  public String contentType() {
    return contentType;
  }

  /** The {@code Content-Encoding} header value ({@code gzip}), or null for none. */
  public String contentEncoding() {
    return contentEncoding;
  }

  /** The {@code Allow} header value for a {@code 405}, otherwise null. */
  public String allow() {
    return allow;
  }

  /**
   * The {@code Vary} header value, {@code Accept, Accept-Encoding} on the metrics themselves, as
   * their format and encoding depend on these request headers; null on other answers.
   */
  public String vary() {
    return vary;
  }

  /**
   * The {@code Content-Length} header value: the number of body bytes, also for a {@code HEAD}
   * request, which gets the headers a {@code GET} would get but no body; {@code -1} for a streamed
   * body, whose length is not known before it is written (send it chunked, and no {@code
   * Content-Length}, for {@code HEAD} too).
   */
  public int contentLength() {
    return streamed() ? -1 : content.size();
  }

  /** Whether the request was a {@code HEAD}, so that {@link #writeBodyTo} writes nothing. */
  public boolean isHead() {
    return head;
  }

  /**
   * Writes the body, or nothing for a {@code HEAD} request. Does not close {@code out}.
   *
   * @throws IOException if {@code out} throws
   * @throws RuntimeException only for a streamed body ({@link #contentLength()} {@code -1}), if a
   *     collector or the format fails part way; what was written is then a cut body, which the
   *     transport must not complete
   */
  public void writeBodyTo(OutputStream out) throws IOException {
    if (head) {
      return;
    }
    if (streamed()) {
      writeStreamedBody(out);
    } else if (content.size() > 0) {
      out.write(content.array(), 0, content.size());
    }
  }

  private void writeStreamedBody(OutputStream out) throws IOException {
    if (contentEncoding == null) {
      writeMetrics(out, streamFormat, streamRegistry, streamFilter, streamOptions);
    } else {
      GzipEncoder encoder = gzipEncoder();
      try {
        writeMetrics(encoder.start(out), streamFormat, streamRegistry, streamFilter, streamOptions);
        encoder.finish();
      } finally {
        encoder.detach();
      }
    }
  }

  /** Returns the buffers to the handler's pool; a second call does nothing. */
  @Override
  public void close() {
    if (!pooled) {
      pooled = true;
      forgetStream();
      pool.release(this);
    }
  }

  /** Bytes retained while pooled. */
  long retainedBytes() {
    return body.capacity() + (gzipped == null ? 0L : gzipped.capacity());
  }

  /** Lets go of buffers grown by a large scrape: the next scrape starts small again. */
  void shrinkBuffers() {
    body.shrinkTo(INITIAL_CAPACITY);
    content = body;
    if (gzipped != null) {
      gzipped.shrinkTo(INITIAL_GZIP_CAPACITY);
    }
  }

  /** Frees native memory when this response is dropped instead of pooled. */
  void discard() {
    if (gzip != null) {
      gzip.end();
      gzip = null;
      gzipped = null;
    }
  }
}
