package io.promsdk.core.model;

import java.util.Arrays;

/**
 * An immutable, ordered list of label name/value pairs attached to one data point.
 *
 * <p>Order is the order in which the metric declared its labels (constant labels first); writers
 * keep it, so output is stable without sorting on every scrape.
 *
 * <pre>{@code
 * Labels labels = Labels.of("method", "GET", "status", "200");
 * labels.get("status"); // "200"
 * }</pre>
 */
public final class Labels {
  public static final Labels EMPTY = new Labels(new String[0], new String[0]);

  private final String[] names;
  private final String[] values;

  private Labels(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  /** Labels from alternating names and values: {@code of("a", "1", "b", "2")}. */
  public static Labels of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException(
          "Labels.of() takes name/value pairs, got an odd number of arguments: "
              + namesAndValues.length);
    }
    int n = namesAndValues.length / 2;
    String[] names = new String[n];
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      names[i] = namesAndValues[2 * i];
      values[i] = namesAndValues[2 * i + 1];
    }
    return of(names, values);
  }

  /** Labels from parallel arrays of names and values (both copied). */
  public static Labels of(String[] names, String[] values) {
    if (names.length != values.length) {
      throw new IllegalArgumentException(
          "label names and values differ in length: " + names.length + " vs " + values.length);
    }
    if (names.length == 0) {
      return EMPTY;
    }
    String[] n = names.clone();
    String[] v = values.clone();
    for (int i = 0; i < n.length; i++) {
      if (!Names.isValidLabelName(n[i])) {
        throw new IllegalArgumentException("'" + n[i] + "' is not a valid label name");
      }
      if (v[i] == null) {
        throw new NullPointerException("label '" + n[i] + "' has a null value");
      }
      if (!isWellFormedUtf16(v[i])) {
        throw new IllegalArgumentException(
            "the value of label '" + n[i] + "' has an unpaired surrogate and cannot be encoded as UTF-8");
      }
      for (int j = 0; j < i; j++) {
        if (n[j].equals(n[i])) {
          throw new IllegalArgumentException("duplicate label name '" + n[i] + "'");
        }
      }
    }
    return new Labels(n, v);
  }

  /**
   * Labels with the same names as these and the given values, in the same order. The names are
   * shared, not copied, which is what makes many series of one metric cheap.
   */
  public Labels withValues(String... newValues) {
    if (newValues.length != names.length) {
      throw new IllegalArgumentException(
          "expected " + names.length + " label values, got " + newValues.length);
    }
    String[] v = newValues.clone();
    for (int i = 0; i < v.length; i++) {
      if (v[i] == null) {
        throw new NullPointerException("label '" + names[i] + "' has a null value");
      }
      if (!isWellFormedUtf16(v[i])) {
        throw new IllegalArgumentException(
            "the value of label '" + names[i] + "' has an unpaired surrogate and cannot be encoded as UTF-8");
      }
    }
    return new Labels(names, v);
  }

  private static boolean isWellFormedUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  public int size() {
    return names.length;
  }

  public boolean isEmpty() {
    return names.length == 0;
  }

  public String name(int i) {
    return names[i];
  }

  public String value(int i) {
    return values[i];
  }

  /** The value of label {@code name}, or null when absent. */
  public String get(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  public boolean contains(String name) {
    return get(name) != null;
  }

  /** These labels followed by {@code other}'s; names must not overlap. */
  public Labels and(Labels other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    String[] n = Arrays.copyOf(names, names.length + other.names.length);
    String[] v = Arrays.copyOf(values, values.length + other.values.length);
    System.arraycopy(other.names, 0, n, names.length, other.names.length);
    System.arraycopy(other.values, 0, v, values.length, other.values.length);
    return of(n, v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Labels l && Arrays.equals(names, l.names) && Arrays.equals(values, l.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(names[i]).append("=\"").append(values[i]).append('"');
    }
    return sb.append('}').toString();
  }
}
