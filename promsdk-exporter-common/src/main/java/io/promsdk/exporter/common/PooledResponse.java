package io.promsdk.exporter.common;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.MetricType;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.exposition.ExpositionOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiPredicate;

/**
 * One answer of a {@link ScrapeHandler} with the buffers it is written into, kept in a {@link
 * ResponsePool} between requests: status and headers (the {@link ScrapeResponse} a transport
 * reads), a buffer for the body, its gzipped copy, a gzip encoder and the {@link SpillStream}
 * through which a body past the buffer limit is streamed in the same pass.
 *
 * <p>Not thread-safe: one request at a time, between {@link #reset} and {@link #close}.
 */
final class PooledResponse implements ScrapeResponse, AutoCloseable {
  static final String TEXT_PLAIN = "text/plain; charset=utf-8";
  /** The request headers a metrics response depends on, for caches between client and server. */
  static final String VARY = "Accept, Accept-Encoding";
  static final int INITIAL_CAPACITY = 16 * 1024;
  private static final int INITIAL_GZIP_CAPACITY = INITIAL_CAPACITY / 4;
  private static final BiPredicate<String, MetricType> ALL_FAMILIES = (name, type) -> true;

  private final ResponsePool pool;
  private final ReusableBuffer body;
  /** Writes into {@link #body} up to the handler's limit, and past it into the transport. */
  private final SpillStream spill;
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
  /** Whether the last {@link #sendMetrics} committed the response by spilling. */
  private boolean committedBySpill;

  /** @param maxBufferedBytes the largest body of metrics that is buffered rather than streamed */
  PooledResponse(ResponsePool pool, int maxBufferedBytes) {
    this.pool = pool;
    this.body = new ReusableBuffer(Math.min(INITIAL_CAPACITY, maxBufferedBytes));
    this.spill = new SpillStream(body, maxBufferedBytes);
    this.content = body;
  }

  /** Clears this response for a new request. */
  PooledResponse reset(String method) {
    pooled = false;
    body.reset();
    content = body;
    status = 200;
    contentType = TEXT_PLAIN;
    contentEncoding = null;
    allow = null;
    vary = null;
    head = "HEAD".equals(method);
    return this;
  }

  /**
   * Writes the metrics of {@code registry} ({@code filter}ed unless null) in {@code format},
   * gzipped if {@code gzip}, and sends them through {@code exchange}: buffered, with a length, if
   * they fit the buffer limit; otherwise streamed from the moment they pass it, so that every
   * collector runs once.
   *
   * @throws RuntimeException if a collector or the format fails; {@link #committed()} then says
   *     whether the status line had gone out (a streamed body cut part way) or a {@code 500} can
   *     still be sent
   * @throws IOException if the transport's stream fails (the client is gone)
   */
  void sendMetrics(ExpositionFormat format, CollectorRegistry registry, NameFilter filter,
      ExpositionOptions options, boolean gzip, ScrapeExchange exchange) throws IOException {
    status = 200;
    contentType = format.contentType();
    contentEncoding = gzip ? "gzip" : null;
    vary = VARY;
    spill.start(this, exchange, gzip ? gzipEncoder() : null);
    try {
      format.write(spill, registry, filter == null ? ALL_FAMILIES : filter::matches, options);
      if (spill.spilled()) {
        spill.finish();
        return;
      }
    } catch (SpillStream.LimitReached headersOfAHeadSent) {
      return;
    } finally {
      committedBySpill = spill.spilled();
      spill.detach();
    }
    if (gzip) {
      gzipBody();
    }
    sendBuffered(exchange);
  }

  /** Whether the status line went out during {@link #sendMetrics} (the body passed the limit). */
  boolean committed() {
    return committedBySpill;
  }

  /** Sends a one-line plain-text message, e.g. a {@code 404}. */
  void sendText(int status, String message, ScrapeExchange exchange) throws IOException {
    setText(status, message);
    sendBuffered(exchange);
  }

  /** Sends {@code 405} with {@code Allow: GET, HEAD}. */
  void sendMethodNotAllowed(ScrapeExchange exchange) throws IOException {
    setText(405, "Method not allowed: use GET or HEAD.");
    allow = "GET, HEAD";
    sendBuffered(exchange);
  }

  private void setText(int status, String message) {
    this.status = status;
    this.contentType = TEXT_PLAIN;
    this.contentEncoding = null;
    this.vary = null;
    this.allow = null;
    committedBySpill = false;
    body.reset();
    content = body;
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    body.write(bytes, 0, bytes.length);
    body.write('\n');
  }

  private void sendBuffered(ScrapeExchange exchange) throws IOException {
    OutputStream out = exchange.commit(this);
    if (!head && content.size() > 0) {
      out.write(content.array(), 0, content.size());
    }
  }

  /** Gzips the buffered body; the content length becomes that of the compressed bytes. */
  void gzipBody() {
    if (gzipped == null) {
      gzipped = new ReusableBuffer(INITIAL_GZIP_CAPACITY);
    }
    gzipEncoder().encode(body.array(), body.size(), gzipped);
    content = gzipped;
  }

  private GzipEncoder gzipEncoder() {
    if (gzip == null) {
      gzip = new GzipEncoder();
    }
    return gzip;
  }

  /** The buffer of a buffered body, for tests. */
  ReusableBuffer body() {
    return body;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public String contentType() {
    return contentType;
  }

  @Override
  public String contentEncoding() {
    return contentEncoding;
  }

  @Override
  public String allow() {
    return allow;
  }

  @Override
  public String vary() {
    return vary;
  }

  @Override
  public long contentLength() {
    return spill.spilled() ? -1 : content.size();
  }

  @Override
  public boolean isHead() {
    return head;
  }

  /** Returns the buffers to the handler's pool; a second call does nothing. */
  @Override
  public void close() {
    if (!pooled) {
      pooled = true;
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
