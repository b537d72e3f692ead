package io.promsdk.exporter.common;

/**
 * The parts of an HTTP request a {@link ScrapeHandler} reads, whatever server carries it. A
 * transport implements it over its own request object, without copying:
 *
 * <pre>{@code
 * record ServletScrapeRequest(HttpServletRequest request) implements ScrapeRequest {
 *   public String method() { return request.getMethod(); }
 *   public String rawQuery() { return request.getQueryString(); }
 *   public String header(String name) { return request.getHeader(name); }
 * }
 * }</pre>
 */
public interface ScrapeRequest {
  /** The HTTP method, e.g. {@code GET}. */
  String method();

  /** The query string still percent-encoded, without {@code ?}; null for none. */
  String rawQuery();

  /**
   * The first value of the request header {@code name} (matched case-insensitively), or null if
   * the request has none. The handler asks only for {@code Accept} and {@code Accept-Encoding}.
   */
  String header(String name);
}
