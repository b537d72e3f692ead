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
 *
 * <pre>{@code
 * MediaType text = new MediaType("text", "plain", Map.of("version", List.of("0.0.4", "1.0.0")));
 * MediaType protobuf = new MediaType("application", "vnd.google.protobuf",
 *     Map.of("proto", List.of("io.prometheus.client.MetricFamily"), "encoding", List.of("delimited")),
 *     true);
 * }</pre>
 *
 * @param type the type, lower case, e.g. {@code text}
 * @param subtype the subtype, lower case, e.g. {@code plain}
 * @param parameters per parameter name (lower case), the values served, exactly as written
 * @param exact whether only a range naming the type, the subtype and every parameter matches
 */
public record MediaType(String type, String subtype, Map<String, List<String>> parameters,
    boolean exact) {

  /** A media type that wildcards and ranges without parameters match too (not {@code exact}). */
  public MediaType(String type, String subtype, Map<String, List<String>> parameters) {
    this(type, subtype, parameters, false);
  }

  public MediaType {
    type = Objects.requireNonNull(type, "type").toLowerCase(Locale.ROOT);
    subtype = Objects.requireNonNull(subtype, "subtype").toLowerCase(Locale.ROOT);
    for (String name : parameters.keySet()) {
      if (!name.equals(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("media type " + type + "/" + subtype
            + ": parameter names are matched in lower case, got '" + name + "'");
      }
    }
    parameters = Map.copyOf(parameters);
  }
}
