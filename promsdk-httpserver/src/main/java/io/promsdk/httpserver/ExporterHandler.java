package io.promsdk.httpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.promsdk.exporter.common.ScrapeExchange;
import io.promsdk.exporter.common.ScrapeRequest;
import io.promsdk.exporter.common.ScrapeResponse;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK {@link HttpHandler} behind the {@link JdkEngine}: routes through {@link ExporterRoutes}
 * and never lets an exception reach the client as a broken connection when a status can still be
 * sent. Counts requests in flight so that {@link HTTPServer#close} can wait for them.
 */
final class ExporterHandler implements HttpHandler {
  /** Request headers above this many bytes in total get {@code 431}. */
  static final int MAX_HEADER_BYTES = RequestHeadParser.MAX_HEADER_BYTES;

  private static final System.Logger LOG = System.getLogger(HTTPServer.class.getName());

  private final ExporterRoutes routes;
  private final AtomicInteger inFlight = new AtomicInteger();

  ExporterHandler(ExporterRoutes routes) {
    this.routes = routes;
  }

  @Override
  public void handle(HttpExchange exchange) {
    inFlight.incrementAndGet();
    long start = routes.requestStarted();
    Throwable failure = null;
    try {
      respond(exchange);
      exchange.close();
    } catch (IOException | RuntimeException e) {
      failure = e;
      if (exchange.getResponseCode() != -1) {
        // The status line is out, maybe part of the body. exchange.close() would end a chunked
        // body with its final chunk, and the client would take the cut body as complete. An
        // exception out of the handler makes the JDK close the connection as it is instead (an
        // orderly close: an HTTP/1.0 client of a body without length cannot tell; the NIO engine
        // resets). The client going away is routine; the body failing is worth a warning.
        LOG.log(e instanceof ClientGone ? Level.DEBUG : Level.WARNING,
            "response failed after its status line was sent; connection aborted", e);
        throw new IllegalStateException("response aborted", e);
      }
      LOG.log(e instanceof IOException ? Level.DEBUG : Level.WARNING, "request failed", e);
      exchange.close();
    } catch (Error e) {
      failure = e;
      // The JDK would only log it at TRACE level; a broken classpath must be visible.
      LOG.log(Level.ERROR, "request failed", e);
      throw e;
    } finally {
      try {
        if (routes.hasListener()) { // else no header lookup (it allocates) for a call that does nothing
          int status = exchange.getResponseCode();
          routes.requestFinished(start, exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
              status < 0 ? 500 : status, failure, responseBytes(exchange));
        }
      } finally {
        inFlight.decrementAndGet(); // else close() would wait its whole deadline for this request
      }
    }
  }

  /** The body length the response stated: its Content-Length, 0 for HEAD, else -1 (chunked). */
  private static long responseBytes(HttpExchange exchange) {
    if ("HEAD".equals(exchange.getRequestMethod())) {
      return 0;
    }
    String length = exchange.getResponseHeaders().getFirst("Content-Length");
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void respond(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    JdkExchange answer = new JdkExchange(exchange);
    if (routes.isClosing()) {
      exchange.getResponseHeaders().set("Connection", "close");
      routes.shuttingDown(method, answer);
    } else if (headerBytes(exchange.getRequestHeaders()) > MAX_HEADER_BYTES) {
      routes.text(method, 431, RequestHeadParser.HEADERS_TOO_LARGE, answer);
    } else {
      routes.answer(exchange.getRequestURI().getRawPath(), answer, answer);
    }
  }

  private static long headerBytes(Headers headers) {
    long total = 0;
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      for (String value : e.getValue()) {
        total += e.getKey().length() + 4 + (value == null ? 0 : value.length());
      }
    }
    return total;
  }

  /** The JDK's exchange as the scrape handler's request and response. */
  private record JdkExchange(HttpExchange exchange) implements ScrapeRequest, ScrapeExchange {
    @Override
    public String method() {
      return exchange.getRequestMethod();
    }

    @Override
    public String rawQuery() {
      return exchange.getRequestURI().getRawQuery();
    }

    @Override
    public String header(String name) {
      return exchange.getRequestHeaders().getFirst(name);
    }

    @Override
    public OutputStream commit(ScrapeResponse response) throws IOException {
      Headers headers = exchange.getResponseHeaders();
      headers.set("Content-Type", response.contentType());
      if (response.contentEncoding() != null) {
        headers.set("Content-Encoding", response.contentEncoding());
      }
      if (response.allow() != null) {
        headers.set("Allow", response.allow());
      }
      if (response.vary() != null) {
        headers.set("Vary", response.vary());
      }
      long length = response.contentLength(); // -1: a streamed body of unknown length.
      if (response.isHead()) {
        // The JDK sends no Content-Length for HEAD on its own; -1 means "no body follows".
        if (length >= 0) {
          headers.set("Content-Length", Long.toString(length));
        }
        exchange.sendResponseHeaders(response.status(), -1);
      } else {
        // To the JDK, 0 means chunked (or close-delimited for HTTP/1.0) and -1 an empty body.
        exchange.sendResponseHeaders(response.status(), length == 0 ? -1 : length < 0 ? 0 : length);
      }
      return new ClientStream(exchange.getResponseBody());
    }
  }

  int inFlight() {
    return inFlight.get();
  }

  /** The client's side of a response failed: reset, closed, or too slow. */
  private static final class ClientGone extends IOException {
    private static final long serialVersionUID = 1L;

    ClientGone(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * The exchange's body stream, telling its failures ({@link ClientGone}) apart from those of the
   * code that generates the body.
   */
  private static final class ClientStream extends FilterOutputStream {
    ClientStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw new ClientGone(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new ClientGone(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw new ClientGone(e);
      }
    }

    @Override
    public void close() {
      // The exchange closes the stream, once the response is complete.
    }
  }
}
