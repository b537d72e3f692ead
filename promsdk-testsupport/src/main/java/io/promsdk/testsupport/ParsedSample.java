package io.promsdk.testsupport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sample as the Python client's parser saw it.
 *
 * @param labels unescaped label values, in exposition order
 * @param value may be NaN or ±Infinity
 * @param timestamp in seconds (the text format's milliseconds are divided by 1000, as Python
 *     does; OpenMetrics' nanosecond precision is lost to the double), null if absent
 * @param exemplar OpenMetrics only; null if absent
 */
public record ParsedSample(
    String name,
    Map<String, String> labels,
    double value,
    Double timestamp,
    ParsedExemplar exemplar) {

  public ParsedSample {
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }

  /** A sample without exemplar. */
  public ParsedSample(String name, Map<String, String> labels, double value, Double timestamp) {
    this(name, labels, value, timestamp, null);
  }
}
