package io.promsdk.httpserver;

import io.promsdk.exporter.common.ScrapeResponse;

/**
 * A copy of the status and headers of a {@link ScrapeResponse}, which is valid only while it is
 * committed; for an answer whose head is rendered after its body is written.
 */
record ScrapeResponseHead(int status, String contentType, String contentEncoding, String allow, String vary,
    long contentLength, boolean isHead) implements ScrapeResponse {

  static ScrapeResponseHead copyOf(ScrapeResponse r) {
    return new ScrapeResponseHead(r.status(), r.contentType(), r.contentEncoding(), r.allow(), r.vary(),
        r.contentLength(), r.isHead());
  }
}
