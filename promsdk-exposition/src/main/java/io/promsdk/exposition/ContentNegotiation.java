package io.promsdk.exposition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Picks one of the offered {@link ExpositionFormat}s for an HTTP {@code Accept} header (RFC 9110,
 * section 12.5.1), by the {@link MediaType} each format declares; no format is known here.
 *
 * <p>Each format takes the q-value of the most specific media range that matches it ({@code
 * type/subtype;version=...} over {@code type/subtype} over {@code type/*} over {@code *}{@code /*};
 * the highest q among equally specific ones), and the format with the highest q wins; on a tie
 * the one whose range comes first in the header, and then the one offered first. A q of 0
 * means "not acceptable". Ranges that no format matches and malformed ones are skipped; when
 * nothing remains the answer is the first format offered (the Prometheus text format, as
 * Prometheus' content negotiation spec asks, for {@link ExpositionFormat#all()}).
 *
 * <p>What matches the formats of {@link ExpositionFormat#all()}:
 *
 * <ul>
 *   <li>OpenMetrics 1.0.0: {@code application/openmetrics-text} with {@code version} 1.0.0, 0.0.1
 *       (the pre-release name of the same format) or none; {@code application/*}.
 *   <li>Prometheus text 0.0.4: {@code text/plain} with {@code version} 0.0.4, 1.0.0 (0.0.4 plus
 *       quoted UTF-8 names, which we never need: our names are always legacy-valid) or none;
 *       {@code text/*}; {@code *}{@code /*}; a bare {@code *} (sent by old Java clients).
 *   <li>Prometheus protobuf: {@code application/vnd.google.protobuf} with {@code
 *       proto=io.prometheus.client.MetricFamily} and {@code encoding=delimited} (as client_golang
 *       negotiates it), nothing else: its media type is {@link MediaType#exact() exact}, as a
 *       binary format is never the answer to a wildcard.
 * </ul>
 *
 * <p>Parameters a format does not declare ({@code escaping}, {@code charset}, ...) are ignored:
 * names this SDK accepts are valid under every escaping scheme.
 */
final class ContentNegotiation {
  /**
   * {@link ExpositionFormat#all()}: one list, as negotiation runs on every scrape. Here rather than
   * in a format's class, which ExpositionFormat's constants initialize before they are set.
   */
  static final List<ExpositionFormat> ALL =
      List.of(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.OPENMETRICS_TEXT,
          ExpositionFormat.PROMETHEUS_PROTOBUF);
  private static final int NO_MATCH = -1;

  private ContentNegotiation() {}

  /**
   * The best of {@code offered} (not empty; the order breaks ties within one range) for {@code
   * accept}, or the first of them.
   */
  static ExpositionFormat select(String accept, List<ExpositionFormat> offered) {
    if (offered.isEmpty()) {
      throw new IllegalArgumentException("no exposition format offered");
    }
    if (accept == null || accept.isBlank()) {
      return offered.get(0);
    }
    int n = offered.size();
    int[] specificity = new int[n];
    double[] q = new double[n];
    int[] position = new int[n];
    Arrays.fill(specificity, NO_MATCH);

    MediaRange range = new MediaRange();
    int index = 0;
    for (int start = 0; start <= accept.length(); index++) {
      int end = indexOfUnquoted(accept, ',', start);
      if (range.parse(accept, start, end)) {
        for (int f = 0; f < n; f++) {
          int s = specificity(offered.get(f).mediaType(), range);
          if (s > specificity[f] || (s == specificity[f] && s != NO_MATCH && range.q > q[f])) {
            specificity[f] = s;
            q[f] = range.q;
            position[f] = index;
          }
        }
      }
      start = end + 1;
    }

    int best = -1;
    for (int f = 0; f < n; f++) {
      if (specificity[f] != NO_MATCH && q[f] > 0
          && (best < 0 || q[f] > q[best] || (q[f] == q[best] && position[f] < position[best]))) {
        best = f;
      }
    }
    return offered.get(best < 0 ? 0 : best);
  }

  /** How specifically {@code r} names {@code target}, or {@link #NO_MATCH}. */
  private static int specificity(MediaType target, MediaRange r) {
    if (target.exact()) {
      return r.type.equals(target.type()) && r.subtype.equals(target.subtype())
          && namesEveryParameter(target, r) ? 3 : NO_MATCH;
    }
    if (r.type.equals("*")) {
      return r.subtype.equals("*") ? 0 : NO_MATCH;
    }
    if (!r.type.equals(target.type())) {
      return NO_MATCH;
    }
    if (r.subtype.equals("*")) {
      return 1;
    }
    if (!r.subtype.equals(target.subtype())) {
      return NO_MATCH;
    }
    boolean named = false; // whether the range gives a parameter that tells the variants apart
    for (int p = 0; p < target.parameterCount(); p++) {
      String value = r.parameter(target.parameterName(p));
      if (value != null) {
        if (!target.serves(p, value)) {
          return NO_MATCH;
        }
        named = true;
      }
    }
    return named ? 3 : 2;
  }

  /** Whether {@code r} gives every parameter of {@code target}, each with a value it serves. */
  private static boolean namesEveryParameter(MediaType target, MediaRange r) {
    for (int p = 0; p < target.parameterCount(); p++) {
      String value = r.parameter(target.parameterName(p));
      if (value == null || !target.serves(p, value)) {
        return false;
      }
    }
    return true;
  }

  /** The index of {@code c} at or after {@code from} outside double quotes, or the length. */
  static int indexOfUnquoted(String s, char c, int from) {
    boolean quoted = false;
    for (int i = from; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (quoted) {
        if (ch == '\\') {
          i++;
        } else if (ch == '"') {
          quoted = false;
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == c) {
        return i;
      }
    }
    return s.length();
  }

  /** One parsed element of the header, reused across elements. */
  static final class MediaRange {
    String type;
    String subtype;
    double q;
    /** The parameters other than q, names in lower case: name, value, name, value, ... */
    private final List<String> parameters = new ArrayList<>();

    /** The value of parameter {@code name} (lower case), the last if given twice, or null. */
    String parameter(String name) {
      for (int i = parameters.size() - 2; i >= 0; i -= 2) {
        if (parameters.get(i).equals(name)) {
          return parameters.get(i + 1);
        }
      }
      return null;
    }

    /** Parses {@code s[start, end)}; false if it is empty or malformed. */
    boolean parse(String s, int start, int end) {
      int semi = indexOfUnquoted(s, ';', start);
      int typeEnd = Math.min(semi, end);
      String full = s.substring(start, typeEnd).trim().toLowerCase(Locale.ROOT);
      if (full.equals("*")) {
        full = "*/*";
      }
      int slash = full.indexOf('/');
      if (slash <= 0 || slash == full.length() - 1 || !isToken(full, 0, slash)
          || !isToken(full, slash + 1, full.length())) {
        return false;
      }
      type = full.substring(0, slash);
      subtype = full.substring(slash + 1);
      parameters.clear();
      q = 1;
      for (int p = typeEnd; p < end; ) {
        int next = Math.min(indexOfUnquoted(s, ';', p + 1), end);
        if (!parameter(s, p + 1, next)) {
          return false;
        }
        p = next;
      }
      return true;
    }

    private boolean parameter(String s, int start, int end) {
      int eq = indexOfUnquoted(s, '=', start);
      if (eq >= end) {
        return s.substring(start, end).isBlank(); // tolerate "text/plain;"
      }
      String name = s.substring(start, eq).trim();
      String value = unquote(s.substring(eq + 1, end).trim());
      if (value == null) {
        return false;
      }
      if (name.equalsIgnoreCase("q")) {
        q = qvalue(value);
        return q >= 0;
      }
      parameters.add(name.toLowerCase(Locale.ROOT));
      parameters.add(value);
      return true;
    }

    /** A q-value in [0, 1] ("0.5", "1", ".2", "1.000"), or -1. */
    private static double qvalue(String v) {
      int dots = 0;
      int digits = 0;
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c == '.') {
          dots++;
        } else if (c >= '0' && c <= '9') {
          digits++;
        } else {
          return -1;
        }
      }
      if (digits == 0 || dots > 1 || v.length() > 8) {
        return -1;
      }
      double q = Double.parseDouble(v);
      return q <= 1 ? q : -1;
    }

    private static String unquote(String v) {
      if (v.length() < 2 || v.charAt(0) != '"') {
        return v.indexOf('"') >= 0 ? null : v;
      }
      if (v.charAt(v.length() - 1) != '"') {
        return null;
      }
      StringBuilder sb = new StringBuilder(v.length());
      for (int i = 1; i < v.length() - 1; i++) {
        char c = v.charAt(i);
        if (c == '\\' && i + 1 < v.length() - 1) {
          c = v.charAt(++i);
        }
        sb.append(c);
      }
      return sb.toString();
    }

    private static boolean isToken(String s, int from, int to) {
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }
}
