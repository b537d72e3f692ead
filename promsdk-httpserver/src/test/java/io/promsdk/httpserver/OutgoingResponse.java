package io.promsdk.httpserver;

import io.promsdk.exporter.common.ScrapeResponse;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A response a test hands the {@link NioEngine} as its scrape lane: headers and a body that may
 * fail part way (as a streamed scrape may) without a real collector.
 */
interface OutgoingResponse extends ScrapeResponse {
  /** Writes the body; may throw part way through a streamed body. */
  void writeBodyTo(OutputStream out) throws IOException;

  /** The lane that commits what {@code responses} gives for a request and writes its body. */
  static ScrapeLane lane(java.util.function.Function<RequestHead, OutgoingResponse> responses) {
    return (head, exchange) -> {
      OutgoingResponse response = responses.apply(head);
      OutputStream out = exchange.commit(response);
      if (!response.isHead()) {
        response.writeBodyTo(out);
      }
    };
  }
}
