package io.promsdk.exposition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small parser for the sample and metadata lines of both text formats, for comparing
 * expositions in tests (it handles escapes, not exemplars).
 */
final class ExpositionLines {
  private ExpositionLines() {}

  /** A {@code # KEYWORD name rest} line. */
  record Metadata(String keyword, String name, String rest) {}

  /** A sample line; {@code value} and {@code timestamp} as written. */
  record Sample(String name, Map<String, String> labels, String value, String timestamp) {
    double doubleValue() {
      return parseDouble(value);
    }

    /** Name and labels, e.g. {@code x_bucket{le=1.0}}, as a key for comparisons. */
    String series() {
      return name + labels;
    }
  }

  static double parseDouble(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  static List<Sample> samples(String exposition) {
    List<Sample> samples = new ArrayList<>();
    for (String line : exposition.split("\n")) {
      if (!line.startsWith("#") && !line.isEmpty()) {
        samples.add(sample(line));
      }
    }
    return samples;
  }

  static List<Metadata> metadata(String exposition) {
    List<Metadata> result = new ArrayList<>();
    for (String line : exposition.split("\n")) {
      if (line.startsWith("# ") && !line.equals("# EOF")) {
        String[] parts = line.split(" ", 4);
        result.add(new Metadata(parts[1], parts[2], parts.length > 3 ? parts[3] : ""));
      }
    }
    return result;
  }

  static Sample sample(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String labelName = line.substring(i, eq);
        StringBuilder value = new StringBuilder();
        int j = eq + 2; // skip ="
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char e = line.charAt(++j);
            value.append(e == 'n' ? '\n' : e);
          } else {
            value.append(c);
          }
        }
        labels.put(labelName, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    String[] rest = line.substring(i + 1).split(" ");
    return new Sample(name, labels, rest[0], rest.length > 1 ? rest[1] : null);
  }
}
