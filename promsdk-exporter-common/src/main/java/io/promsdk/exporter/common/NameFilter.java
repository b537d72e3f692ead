package io.promsdk.exporter.common;

import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.SampleSuffixes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@code name[]} query parameters of a scrape: {@code /metrics?name[]=a_total&name[]=b}.
 *
 * <p>A family is selected when a requested name is its family name or one of the sample names it
 * exposes ({@code x_total}, {@code x_bucket}, {@code x_count}, {@code x_sum}, {@code x_created},
 * {@code x_info}, ...), as the Python and Go clients do. The whole family is then exposed.
 *
 * <p>Empty values are ignored, as the Python client's {@code parse_qs} does: {@code ?name[]=}
 * alone, or {@code ?name[]}, selects everything, like no filter at all.
 */
final class NameFilter {
  private static final String PARAM = "name[]";
  private final Set<String> requested = new HashSet<>();
  private final Set<String> possibleFamilies = new HashSet<>();

  private NameFilter() {}

  /**
   * The filter in a raw (still percent-encoded) query string, or null when it has no {@code
   * name[]} parameter with a non-empty value.
   *
   * @throws IllegalArgumentException if the query is not validly percent-encoded
   */
  static NameFilter fromQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.indexOf("name") < 0) {
      return null;
    }
    NameFilter filter = null;
    for (String param : rawQuery.split("&")) {
      int eq = param.indexOf('=');
      String key = decode(eq < 0 ? param : param.substring(0, eq));
      if (!PARAM.equals(key)) {
        continue;
      }
      String name = eq < 0 ? "" : decode(param.substring(eq + 1));
      if (!name.isEmpty()) {
        if (filter == null) {
          filter = new NameFilter();
        }
        filter.add(name);
      }
    }
    return filter;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private void add(String name) {
    requested.add(name);
    possibleFamilies.add(name);
    for (String suffix : SampleSuffixes.ALL) { // to guess which family a sample name means
      if (name.endsWith(suffix) && name.length() > suffix.length()) {
        possibleFamilies.add(name.substring(0, name.length() - suffix.length()));
      }
    }
  }

  /** Whether a family of this name and type is selected. */
  boolean matches(String name, MetricType type) {
    if (!possibleFamilies.contains(name)) { // the cheap test first, as most families are not asked for
      return false;
    }
    if (requested.contains(name)) {
      return true;
    }
    for (String suffix : SampleSuffixes.of(type)) {
      if (requested.contains(name + suffix)) {
        return true;
      }
    }
    return false;
  }
}
