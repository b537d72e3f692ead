package io.promsdk.httpserver;

import io.promsdk.exporter.common.ScrapeExchange;
import io.promsdk.exporter.common.ScrapeHandler;
import io.promsdk.exporter.common.ScrapeRequest;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * What the exporter answers on each path, independent of the engine that carries the request:
 * the metrics path goes to the {@link ScrapeHandler}, {@code /-/healthy} is answered at once,
 * anything else is {@code 404}; during {@code close()} everything is {@code 503}. Both engines
 * ({@link JdkEngine} and {@link NioEngine}) route through here, so they answer alike.
 */
final class ExporterRoutes {
  static final String HEALTH_PATH = "/-/healthy";

  private static final System.Logger LOG = System.getLogger(HTTPServer.class.getName());

  private final ScrapeHandler scrapes;
  private final String metricsPath;
  private final RequestListener listener; // null: none
  private final RateLimitedWarning listenerFailures = new RateLimitedWarning();
  private volatile boolean closing;

  ExporterRoutes(ScrapeHandler scrapes, String metricsPath) {
    this(scrapes, metricsPath, null);
  }

  /** @param listener told of every request answered, or null */
  ExporterRoutes(ScrapeHandler scrapes, String metricsPath, RequestListener listener) {
    this.scrapes = scrapes;
    this.metricsPath = metricsPath;
    this.listener = listener;
  }

  /**
   * Tells the listener a request's head was read; returns the token for {@link #requestFinished}.
   * Never throws but a {@link VirtualMachineError}: a failing listener (an exception, or an Error
   * such as a NoClassDefFoundError or AssertionError) is logged, and the request answered as usual.
   */
  long requestStarted() {
    if (listener != null) {
      try {
        return listener.requestStarted();
      } catch (RuntimeException | Error e) {
        listenerFailed(e);
      }
    }
    return 0;
  }

  /**
   * Tells the listener a request was answered, with its route: the metrics path, {@code
   * /-/healthy}, or null for any other path. Never throws; allocates nothing itself.
   */
  void requestFinished(long start, String method, String rawPath, int status, Throwable failure,
      long responseBytes) {
    if (listener != null) {
      try {
        listener.requestFinished(start, method, route(rawPath), null, status, failure, -1, responseBytes);
      } catch (RuntimeException | Error e) {
        listenerFailed(e);
      }
    }
  }

  /** Whether a listener is told of requests: without one, an engine reads nothing for it. */
  boolean hasListener() {
    return listener != null;
  }

  /** The exporter's route of a path: one of its two paths, or null. */
  String route(String rawPath) {
    if (metricsPath.equals(rawPath)) {
      return metricsPath;
    }
    return HEALTH_PATH.equals(rawPath) ? HEALTH_PATH : null;
  }

  /**
   * Logs a listener's failure, rate-limited. An Error other than the JVM's own out of memory or
   * internal errors is a listener's bug like an exception: it must not kill the NIO selector
   * thread (which would stop the server) nor skip a worker's hand-back of its connection.
   */
  private void listenerFailed(Throwable e) {
    if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
      throw (VirtualMachineError) e;
    }
    long failures = listenerFailures.occurred();
    if (failures > 0) {
      LOG.log(Level.WARNING, "the request listener threw; the requests were answered as usual ("
          + failures + " time(s) since the last warning)", e);
    }
  }

  /**
   * Whether answering runs collectors (a GET or HEAD of the metrics path). Every other answer is
   * cheap and never waits for a collector, which is what lets an engine answer it on a thread
   * that scrapes cannot hold.
   */
  boolean isScrape(String method, String rawPath) {
    return !closing && metricsPath.equals(rawPath) && ScrapeHandler.isGetOrHead(method);
  }

  /**
   * Answers a request through {@code exchange}; runs the collectors only if {@link #isScrape}
   * says so. Throws what {@link ScrapeHandler#handle} throws.
   */
  void answer(String rawPath, ScrapeRequest request, ScrapeExchange exchange) throws IOException {
    String method = request.method();
    if (closing) {
      shuttingDown(method, exchange);
    } else if (metricsPath.equals(rawPath)) {
      scrapes.handle(request, exchange);
    } else if (!HEALTH_PATH.equals(rawPath)) {
      scrapes.sendText(method, 404, "Not found. Metrics are at " + metricsPath + ".", exchange);
    } else if (ScrapeHandler.isGetOrHead(method)) {
      scrapes.sendText(method, 200, "Exporter is healthy.", exchange);
    } else {
      scrapes.sendMethodNotAllowed(method, exchange);
    }
  }

  /** A plain-text answer of this exporter, e.g. {@code 431} or {@code 503}. */
  void text(String method, int status, String message, ScrapeExchange exchange) throws IOException {
    scrapes.sendText(method, status, message, exchange);
  }

  void shuttingDown(String method, ScrapeExchange exchange) throws IOException {
    scrapes.sendText(method, 503, "Shutting down.", exchange);
  }

  /** From now on every request gets {@code 503}; requests already running finish normally. */
  void startClosing() {
    closing = true;
  }

  boolean isClosing() {
    return closing;
  }
}
