package io.promsdk.httpserver;

/**
 * Time limits for the JDK engine ({@link JdkEngine}), which by default lets a client take
 * forever to send its request and so hold a pool thread. Only applied when asked for with {@link
 * HTTPServer.Builder#jvmWideJdkTimeLimits}: these are JVM-wide system properties, which the JDK
 * reads once, when its first server is created; values already set (e.g. with {@code -D}) win.
 */
final class JdkServerLimits {
  static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";
  static final String MAX_RESPONSE_SECONDS = "sun.net.httpserver.maxRspTime";
  static final String REQUEST_SECONDS = "60";
  static final String RESPONSE_SECONDS = "600";

  private JdkServerLimits() {}

  static void applyDefaults() {
    setIfAbsent(MAX_REQUEST_SECONDS, REQUEST_SECONDS);
    setIfAbsent(MAX_RESPONSE_SECONDS, RESPONSE_SECONDS);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
