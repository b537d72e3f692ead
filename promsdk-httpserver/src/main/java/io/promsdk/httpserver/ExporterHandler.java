package io.promsdk.httpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK {@link HttpHandler} behind {@link HTTPServer}: routes {@code /metrics} (or the
 * configured path) to the {@link ScrapeHandler}, answers {@code /-/healthy}, {@code 404} for
 * anything else, and never lets an exception reach the client as a broken connection when a
 * status can still be sent. Counts requests in flight so that {@link HTTPServer#close} can wait
 * for them.
 */
final class ExporterHandler implements HttpHandler {
  static final String HEALTH_PATH = "/-/healthy";
  /** Request headers above this many bytes in total get {@code 431}. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  private static final System.Logger LOG = System.getLogger(HTTPServer.class.getName());

  private final ScrapeHandler scrapes;
  private final String metricsPath;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean closing;

  ExporterHandler(ScrapeHandler scrapes, String metricsPath) {
    this.scrapes = scrapes;
    this.metricsPath = metricsPath;
  }

  @Override
  public void handle(HttpExchange exchange) {
    inFlight.incrementAndGet();
    boolean aborted = false;
    try {
      respond(exchange);
    } catch (CutBody e) {
      // exchange.close() would send the last chunk, and the cut body would look complete. The JDK
      // closes the connection instead when the handler throws (ServerImpl.Exchange.run).
      aborted = true;
      if (e.getCause() instanceof RuntimeException) {
        LOG.log(Level.WARNING, "scrape failed after the status was sent; connection closed", e.getCause());
      } else {
        LOG.log(Level.DEBUG, "client went away during a streamed response", e.getCause());
      }
      throw e;
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "client went away during a response", e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "request failed", e);
    } catch (Error e) {
      // The JDK would only log it at TRACE level; a broken classpath must be visible.
      LOG.log(Level.ERROR, "request failed", e);
      throw e;
    } finally {
      if (!aborted) {
        exchange.close();
      }
      inFlight.decrementAndGet();
    }
  }

  private void respond(HttpExchange exchange) throws IOException {
    try (ScrapeResponse response = route(exchange)) {
      send(exchange, response);
    }
  }

  private ScrapeResponse route(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    if (closing) {
      exchange.getResponseHeaders().set("Connection", "close");
      return scrapes.text(method, 503, "Shutting down.");
    }
    if (headerBytes(exchange.getRequestHeaders()) > MAX_HEADER_BYTES) {
      return scrapes.text(method, 431, "Request headers too large: at most " + MAX_HEADER_BYTES + " bytes.");
    }
    String path = exchange.getRequestURI().getRawPath();
    if (metricsPath.equals(path)) {
      Headers h = exchange.getRequestHeaders();
      return scrapes.handle(
          method, exchange.getRequestURI().getRawQuery(), h.getFirst("Accept"), h.getFirst("Accept-Encoding"));
    }
    if (HEALTH_PATH.equals(path)) {
      ScrapeResponse response = scrapes.text(method, 200, "Exporter is healthy.");
      return ScrapeHandler.isGetOrHead(method) ? response : response.methodNotAllowed();
    }
    return scrapes.text(method, 404, "Not found. Metrics are at " + metricsPath + ".");
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

  private static void send(HttpExchange exchange, ScrapeResponse response) throws IOException {
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
    int length = response.contentLength();
    if (response.isHead()) {
      // The JDK sends no Content-Length for HEAD on its own; -1 means "no body follows".
      if (length >= 0) {
        headers.set("Content-Length", Integer.toString(length));
      }
      exchange.sendResponseHeaders(response.status(), -1);
    } else if (length < 0) {
      // A streamed body: 0 means chunked to the JDK (close-delimited for HTTP/1.0).
      exchange.sendResponseHeaders(response.status(), 0);
      try {
        response.writeBodyTo(exchange.getResponseBody());
      } catch (IOException | RuntimeException e) {
        throw new CutBody(e);
      }
    } else {
      // 0 would mean chunked to the JDK; -1 is an empty fixed-length body.
      exchange.sendResponseHeaders(response.status(), length == 0 ? -1 : length);
      response.writeBodyTo(exchange.getResponseBody());
    }
  }

  /** A streamed body failed after the status was sent: the connection must end without completing it. */
  private static final class CutBody extends RuntimeException {
    CutBody(Exception cause) {
      super("streamed response body cut short", cause);
    }
  }

  /** From now on every request gets {@code 503}; requests already running finish normally. */
  void startClosing() {
    closing = true;
  }

  int inFlight() {
    return inFlight.get();
  }
}
