package io.promsdk.instrumentation.http;

/**
 * The {@code method} label values: the nine standard methods as they are, anything else
 * {@code "UNKNOWN"} as in Spring and Micrometer, so that a client sending made-up methods cannot
 * grow the label set. Returns interned constants, so a caller may compare by identity.
 */
final class MethodText {
  static final String UNKNOWN = "UNKNOWN";

  private MethodText() {}

  static String of(String method) {
    if (method == null) {
      return UNKNOWN;
    }
    switch (method) {
      case "GET": return "GET";
      case "HEAD": return "HEAD";
      case "POST": return "POST";
      case "PUT": return "PUT";
      case "PATCH": return "PATCH";
      case "DELETE": return "DELETE";
      case "OPTIONS": return "OPTIONS";
      case "TRACE": return "TRACE";
      case "CONNECT": return "CONNECT";
      default: return UNKNOWN;
    }
  }
}
