package io.promsdk.instrumentation.jvm;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text scrapes of a registry, ours or client_java's, and the shape of what they hold. */
final class Scrapes {
  private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
  private static final Pattern LABEL_NAME = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

  private Scrapes() {}

  static String text(CollectorRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ExpositionFormat.PROMETHEUS_TEXT.write(out, registry);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static String text(PrometheusRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Family name to "type{label names}", e.g. {@code jvm_memory_used_bytes -> gauge{area}}. */
  static Map<String, String> shape(String text) {
    Map<String, String> types = new TreeMap<>();
    Map<String, Set<String>> labelNames = new TreeMap<>();
    String family = null;
    for (String line : text.split("\n")) {
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        family = type.group(1);
        types.put(family, type.group(2));
        labelNames.put(family, new TreeSet<>());
      } else if (!line.startsWith("#") && !line.isBlank() && family != null) {
        int brace = line.indexOf('{');
        if (brace >= 0) {
          Matcher label = LABEL_NAME.matcher(line.substring(brace + 1, line.lastIndexOf('}')));
          while (label.find()) {
            if (!label.group(1).equals("quantile")) {
              labelNames.get(family).add(label.group(1));
            }
          }
        }
      }
    }
    Map<String, String> shape = new TreeMap<>();
    types.forEach((name, type) -> shape.put(name, type + labelNames.get(name)));
    return shape;
  }
}
