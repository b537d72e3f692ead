package io.promsdk.httpserver;

import java.nio.charset.StandardCharsets;

/**
 * Parses an HTTP/1.x request head (request line and headers) out of the bytes a connection has
 * received, with hard limits on its size: the {@link NioEngine} never holds more than {@link
 * #MAX_HEAD_BYTES} of a request. Lenient where clients differ harmlessly (bare LF line ends,
 * absolute-form targets), strict where a lenient reading could be smuggled past (obsolete line
 * folding, conflicting {@code Content-Length}s, whitespace before a header's colon).
 */
final class RequestHeadParser {
  /** The longest request line accepted, in bytes; longer gets {@code 414}. */
  static final int MAX_REQUEST_LINE = 8 * 1024;
  /** Request headers above this many bytes (each counted as name + value + 4) get {@code 431}. */
  static final int MAX_HEADER_BYTES = 16 * 1024;
  /** The most header lines accepted; more get {@code 431}. */
  static final int MAX_HEADER_LINES = 200;
  /** The most bytes a connection buffers while a request head is incomplete. */
  static final int MAX_HEAD_BYTES = MAX_REQUEST_LINE + MAX_HEADER_BYTES + MAX_HEADER_LINES * 2;

  static final String HEADERS_TOO_LARGE = "Request headers too large: at most " + MAX_HEADER_BYTES
      + " bytes and " + MAX_HEADER_LINES + " lines.";
  static final String REQUEST_LINE_TOO_LONG = "Request line too long: at most " + MAX_REQUEST_LINE + " bytes.";

  /** A request refused before routing, with the status and message to answer it with. */
  static final class Rejection extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Rejection(int status, String message) {
      super(message, null, false, false); // Bad input, not a bug: no stack trace.
      this.status = status;
    }
  }

  private RequestHeadParser() {}

  /**
   * The index just past the empty line that ends a request head in {@code bytes[0, size)}, or -1
   * if it has not arrived yet. Scans from {@code from}, the size of the previous scan, so that a
   * head arriving one byte at a time is not rescanned from its start each time.
   */
  static int headEnd(byte[] bytes, int from, int size) {
    for (int i = Math.max(1, from); i < size; i++) {
      if (bytes[i] == '\n' && (bytes[i - 1] == '\n' || (i >= 2 && bytes[i - 1] == '\r' && bytes[i - 2] == '\n'))) {
        return i + 1;
      }
    }
    return -1;
  }

  /**
   * Which limit an incomplete head of {@code size} bytes has passed, if any: a request line longer
   * than {@link #MAX_REQUEST_LINE} ({@code 414}), or more than {@link #MAX_HEAD_BYTES} in all
   * ({@code 431}); null while it may still become a valid head.
   */
  static Rejection overLimit(byte[] bytes, int size) {
    int lineEnd = indexOf(bytes, (byte) '\n', skipBlankLines(bytes, size), size);
    if ((lineEnd < 0 ? size : lineEnd) > MAX_REQUEST_LINE + 2) {
      return new Rejection(414, REQUEST_LINE_TOO_LONG);
    }
    return size >= MAX_HEAD_BYTES ? new Rejection(431, HEADERS_TOO_LARGE) : null;
  }

  /** Parses the complete head in {@code bytes[0, end)}, as found by {@link #headEnd}. */
  static RequestHead parse(byte[] bytes, int end) throws Rejection {
    int lineStart = skipBlankLines(bytes, end);
    int lineEnd = indexOf(bytes, (byte) '\n', lineStart, end);
    if (lineEnd < 0) {
      throw new Rejection(400, "Malformed request line.");
    }
    String line = line(bytes, lineStart, lineEnd);
    if (line.length() > MAX_REQUEST_LINE) {
      throw new Rejection(414, REQUEST_LINE_TOO_LONG);
    }
    int sp1 = line.indexOf(' ');
    int sp2 = line.lastIndexOf(' ');
    if (sp1 <= 0 || sp2 == sp1 || !isToken(line, 0, sp1)) {
      throw new Rejection(400, "Malformed request line.");
    }
    String method = line.substring(0, sp1);
    String target = line.substring(sp1 + 1, sp2);
    String version = line.substring(sp2 + 1);
    if (!version.startsWith("HTTP/1.")) {
      throw version.startsWith("HTTP/") ? new Rejection(505, "HTTP version not supported: use HTTP/1.1.")
          : new Rejection(400, "Malformed request line.");
    }
    boolean http10 = "HTTP/1.0".equals(version);
    String path = path(target);
    int query = path.indexOf('?');
    String rawPath = query < 0 ? path : path.substring(0, query);
    String rawQuery = query < 0 ? null : path.substring(query + 1);

    Headers headers = new Headers();
    int lines = 0;
    long headerBytes = 0;
    int start = lineEnd + 1;
    while (true) {
      int next = indexOf(bytes, (byte) '\n', start, end);
      String header = line(bytes, start, next);
      start = next + 1;
      if (header.isEmpty()) {
        break;
      }
      if (header.charAt(0) == ' ' || header.charAt(0) == '\t') {
        throw new Rejection(400, "Obsolete header line folding is not accepted.");
      }
      int colon = header.indexOf(':');
      if (colon <= 0 || !isToken(header, 0, colon)) {
        throw new Rejection(400, "Malformed header line.");
      }
      String value = header.substring(colon + 1).strip();
      headerBytes += colon + value.length() + 4;
      if (++lines > MAX_HEADER_LINES || headerBytes > MAX_HEADER_BYTES) {
        throw new Rejection(431, HEADERS_TOO_LARGE);
      }
      headers.add(header.substring(0, colon), value);
    }
    boolean keepAlive = !hasToken(headers.connection, "close");
    return new RequestHead(method, rawPath, rawQuery, http10, keepAlive,
        headers.contentLength > 0 || headers.transferEncoding, headers.accept, headers.acceptEncoding,
        headers.authorization);
  }

  /** The headers the exporter uses; repeated list-valued headers are joined with ", ". */
  private static final class Headers {
    String accept;
    String acceptEncoding;
    String authorization;
    String connection;
    long contentLength = -1;
    boolean transferEncoding;

    void add(String name, String value) throws Rejection {
      if (name.equalsIgnoreCase("Accept")) {
        accept = join(accept, value);
      } else if (name.equalsIgnoreCase("Accept-Encoding")) {
        acceptEncoding = join(acceptEncoding, value);
      } else if (name.equalsIgnoreCase("Authorization")) {
        if (authorization != null) {
          throw new Rejection(400, "More than one Authorization header.");
        }
        authorization = value;
      } else if (name.equalsIgnoreCase("Connection")) {
        connection = join(connection, value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        transferEncoding = true;
      } else if (name.equalsIgnoreCase("Content-Length")) {
        long length = contentLength(value);
        if (contentLength >= 0 && contentLength != length) {
          throw new Rejection(400, "Conflicting Content-Length headers.");
        }
        contentLength = length;
      }
    }

    private static long contentLength(String value) throws Rejection {
      if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new Rejection(400, "Malformed Content-Length.");
      }
      return Long.parseLong(value);
    }

    private static String join(String earlier, String value) {
      return earlier == null ? value : earlier + ", " + value;
    }
  }

  /** The origin-form path and query of a request target; the absolute form loses its authority. */
  private static String path(String target) throws Rejection {
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new Rejection(400, "Malformed request target.");
      }
    }
    if (target.startsWith("/")) {
      return target;
    }
    int scheme = target.indexOf("://");
    String schemeName = scheme > 0 ? target.substring(0, scheme) : "";
    if (schemeName.equalsIgnoreCase("http") || schemeName.equalsIgnoreCase("https")) {
      int slash = target.indexOf('/', scheme + 3);
      return slash < 0 ? "/" : target.substring(slash);
    }
    if ("*".equals(target)) {
      return target; // OPTIONS *: matches no route, so 404.
    }
    throw new Rejection(400, "Malformed request target.");
  }

  private static boolean hasToken(String list, String token) {
    if (list == null) {
      return false;
    }
    for (String part : list.split(",")) {
      if (part.strip().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  /** RFC 9110 token characters: no whitespace, no separators. */
  private static boolean isToken(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return from < to;
  }

  /** The line from {@code start} to the LF at {@code lf}, without its CR. */
  private static String line(byte[] bytes, int start, int lf) {
    int end = lf > start && bytes[lf - 1] == '\r' ? lf - 1 : lf;
    return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
  }

  /** RFC 9112 2.2: empty lines before a request line are ignored. */
  private static int skipBlankLines(byte[] bytes, int size) {
    int i = 0;
    while (i < size && (bytes[i] == '\r' || bytes[i] == '\n')) {
      i++;
    }
    return i;
  }

  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
