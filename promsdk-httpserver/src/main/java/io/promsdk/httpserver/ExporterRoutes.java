package io.promsdk.httpserver;

/**
 * What the exporter answers on each path, independent of the engine that carries the request:
 * the metrics path goes to the {@link ScrapeHandler}, {@code /-/healthy} is answered at once,
 * anything else is {@code 404}; during {@code close()} everything is {@code 503}. Both engines
 * ({@link JdkEngine} and {@link NioEngine}) route through here, so they answer alike.
 */
final class ExporterRoutes {
  static final String HEALTH_PATH = "/-/healthy";

  private final ScrapeHandler scrapes;
  private final String metricsPath;
  private volatile boolean closing;

  ExporterRoutes(ScrapeHandler scrapes, String metricsPath) {
    this.scrapes = scrapes;
    this.metricsPath = metricsPath;
  }

  /**
   * Whether answering runs collectors (a GET or HEAD of the metrics path). Every other answer is
   * cheap and never waits for a collector, which is what lets an engine answer it on a thread
   * that scrapes cannot hold.
   */
  boolean isScrape(String method, String rawPath) {
    return !closing && metricsPath.equals(rawPath) && ScrapeHandler.isGetOrHead(method);
  }

  /** The answer to a request; runs the collectors only if {@link #isScrape} says so. */
  ScrapeResponse answer(String method, String rawPath, String rawQuery, String accept, String acceptEncoding) {
    if (closing) {
      return shuttingDown(method);
    }
    if (metricsPath.equals(rawPath)) {
      return scrapes.handle(method, rawQuery, accept, acceptEncoding);
    }
    if (HEALTH_PATH.equals(rawPath)) {
      ScrapeResponse response = scrapes.text(method, 200, "Exporter is healthy.");
      return ScrapeHandler.isGetOrHead(method) ? response : response.methodNotAllowed();
    }
    return scrapes.text(method, 404, "Not found. Metrics are at " + metricsPath + ".");
  }

  /** A plain-text answer of this exporter, e.g. {@code 431} or {@code 503}. */
  ScrapeResponse text(String method, int status, String message) {
    return scrapes.text(method, status, message);
  }

  ScrapeResponse shuttingDown(String method) {
    return scrapes.text(method, 503, "Shutting down.");
  }

  /** From now on every request gets {@code 503}; requests already running finish normally. */
  void startClosing() {
    closing = true;
  }

  boolean isClosing() {
    return closing;
  }
}
