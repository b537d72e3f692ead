package io.promsdk.testsupport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OpenMetrics exemplar as the Python client's parser saw it.
 *
 * @param timestamp in seconds, null if absent
 */
public record ParsedExemplar(Map<String, String> labels, double value, Double timestamp) {

  public ParsedExemplar {
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }
}
