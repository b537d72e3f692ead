package io.promsdk.core.metrics;

/**
 * Whether counters, histograms and summaries expose their {@code _created} series (OpenMetrics
 * only). On by default; switch off globally with {@code CreatedTimestamps.setEnabled(false)} or the
 * system property {@code -Dpromsdk.createdTimestamps=false}, e.g. to save series on a platform that
 * ignores them.
 */
public final class CreatedTimestamps {
  private static volatile boolean enabled =
      !"false".equalsIgnoreCase(System.getProperty("promsdk.createdTimestamps", "true"));

  private CreatedTimestamps() {}

  public static boolean isEnabled() {
    return enabled;
  }

  /** Takes effect from the next scrape, for every metric. */
  public static void setEnabled(boolean enabled) {
    CreatedTimestamps.enabled = enabled;
  }

  static long orZero(long createdMillis) {
    return enabled ? createdMillis : 0;
  }
}
