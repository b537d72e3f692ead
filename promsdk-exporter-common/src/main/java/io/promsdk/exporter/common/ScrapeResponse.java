package io.promsdk.exporter.common;

/**
 * The status and headers of an answer of a {@link ScrapeHandler}, as handed to {@link
 * ScrapeExchange#commit}: copy them to the transport's response. A value is read during that call
 * only; the handler reuses the object for the next request.
 */
public interface ScrapeResponse {
  /** The HTTP status, e.g. {@code 200}. */
  int status();

  /** The {@code Content-Type} header value. */
  String contentType();

  /** The {@code Content-Encoding} header value ({@code gzip}), or null for none. */
  String contentEncoding();

  /** The {@code Allow} header value of a {@code 405}, otherwise null. */
  String allow();

  /**
   * The {@code Vary} header value, {@code Accept, Accept-Encoding} on the metrics themselves, as
   * their format and encoding depend on these request headers; null on other answers.
   */
  String vary();

  /**
   * The {@code Content-Length} header value: the number of body bytes, also for a {@code HEAD}
   * request, which gets the headers a {@code GET} would get but no body; {@code -1} for a streamed
   * body, whose length is not known before it is written (send it chunked and without {@code
   * Content-Length}, for {@code HEAD} too).
   */
  long contentLength();

  /** Whether the request was a {@code HEAD}: the headers of a {@code GET}, and no body. */
  boolean isHead();
}
