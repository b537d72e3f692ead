package io.promsdk.httpserver;

/**
 * Time limits for the JDK's HTTP server, which by default lets a client take forever to send its
 * request and so hold a pool thread. The JDK reads these system properties once, when its first
 * server is created; values set by the user ({@code -D...}) win.
 */
final class JdkServerLimits {
  static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";
  static final String MAX_RESPONSE_SECONDS = "sun.net.httpserver.maxRspTime";

  private JdkServerLimits() {}

  static void applyDefaults() {
    setIfAbsent(MAX_REQUEST_SECONDS, "60");
    setIfAbsent(MAX_RESPONSE_SECONDS, "600");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
