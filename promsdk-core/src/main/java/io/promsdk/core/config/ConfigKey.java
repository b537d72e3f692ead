package io.promsdk.core.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * Every key promsdk's runtime configuration knows: its name in files and system properties, its
 * environment variable, and its parser. The README's table lists the same keys with their defaults
 * ({@code ConfigKeyDocumentationTest} checks that it does).
 */
enum ConfigKey {
  EXPORTER_HOST("promsdk.exporter.host", ValueParsers::nonEmpty),
  EXPORTER_PORT("promsdk.exporter.port", ValueParsers::port),
  CREATED_TIMESTAMPS("promsdk.createdTimestamps", ValueParsers::bool),
  EXEMPLARS("promsdk.exemplars", ValueParsers::bool),
  EXEMPLARS_INTERVAL_MILLIS("promsdk.exemplars.intervalMillis", ValueParsers::positiveMillis),
  HISTOGRAM_KIND("promsdk.histogram.kind", ValueParsers::histogramKind),
  HISTOGRAM_BUCKETS("promsdk.histogram.buckets", ValueParsers::buckets),
  SUMMARY_QUANTILES("promsdk.summary.quantiles", ValueParsers::quantiles),
  SUMMARY_MAX_AGE("promsdk.summary.maxAge", ValueParsers::positiveDuration),
  SUMMARY_AGE_BUCKETS("promsdk.summary.ageBuckets", ValueParsers::positiveInt),
  CARDINALITY_LIMIT("promsdk.cardinalityLimit", ValueParsers::positiveInt),
  PUSH_ADDRESS("promsdk.push.address", ValueParsers::nonEmpty),
  PUSH_JOB("promsdk.push.job", ValueParsers::nonEmpty),
  /** Map-valued: {@code promsdk.push.groupingKey=instance=h1,zone=a} or {@code promsdk.push.groupingKey.instance=h1}. */
  PUSH_GROUPING_KEY("promsdk.push.groupingKey", ValueParsers::pairs),
  /** Map-valued: {@code promsdk.push.headers=X-BK-TOKEN=abc} or {@code promsdk.push.headers.X-BK-TOKEN=abc}. */
  PUSH_HEADERS("promsdk.push.headers", ValueParsers::pairs),
  PUSH_INTERVAL("promsdk.push.interval", ValueParsers::positiveDuration);

  private final String key;
  private final String environmentVariable;
  private final Function<ConfigValue, ?> parser;

  ConfigKey(String key, Function<ConfigValue, ?> parser) {
    this.key = key;
    this.environmentVariable = environmentVariable(key);
    this.parser = parser;
  }

  String key() {
    return key;
  }

  String environmentVariable() {
    return environmentVariable;
  }

  boolean isMap() {
    return this == PUSH_GROUPING_KEY || this == PUSH_HEADERS;
  }

  Object parse(ConfigValue value) {
    return parser.apply(value);
  }

  /**
   * {@code promsdk.push.groupingKey} -> {@code PROMSDK_PUSH_GROUPING_KEY}: dots become underscores,
   * and an upper-case letter of a camelCase word starts a new underscore-separated word.
   */
  static String environmentVariable(String key) {
    StringBuilder sb = new StringBuilder(key.length() + 8);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.') {
        sb.append('_');
      } else if (Character.isUpperCase(c)) {
        sb.append('_').append(c);
      } else {
        sb.append(Character.toUpperCase(c));
      }
    }
    return sb.toString().toUpperCase(Locale.ROOT);
  }
}
