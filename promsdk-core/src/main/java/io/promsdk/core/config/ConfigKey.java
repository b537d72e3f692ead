package io.promsdk.core.config;

import java.util.Locale;
import java.util.function.Function;

/**
 * Every key promsdk's runtime configuration knows: its name in files and system properties, its
 * environment variable, and its parser. The README's table lists the same keys with their defaults
 * ({@code PromsdkConfigTest.everyKeyIsDocumentedInTheCoreReadme} checks that it names every key and
 * variable).
 */
enum ConfigKey {
  EXPORTER_HOST("promsdk.exporter.host", ValueParsers::nonEmpty),
  EXPORTER_PORT("promsdk.exporter.port", ValueParsers::port),
  CREATED_TIMESTAMPS("promsdk.createdTimestamps", ValueParsers::bool),
  KEEP_RENDERED_LABELS("promsdk.keepRenderedLabels", ValueParsers::bool),
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
  PUSH_INTERVAL("promsdk.push.interval", ValueParsers::positiveDuration),
  SCRAPE_MAX_BUFFERED_BYTES("promsdk.scrape.maxBufferedBytes", ValueParsers::nonNegativeInt);

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
   * Key prefixes that promsdk-spring-boot-starter reads from Spring's environment (which also
   * sees system properties and environment variables): core accepts them and leaves them alone.
   */
  static final String[] STARTER_PREFIXES = {"promsdk.jvm.", "promsdk.http.", "promsdk.endpoint."};

  /**
   * System properties of promsdk's own test harness (promsdk-testsupport's {@code Seeded} replay
   * switches, the build's {@code promsdk.test.*}), accepted and left alone.
   */
  static final String[] TEST_HARNESS_KEYS = {"promsdk.seed", "promsdk.case"};

  static final String TEST_HARNESS_PREFIX = "promsdk.test.";

  static boolean isTestHarnessKey(String name) {
    return name.startsWith(TEST_HARNESS_PREFIX) || java.util.Arrays.asList(TEST_HARNESS_KEYS).contains(name);
  }

  /**
   * The form in which keys are compared, as Spring Boot's relaxed binding compares them: lower
   * case, without dashes, so that {@code promsdk.push.grouping-key} (the starter's spelling) is
   * {@code promsdk.push.groupingKey}.
   */
  static String canonical(String key) {
    return key.replace("-", "").toLowerCase(Locale.ROOT);
  }

  /** The form in which environment variables are compared: upper case, without underscores. */
  static String canonicalVariable(String variable) {
    return variable.replace("_", "").toUpperCase(Locale.ROOT);
  }

  /** The key named {@code name} in any spelling {@link #canonical} equates, or null. */
  static ConfigKey of(String name) {
    String c = canonical(name);
    for (ConfigKey key : values()) {
      if (canonical(key.key).equals(c)) {
        return key;
      }
    }
    return null;
  }

  /**
   * The map-valued key of which {@code name} is an entry ({@code <key>.<entry name>}), or null. The
   * entry name (a header or label name) may itself hold dots or dashes: only the prefix is compared.
   */
  static ConfigKey mapKeyOfEntry(String name) {
    for (ConfigKey key : values()) {
      if (key.isMap() && canonicalPrefixLength(name, canonical(key.key) + ".") > 0) {
        return key;
      }
    }
    return null;
  }

  /** The length of {@code name}'s part that is {@code canonicalPrefix} in canonical form, or 0. */
  static int canonicalPrefixLength(String name, String canonicalPrefix) {
    int dots = (int) canonicalPrefix.chars().filter(ch -> ch == '.').count();
    int seen = 0;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) == '.' && ++seen == dots) {
        return canonical(name.substring(0, i + 1)).equals(canonicalPrefix) && i + 1 < name.length() ? i + 1 : 0;
      }
    }
    return 0;
  }

  /** Whether {@code name} (a key or, with {@code variable}, an environment variable) belongs to the starter. */
  static boolean isStarterKey(String name, boolean variable) {
    for (String prefix : STARTER_PREFIXES) {
      if (variable ? startsWithVariable(name, environmentVariable(prefix.substring(0, prefix.length() - 1)))
          : canonical(name).startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code variable} is {@code prefixVariable} (compared as {@link #canonicalVariable}
   * compares, underscores aside) followed by an underscore and more: {@code PROMSDK_HTTP_PORT} starts
   * with {@code PROMSDK_HTTP}, {@code PROMSDK_HTTPSERVER_PORT} does not.
   */
  static boolean startsWithVariable(String variable, String prefixVariable) {
    String k = canonicalVariable(prefixVariable);
    int matched = 0;
    int i = 0;
    for (; i < variable.length() && matched < k.length(); i++) {
      char c = Character.toUpperCase(variable.charAt(i));
      if (c == '_') {
        continue;
      }
      if (c != k.charAt(matched++)) {
        return false;
      }
    }
    if (matched < k.length() || i >= variable.length() || variable.charAt(i) != '_') {
      return false;
    }
    for (i++; i < variable.length(); i++) {
      if (variable.charAt(i) != '_') {
        return true;
      }
    }
    return false;
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
