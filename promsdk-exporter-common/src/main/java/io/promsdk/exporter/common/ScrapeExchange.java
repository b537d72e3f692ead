package io.promsdk.exporter.common;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The response side of a transport, driven by a {@link ScrapeHandler}: the handler decides the
 * status and headers, calls {@link #commit} once, and writes the body into the stream it gets.
 *
 * <pre>{@code
 * handler.handle(request, response -> {
 *   servletResponse.setStatus(response.status());
 *   servletResponse.setContentType(response.contentType());
 *   // ... Content-Encoding, Allow, Vary when not null
 *   if (response.contentLength() >= 0) {
 *     servletResponse.setContentLengthLong(response.contentLength());
 *   } else {
 *     servletResponse.flushBuffer(); // streamed: commit now, so that a failure finds it committed
 *   }
 *   return servletResponse.getOutputStream();
 * });
 * }</pre>
 *
 * <p>Two kinds of body. With {@link ScrapeResponse#contentLength()} {@code >= 0} exactly that many
 * bytes follow (none for a {@code HEAD}), and the handler cannot fail any more. With {@code -1}
 * the body is <em>streamed</em>: the handler writes it while the collectors run, and a collector
 * may fail part way, after bytes went out. The transport must then send it chunked (or
 * close-delimited for HTTP/1.0) and, if {@link ScrapeHandler#handle} throws after {@code commit},
 * end the connection without completing the body, so that no scraper takes a cut body for a
 * complete one.
 */
@FunctionalInterface
public interface ScrapeExchange {
  /**
   * Sends (or prepares) the status line and headers of {@code response} and returns the stream for
   * its body. Called at most once per request. For a {@code HEAD} the handler writes nothing into
   * the returned stream. The transport owns the stream: the handler neither flushes nor closes it,
   * and the transport completes the body after {@link ScrapeHandler#handle} returns normally.
   *
   * @param response the status and headers; valid only during this call (it is pooled)
   * @throws IOException if the client is gone
   */
  OutputStream commit(ScrapeResponse response) throws IOException;
}
