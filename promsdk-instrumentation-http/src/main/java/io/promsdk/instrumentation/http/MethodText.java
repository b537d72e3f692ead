package io.promsdk.instrumentation.http;

/**
 * The {@code method} label values: the methods of Spring's {@code HttpMethod} (GET, HEAD, POST,
 * PUT, PATCH, DELETE, OPTIONS, TRACE) as they are, anything else (CONNECT too) {@code "UNKNOWN"}
 * as in Spring's {@code DefaultServerRequestObservationConvention}, so that a client sending made-up methods cannot
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
      default: return UNKNOWN;
    }
  }
}
