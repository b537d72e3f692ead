package io.promsdk.httpserver;

import io.promsdk.exporter.common.ScrapeExchange;
import java.io.IOException;

/**
 * How the {@link NioEngine} answers a scrape on a worker thread: through the exchange it is
 * given, which writes the head and body to the connection. {@link HTTPServer} routes it through
 * {@link ExporterRoutes}; tests hand the engine bodies that fail part way.
 */
@FunctionalInterface
interface ScrapeLane {
  /** Answers {@code head} through {@code exchange}; throws if the body failed part way. */
  void answer(RequestHead head, ScrapeExchange exchange) throws IOException;
}
