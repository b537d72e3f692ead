package io.promsdk.core.model;

/**
 * The naming rules of the Prometheus data model, shared by every metric type and writer.
 *
 * <p>Metric names match {@code [a-zA-Z_:][a-zA-Z0-9_:]*}; label names match
 * {@code [a-zA-Z_][a-zA-Z0-9_]*} and may not start with {@code __} (reserved for Prometheus).
 */
public final class Names {
  private Names() {}

  public static boolean isValidMetricName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || c == ':' || isAsciiLetter(c) || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** True for a syntactically valid label name that is not reserved ({@code __} prefix). */
  public static boolean isValidLabelName(String name) {
    if (name == null || name.isEmpty() || name.startsWith("__")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || isAsciiLetter(c) || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Why {@code name} is not a valid label name, or null when it is. */
  public static String labelNameProblem(String name) {
    if (name == null) {
      return "label names must not be null";
    }
    if (name.isEmpty()) {
      return "label names must not be empty";
    }
    if (name.startsWith("__")) {
      return "label names starting with '__' are reserved for Prometheus' internal use";
    }
    if (!isValidLabelName(name)) {
      return "label names must match [a-zA-Z_][a-zA-Z0-9_]*";
    }
    return null;
  }

  /** Why {@code name} is not a valid metric name, or null when it is. */
  public static String metricNameProblem(String name) {
    if (name == null) {
      return "metric names must not be null";
    }
    if (name.isEmpty()) {
      return "metric names must not be empty";
    }
    if (!isValidMetricName(name)) {
      return "metric names must match [a-zA-Z_:][a-zA-Z0-9_:]*";
    }
    return null;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
