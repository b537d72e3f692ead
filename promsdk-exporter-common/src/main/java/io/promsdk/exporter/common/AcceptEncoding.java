package io.promsdk.exporter.common;

/**
 * Reads an {@code Accept-Encoding} header (RFC 9110 §12.5.3) without allocating, as every
 * Prometheus scrape sends one. Only one question is asked of it: may the response be gzipped?
 *
 * <p>The rule, element by element of the comma-separated list ({@code coding *( OWS ";" OWS
 * "q=" qvalue )}):
 *
 * <ul>
 *   <li>Codings are case-insensitive; {@code x-gzip} means {@code gzip} (RFC 9110 §8.4.1.3).
 *   <li>An element naming {@code gzip} explicitly decides, whatever {@code *} says: {@code
 *       "gzip;q=0, *"} refuses gzip. Only when gzip is not named does the wildcard {@code *}
 *       decide; when neither is named, gzip is not acceptable.
 *   <li>A coding is acceptable when its q-value is above zero; no {@code q} means 1. A q-value
 *       outside the RFC's grammar ({@code 0[.ddd]} or {@code 1[.000]}, e.g. {@code q=2}, {@code
 *       q=0.0001}, {@code q=abc}, {@code q=}) counts as a refusal: when the client is unclear,
 *       identity, which every client reads, is the safe answer.
 *   <li>When several elements decide (gzip named twice, or {@code *} twice), every one of them
 *       must accept.
 *   <li>{@code identity} and other codings do not affect gzip. A header that refuses identity too
 *       ({@code "*;q=0"}) still gets an identity body rather than {@code 415}: a scraper that
 *       refused everything would otherwise get no metrics.
 * </ul>
 *
 * <p>Parameters other than {@code q} are ignored; whitespace (space, tab) is allowed around
 * elements and {@code ;}; empty list elements are skipped.
 */
final class AcceptEncoding {
  private AcceptEncoding() {}

  /**
   * Whether a response to a request with this {@code Accept-Encoding} header may be gzipped.
   *
   * <p>Example: {@code "gzip"}, {@code "*"} and {@code "br, gzip;q=0.5"} accept gzip; {@code
   * "gzip;q=0"}, {@code "gzip;q=0, *"}, {@code "*;q=0"}, {@code "identity"}, {@code ""} and null
   * (no header: the server picks, and identity is what every client reads) do not.
   */
  static boolean allowsGzip(String header) {
    if (header == null) {
      return false;
    }
    boolean gzipNamed = false;
    boolean gzipRefused = false;
    boolean wildcardNamed = false;
    boolean wildcardRefused = false;
    int n = header.length();
    int start = 0;
    while (start <= n) {
      int end = header.indexOf(',', start);
      if (end < 0) {
        end = n;
      }
      int from = skipSpaces(header, start, end);
      int codingEnd = from;
      while (codingEnd < end && header.charAt(codingEnd) != ';') {
        codingEnd++;
      }
      int to = trimSpaces(header, from, codingEnd);
      if (isGzip(header, from, to)) {
        gzipNamed = true;
        gzipRefused |= !qAboveZero(header, codingEnd, end);
      } else if (to - from == 1 && header.charAt(from) == '*') {
        wildcardNamed = true;
        wildcardRefused |= !qAboveZero(header, codingEnd, end);
      }
      start = end + 1;
    }
    return gzipNamed ? !gzipRefused : wildcardNamed && !wildcardRefused;
  }

  private static boolean isGzip(String h, int from, int to) {
    int len = to - from;
    return (len == 4 && h.regionMatches(true, from, "gzip", 0, 4))
        || (len == 6 && h.regionMatches(true, from, "x-gzip", 0, 6));
  }

  /**
   * Whether the parameters in {@code h[from..end)} (each starting with {@code ;}) give a q-value
   * above zero: true without a {@code q} parameter, false for a malformed one. The first {@code q}
   * counts.
   */
  private static boolean qAboveZero(String h, int from, int end) {
    int semicolon = from;
    while (semicolon < end) {
      int p = skipSpaces(h, semicolon + 1, end);
      int next = h.indexOf(';', p);
      if (next < 0 || next > end) {
        next = end;
      }
      if (p + 1 < next && (h.charAt(p) == 'q' || h.charAt(p) == 'Q') && h.charAt(p + 1) == '=') {
        return qValueAboveZero(h, p + 2, trimSpaces(h, p + 2, next));
      }
      semicolon = next;
    }
    return true;
  }

  /**
   * Whether {@code h[from..to)} is a qvalue ({@code "0" ["." 0*3DIGIT]} or {@code "1" ["."
   * 0*3"0"]}) above zero; false if it is zero or malformed.
   */
  private static boolean qValueAboveZero(String h, int from, int to) {
    int len = to - from;
    if (len == 0 || len > 5) {
      return false;
    }
    char first = h.charAt(from);
    if (first != '0' && first != '1') {
      return false;
    }
    if (len == 1) {
      return first == '1';
    }
    if (h.charAt(from + 1) != '.') {
      return false;
    }
    boolean nonZeroDecimal = false;
    for (int i = from + 2; i < to; i++) {
      char c = h.charAt(i);
      if (c < '0' || c > '9' || (first == '1' && c != '0')) {
        return false;
      }
      nonZeroDecimal |= c != '0';
    }
    return first == '1' || nonZeroDecimal;
  }

  private static int skipSpaces(String h, int i, int end) {
    while (i < end && isSpace(h.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int trimSpaces(String h, int from, int end) {
    while (end > from && isSpace(h.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }
}
