package io.promsdk.httpserver;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The outcome of one request handled by {@link ScrapeHandler}: status, headers and body, the body
 * held in a pooled buffer. Copy the headers to the HTTP response, call {@link #writeBodyTo}, then
 * {@link #close} to hand the buffer back for the next scrape.
 *
 * <pre>{@code
 * try (ScrapeResponse r = handler.handle(method, rawQuery, accept, acceptEncoding)) {
 *   response.setStatus(r.status());
 *   response.setContentType(r.contentType());
 *   ...
 *   r.writeBodyTo(response.getOutputStream());
 * }
 * }</pre>
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
  private final ReusableBuffer body = new ReusableBuffer(INITIAL_CAPACITY);
  private ReusableBuffer gzipped;
  private GzipEncoder gzip;
  private ReusableBuffer content = body;
  private int status;
  private String contentType;
  private String contentEncoding;
  private String allow;
  private String vary;
  private boolean head;
  private boolean pooled;

  ScrapeResponse(ResponsePool pool) {
    this.pool = pool;
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
    return this;
  }

  /** The buffer a format writes the body into. */
  ReusableBuffer body() {
    return body;
  }

  /** The metrics, negotiated from {@code Accept} and, by {@link #gzip}, {@code Accept-Encoding}. */
  ScrapeResponse ok(String contentType) {
    this.status = 200;
    this.contentType = contentType;
    this.vary = VARY;
    return this;
  }

  /** Replaces the body with a one-line plain-text message. */
  ScrapeResponse text(int status, String message) {
    this.status = status;
    this.contentType = TEXT_PLAIN;
    this.contentEncoding = null;
    this.vary = null;
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

  /** Gzips the body; the content length becomes that of the compressed bytes. */
  void gzip() {
    if (gzip == null) {
      gzip = new GzipEncoder();
      gzipped = new ReusableBuffer(INITIAL_GZIP_CAPACITY);
    }
    gzip.encode(body.array(), body.size(), gzipped);
    content = gzipped;
    contentEncoding = "gzip";
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
   * request, which gets the headers a {@code GET} would get but no body.
   */
  public int contentLength() {
    return content.size();
  }

  /** Whether the request was a {@code HEAD}, so that {@link #writeBodyTo} writes nothing. */
  public boolean isHead() {
    return head;
  }

  /** Writes the body, or nothing for a {@code HEAD} request. Does not close {@code out}. */
  public void writeBodyTo(OutputStream out) throws IOException {
    if (!head && content.size() > 0) {
      out.write(content.array(), 0, content.size());
    }
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
