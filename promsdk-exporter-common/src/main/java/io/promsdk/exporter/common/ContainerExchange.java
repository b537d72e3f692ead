package io.promsdk.exporter.common;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;

/**
 * A {@link ScrapeExchange} over a container's response object that sets status and headers one by
 * one ({@code jakarta.servlet}, {@code javax.servlet}): it holds, once for all such containers,
 * which headers a {@link ScrapeResponse} becomes and how a streamed body is committed, so that a
 * container's adapter only names its five setters.
 *
 * <pre>{@code
 * // Exchange extends ContainerExchange: setStatus -> response.setStatus, setHeader ->
 * // response.setHeader, ..., body -> response.getOutputStream()
 * new Exchange(servletResponse).serve(handler, new ServletScrapeRequest(servletRequest));
 * }</pre>
 */
public abstract class ContainerExchange implements ScrapeExchange {
  private static final System.Logger LOG = System.getLogger(ContainerExchange.class.getName());

  /**
   * Answers {@code request} through {@code handler}. A scrape that fails after its status was sent
   * (only a streamed body can) is logged and rethrown as an {@link IOException}: the container then
   * aborts the connection without the final chunk, so that the scraper sees a failed scrape, not a
   * short one. The handler answers every other failure itself with a 500.
   */
  public final void serve(ScrapeHandler handler, ScrapeRequest request) throws IOException {
    try {
      handler.handle(request, this);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "scrape failed after the status was sent; aborting the response", e);
      throw new IOException("scrape failed part way through a streamed body", e);
    }
  }

  @Override
  public final OutputStream commit(ScrapeResponse scrape) throws IOException {
    setStatus(scrape.status());
    setHeader("Content-Type", scrape.contentType());
    if (scrape.contentEncoding() != null) {
      setHeader("Content-Encoding", scrape.contentEncoding());
    }
    if (scrape.allow() != null) {
      setHeader("Allow", scrape.allow());
    }
    if (scrape.vary() != null) {
      setHeader("Vary", scrape.vary());
    }
    if (scrape.contentLength() >= 0) {
      setContentLength(scrape.contentLength());
    } else {
      // A body past the handler's buffer limit, sent chunked. The status line goes out first, as
      // from the JDK server, so that a failure while the body is written always finds the
      // response committed.
      flushHeaders();
    }
    return body();
  }

  /** Sets the response status. */
  protected abstract void setStatus(int status);

  /** Sets header {@code name} to {@code value}, replacing any value it had. */
  protected abstract void setHeader(String name, String value);

  /** Sets {@code Content-Length}. */
  protected abstract void setContentLength(long length);

  /** Sends status and headers now (the response is committed, its body will be chunked). */
  protected abstract void flushHeaders() throws IOException;

  /** The stream of the response body. */
  protected abstract OutputStream body() throws IOException;
}
