package io.promsdk.exposition;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The media type an {@link ExpositionFormat} is negotiated by: {@code type/subtype} and, per
 * parameter that tells its variants apart ({@code version} for the text formats; {@code proto}
 * and {@code encoding} for protobuf), the values it serves. A media range of an {@code Accept}
 * header names this format when its type and subtype match (or are wildcards) and each of these
 * parameters it gives has one of the values served; parameters not listed here ({@code charset},
 * {@code escaping}, ...) are ignored. An {@code exact} media type (the binary protobuf format)
 * is named only by a range that gives its type, its subtype and every one of these parameters:
 * never by a wildcard, so that a scraper gets a binary body only when it asks for one by name.
 * Immutable.
 *
 * <pre>{@code
 * MediaType text = new MediaType("text", "plain", Map.of("version", List.of("0.0.4", "1.0.0")));
 * MediaType protobuf = new MediaType("application", "vnd.google.protobuf",
 *     Map.of("proto", List.of("io.prometheus.client.MetricFamily"), "encoding", List.of("delimited")),
 *     true);
 * }</pre>
 */
public final class MediaType {
  private final String type;
  private final String subtype;
  private final Map<String, List<String>> parameters;
  private final boolean exact;
  // The parameters as arrays, so that negotiation, which runs on every scrape, iterates them
  // without an iterator.
  private final String[] parameterNames;
  private final List<?>[] parameterValues;

  /**
   * A media type that wildcards and ranges without parameters match too (not {@link #exact()}).
   *
   * @param type the type, e.g. {@code text} (matched in lower case)
   * @param subtype the subtype, e.g. {@code plain} (matched in lower case)
   * @param parameters per parameter name (lower case), the values served, exactly as written
   */
  public MediaType(String type, String subtype, Map<String, List<String>> parameters) {
    this(type, subtype, parameters, false);
  }

  /**
   * @param type the type, e.g. {@code text} (matched in lower case)
   * @param subtype the subtype, e.g. {@code plain} (matched in lower case)
   * @param parameters per parameter name (lower case), the values served, exactly as written
   * @param exact whether only a range naming the type, the subtype and every parameter matches
   */
  public MediaType(String type, String subtype, Map<String, List<String>> parameters,
      boolean exact) {
    this.type = Objects.requireNonNull(type, "type").toLowerCase(Locale.ROOT);
    this.subtype = Objects.requireNonNull(subtype, "subtype").toLowerCase(Locale.ROOT);
    this.parameters = Map.copyOf(parameters);
    this.exact = exact;
    this.parameterNames = new String[this.parameters.size()];
    this.parameterValues = new List<?>[this.parameters.size()];
    int i = 0;
    for (Map.Entry<String, List<String>> p : this.parameters.entrySet()) {
      if (!p.getKey().equals(p.getKey().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("media type " + type + "/" + subtype
            + ": parameter names are matched in lower case, got '" + p.getKey() + "'");
      }
      parameterNames[i] = p.getKey();
      parameterValues[i] = List.copyOf(p.getValue());
      i++;
    }
  }

  public String type() {
    return type;
  }

  public String subtype() {
    return subtype;
  }

  /** Per parameter name, the values served. */
  public Map<String, List<String>> parameters() {
    return parameters;
  }

  /** Whether only a range naming the type, the subtype and every parameter matches this. */
  public boolean exact() {
    return exact;
  }

  int parameterCount() {
    return parameterNames.length;
  }

  String parameterName(int i) {
    return parameterNames[i];
  }

  boolean serves(int i, String value) {
    return parameterValues[i].contains(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MediaType m && m.type.equals(type) && m.subtype.equals(subtype)
        && m.parameters.equals(parameters) && m.exact == exact;
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, subtype, parameters, exact);
  }

  @Override
  public String toString() {
    return type + "/" + subtype + parameters;
  }
}
