package io.promsdk.httpserver;

/** Reads an {@code Accept-Encoding} header without allocating, as every Prometheus scrape sends one. */
final class AcceptEncoding {
  private AcceptEncoding() {}

  /**
   * Whether {@code gzip} (or {@code x-gzip}, or {@code *}) is listed with a non-zero q-value.
   *
   * <p>Example: {@code "gzip"} and {@code "br, gzip;q=0.5"} accept gzip; {@code "gzip;q=0"},
   * {@code "identity"} and null do not.
   */
  static boolean allowsGzip(String header) {
    if (header == null) {
      return false;
    }
    int n = header.length();
    int start = 0;
    while (start < n) {
      int end = header.indexOf(',', start);
      if (end < 0) {
        end = n;
      }
      if (isGzipWithNonZeroQ(header, start, end)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  private static boolean isGzipWithNonZeroQ(String h, int start, int end) {
    start = skipSpaces(h, start, end);
    int nameEnd = start;
    while (nameEnd < end && h.charAt(nameEnd) != ';' && h.charAt(nameEnd) != ' ') {
      nameEnd++;
    }
    int len = nameEnd - start;
    boolean gzip = (len == 4 && h.regionMatches(true, start, "gzip", 0, 4))
        || (len == 6 && h.regionMatches(true, start, "x-gzip", 0, 6))
        || (len == 1 && h.charAt(start) == '*');
    return gzip && !qIsZero(h, nameEnd, end);
  }

  /** Whether the parameters in {@code h[from..end)} contain {@code q=0}, {@code q=0.0} etc. */
  private static boolean qIsZero(String h, int from, int end) {
    int semicolon = h.indexOf(';', from);
    while (semicolon >= 0 && semicolon < end) {
      int p = skipSpaces(h, semicolon + 1, end);
      if (p + 1 < end && (h.charAt(p) == 'q' || h.charAt(p) == 'Q') && h.charAt(p + 1) == '=') {
        boolean zero = p + 2 < end;
        for (int i = p + 2; i < end && h.charAt(i) != ';' && h.charAt(i) != ' '; i++) {
          char c = h.charAt(i);
          zero &= c == '0' || c == '.';
        }
        return zero;
      }
      semicolon = h.indexOf(';', semicolon + 1);
    }
    return false;
  }

  private static int skipSpaces(String h, int i, int end) {
    while (i < end && (h.charAt(i) == ' ' || h.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }
}
