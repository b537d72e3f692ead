package io.promsdk.httpserver;

import io.promsdk.exporter.common.ScrapeRequest;

/**
 * The request line and the headers the exporter looks at, of one HTTP/1.x request read by the
 * {@link NioEngine}. Immutable, so that the selector thread can hand it to a worker as is.
 *
 * @param method the method, e.g. {@code GET}
 * @param rawPath the path still percent-encoded, e.g. {@code /metrics}
 * @param rawQuery the query without {@code ?}, still percent-encoded; null for none
 * @param http10 whether the request is HTTP/1.0 (answered, then the connection is closed)
 * @param keepAlive whether the client lets the connection serve another request afterwards
 * @param hasBody whether a body follows ({@code Content-Length} above 0 or {@code
 *     Transfer-Encoding}); the exporter never reads one, so the connection is closed afterwards
 * @param accept the {@code Accept} header, null if absent
 * @param acceptEncoding the {@code Accept-Encoding} header, null if absent
 * @param authorization the {@code Authorization} header, null if absent
 */
record RequestHead(String method, String rawPath, String rawQuery, boolean http10, boolean keepAlive,
    boolean hasBody, String accept, String acceptEncoding, String authorization) implements ScrapeRequest {

  /** The headers the parser kept: {@code Accept}, {@code Accept-Encoding} and {@code Authorization}. */
  @Override
  public String header(String name) {
    if ("Accept".equalsIgnoreCase(name)) {
      return accept;
    }
    if ("Accept-Encoding".equalsIgnoreCase(name)) {
      return acceptEncoding;
    }
    return "Authorization".equalsIgnoreCase(name) ? authorization : null;
  }

  /** Whether the connection may carry another request after this one's answer. */
  boolean reusable() {
    return keepAlive && !http10 && !hasBody;
  }
}
