package io.promsdk.instrumentation.http;

/** Reads a Content-Length header value without allocating; shared by the adapters. */
final class ContentLength {
  private ContentLength() {}

  /** The length, or -1 when the value is absent or not a non-negative decimal number. */
  static long parse(String value) {
    if (value == null || value.isEmpty() || value.length() > 18) {
      return -1;
    }
    long result = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      result = result * 10 + (c - '0');
    }
    return result;
  }
}
