package io.promsdk.core.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * promsdk's runtime configuration: defaults that operators change without touching code, from a
 * properties file, environment variables or system properties. Builders read it for the values
 * their code does not set: a value set in code always wins.
 *
 * <pre>{@code
 * # promsdk.properties at the root of the class path, or the file named by -Dpromsdk.config=...
 * promsdk.exporter.port=9400
 * promsdk.histogram.kind=classic
 * promsdk.push.address=127.0.0.1:9091
 * promsdk.push.headers.X-BK-TOKEN=...
 * }</pre>
 *
 * <pre>{@code
 * PROMSDK_EXPORTER_PORT=9400 PROMSDK_PUSH_HEADERS='X-BK-TOKEN=abc' java -jar app.jar
 * java -Dpromsdk.exporter.port=9400 -jar app.jar
 * }</pre>
 *
 * <p>Precedence, lowest first: {@code promsdk.properties} on the class path; the file named by
 * {@code -Dpromsdk.config} (or else {@code PROMSDK_CONFIG}); environment variables {@code
 * PROMSDK_*}; system properties {@code -Dpromsdk.*}; and above all, what code sets on a builder.
 * An unknown key or a malformed value stops startup: {@link #get()} (which every builder calls)
 * throws a {@link PromsdkConfigException} naming the key, its source and the rule.
 *
 * <p>The environment variable of a key is its name in upper case, dots and camelCase boundaries
 * as underscores: {@code promsdk.push.groupingKey} is {@code PROMSDK_PUSH_GROUPING_KEY}. The two
 * map-valued keys take {@code name=value} pairs separated by commas in every source, and in files
 * and system properties also one entry per key ({@code promsdk.push.groupingKey.instance=h1}).
 *
 * <p>Keys compare as Spring Boot's relaxed binding compares them (case and dashes aside: {@code
 * promsdk.push.grouping-key} is {@code promsdk.push.groupingKey}; {@code PROMSDK_PUSH_GROUPINGKEY}
 * is {@code PROMSDK_PUSH_GROUPING_KEY}), and the keys of promsdk-spring-boot-starter ({@code
 * promsdk.jvm.*}, {@code promsdk.http.*}, {@code promsdk.endpoint.*}, and the relaxed per-entry
 * variables such as {@code PROMSDK_PUSH_HEADERS_X_BK_TOKEN}) are accepted and left to the starter:
 * an application can set one {@code -Dpromsdk.push.address} for both.
 */
public final class PromsdkConfig {
  /** A quantile of a summary and its allowed rank error. */
  public record Quantile(double quantile, double error) {}

  private static final PromsdkConfig EMPTY = new PromsdkConfig(new EnumMap<>(ConfigKey.class), Map.of());

  private final EnumMap<ConfigKey, Object> values;
  private final Map<ConfigKey, String> sources;

  private PromsdkConfig(EnumMap<ConfigKey, Object> values, Map<ConfigKey, String> sources) {
    this.values = values;
    this.sources = sources;
  }

  /**
   * The configuration of this JVM, read once at first call from the files, environment and system
   * properties above.
   *
   * @throws PromsdkConfigException for an unknown key or a malformed value (at every call, so that
   *     no builder proceeds with a configuration it could not read)
   */
  public static PromsdkConfig get() {
    return Loaded.INSTANCE.get();
  }

  /** No configuration at all: every builder uses its built-in defaults. */
  public static PromsdkConfig empty() {
    return EMPTY;
  }

  /**
   * A configuration from explicit key/value pairs, checked as a file would be; for tests and for
   * frameworks that hold their own configuration.
   *
   * <pre>{@code
   * PromsdkConfig config = PromsdkConfig.of(Map.of("promsdk.histogram.kind", "classic"));
   * Histogram h = Histogram.builder(config).name("latency_seconds").help("...").register(registry);
   * }</pre>
   */
  public static PromsdkConfig of(Map<String, String> properties) {
    return from(properties.entrySet().stream()
        .map(e -> {
          if (e.getValue() == null) {
            // Else a NullPointerException out of a parser, naming no key (a HashMap takes nulls).
            throw new PromsdkConfigException(e.getKey(), e.getKey() + " (" + ConfigSource.CODE + "): no value");
          }
          return new ConfigValue(e.getKey(), e.getValue(), ConfigSource.CODE);
        })
        .collect(Collectors.toList()));
  }

  /**
   * Parses the whole-map form of a map-valued key, {@code name=value,name=value}, as the loader
   * does; for frameworks that bind the same keys themselves (the Spring Boot starter).
   *
   * @throws PromsdkConfigException naming {@code key} for a part that is no pair (the value of a
   *     {@code headers} key is never quoted)
   */
  public static Map<String, String> parsePairs(String key, String text) {
    return ValueParsers.pairs(new ConfigValue(key, text, ConfigSource.CODE));
  }

  /** Reads the layers from the given environment, system properties and class path. */
  static PromsdkConfig load(Map<String, String> environment, Properties systemProperties, ClassLoader classLoader) {
    return from(ConfigLoader.read(environment, systemProperties, classLoader));
  }

  static PromsdkConfig from(List<ConfigValue> layered) {
    EnumMap<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
    EnumMap<ConfigKey, String> sources = new EnumMap<>(ConfigKey.class);
    for (ConfigValue value : layered) {
      if (ConfigKey.isStarterKey(value.key(), false) || ConfigKey.isTestHarnessKey(value.key())) {
        continue; // promsdk-spring-boot-starter's key, read by Spring's environment
      }
      ConfigKey key = ConfigKey.of(value.key());
      if (key != null) {
        Object parsed = key.parse(value);
        if (key.isMap()) {
          mapOf(values, key).putAll(castMap(parsed));
        } else {
          values.put(key, parsed);
        }
        sources.put(key, value.source().description());
        continue;
      }
      ConfigKey mapKey = ConfigKey.mapKeyOfEntry(value.key());
      if (mapKey == null) {
        throw new PromsdkConfigException(value.key(), "unknown key " + value.key() + " (" + value.source()
            + "); the known keys: " + Arrays.stream(ConfigKey.values()).map(ConfigKey::key)
                .collect(Collectors.joining(", ")));
      }
      String entryName = value.key().substring(ConfigKey.canonicalPrefixLength(value.key(), ConfigKey.canonical(mapKey.key()) + "."));
      mapOf(values, mapKey).put(entryName, value.raw().trim());
      sources.put(mapKey, value.source().description());
    }
    return new PromsdkConfig(values, sources);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> mapOf(EnumMap<ConfigKey, Object> values, ConfigKey key) {
    return (Map<String, String>) values.computeIfAbsent(key, k -> new LinkedHashMap<String, String>());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> castMap(Object parsed) {
    return (Map<String, String>) parsed;
  }

  /** Where the value of {@code key} (e.g. {@code promsdk.push.address}) came from, for messages; empty when unset. */
  public Optional<String> sourceOf(String key) {
    ConfigKey k = ConfigKey.of(key);
    return k == null ? Optional.empty() : Optional.ofNullable(sources.get(k));
  }

  /** {@code promsdk.exporter.host}: the address HTTPServer binds to when its code sets none. */
  public Optional<String> exporterHost() {
    return Optional.ofNullable((String) values.get(ConfigKey.EXPORTER_HOST));
  }

  /** {@code promsdk.exporter.port}: HTTPServer's port when its code sets none. */
  public OptionalInt exporterPort() {
    return optionalInt(ConfigKey.EXPORTER_PORT);
  }

  /** {@code promsdk.createdTimestamps}: whether formats write {@code _created} by default. */
  public Optional<Boolean> createdTimestamps() {
    return Optional.ofNullable((Boolean) values.get(ConfigKey.CREATED_TIMESTAMPS));
  }

  /**
   * {@code promsdk.keepRenderedLabels}: whether the text formats have live series keep their
   * rendered label pairs between scrapes by default.
   */
  public Optional<Boolean> keepRenderedLabels() {
    return Optional.ofNullable((Boolean) values.get(ConfigKey.KEEP_RENDERED_LABELS));
  }

  /** {@code promsdk.exemplars}: whether metrics keep exemplars by default. */
  public Optional<Boolean> exemplarsEnabled() {
    return Optional.ofNullable((Boolean) values.get(ConfigKey.EXEMPLARS));
  }

  /** {@code promsdk.exemplars.intervalMillis}: the minimum time between automatic exemplars. */
  public Optional<Duration> exemplarsSampleInterval() {
    return Optional.ofNullable((Duration) values.get(ConfigKey.EXEMPLARS_INTERVAL_MILLIS));
  }

  /** {@code promsdk.histogram.kind}: the buckets a histogram keeps when its code picks none. */
  public Optional<HistogramKind> histogramKind() {
    return Optional.ofNullable((HistogramKind) values.get(ConfigKey.HISTOGRAM_KIND));
  }

  /** {@code promsdk.histogram.buckets}: a copy of the default classic upper bounds. */
  public Optional<double[]> histogramBuckets() {
    double[] b = (double[]) values.get(ConfigKey.HISTOGRAM_BUCKETS);
    return b == null ? Optional.empty() : Optional.of(b.clone());
  }

  /** {@code promsdk.summary.quantiles}: the quantiles of a summary whose code adds none. */
  @SuppressWarnings("unchecked")
  public Optional<List<Quantile>> summaryQuantiles() {
    List<Quantile> q = (List<Quantile>) values.get(ConfigKey.SUMMARY_QUANTILES);
    return q == null ? Optional.empty() : Optional.of(List.copyOf(q));
  }

  /** {@code promsdk.summary.maxAge}: how long an observation counts towards the quantiles. */
  public Optional<Duration> summaryMaxAge() {
    return Optional.ofNullable((Duration) values.get(ConfigKey.SUMMARY_MAX_AGE));
  }

  /** {@code promsdk.summary.ageBuckets}: into how many buckets the window is split. */
  public OptionalInt summaryAgeBuckets() {
    return optionalInt(ConfigKey.SUMMARY_AGE_BUCKETS);
  }

  /** {@code promsdk.cardinalityLimit}: the label sets a metric accepts when its code sets no limit. */
  public OptionalInt cardinalityLimit() {
    return optionalInt(ConfigKey.CARDINALITY_LIMIT);
  }

  /** {@code promsdk.push.address}: the Pushgateway's {@code host:port} or URL. */
  public Optional<String> pushAddress() {
    return Optional.ofNullable((String) values.get(ConfigKey.PUSH_ADDRESS));
  }

  /** {@code promsdk.push.job}: the job of pushes. */
  public Optional<String> pushJob() {
    return Optional.ofNullable((String) values.get(ConfigKey.PUSH_JOB));
  }

  /** {@code promsdk.push.groupingKey}: grouping key labels added to pushes, in order. */
  @SuppressWarnings("unchecked")
  public Map<String, String> pushGroupingKey() {
    Map<String, String> m = (Map<String, String>) values.get(ConfigKey.PUSH_GROUPING_KEY);
    return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** {@code promsdk.push.headers}: headers added to every push (e.g. {@code X-BK-TOKEN}). */
  @SuppressWarnings("unchecked")
  public Map<String, String> pushHeaders() {
    Map<String, String> m = (Map<String, String>) values.get(ConfigKey.PUSH_HEADERS);
    return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** {@code promsdk.push.interval}: the interval of a push scheduler whose code sets none. */
  public Optional<Duration> pushInterval() {
    return Optional.ofNullable((Duration) values.get(ConfigKey.PUSH_INTERVAL));
  }

  /**
   * {@code promsdk.scrape.maxBufferedBytes}: the largest scrape body sent with a {@code
   * Content-Length} (see promsdk-exporter-common's {@code ScrapeHandler}).
   */
  public OptionalInt scrapeMaxBufferedBytes() {
    return optionalInt(ConfigKey.SCRAPE_MAX_BUFFERED_BYTES);
  }

  private OptionalInt optionalInt(ConfigKey key) {
    Integer i = (Integer) values.get(key);
    return i == null ? OptionalInt.empty() : OptionalInt.of(i);
  }

  /** The keys that are set, with where each came from; values are left out (headers hold secrets). */
  @Override
  public String toString() {
    return sources.entrySet().stream().map(e -> e.getKey().key() + " (" + e.getValue() + ")")
        .collect(Collectors.joining(", ", "PromsdkConfig[", "]"));
  }

  /**
   * Loads the JVM's configuration once. A failure is kept and thrown again at every {@link #get}
   * (an unknown key must stop every builder, not only the first).
   */
  private enum Loaded {
    INSTANCE;

    private final PromsdkConfig config;
    private final PromsdkConfigException failure;

    Loaded() {
      PromsdkConfig loaded = null;
      PromsdkConfigException failed = null;
      try {
        loaded = load(System.getenv(), System.getProperties(), PromsdkConfig.class.getClassLoader());
      } catch (PromsdkConfigException e) {
        failed = e;
      } catch (RuntimeException e) {
        // Anything else thrown here would be an ExceptionInInitializerError, then a
        // NoClassDefFoundError at every later get(): keep it as a configuration failure instead.
        failed = new PromsdkConfigException(ConfigLoader.FILE_PROPERTY, "cannot load the configuration: " + e);
      }
      this.config = loaded;
      this.failure = failed;
    }

    PromsdkConfig get() {
      if (failure != null) {
        throw new PromsdkConfigException(failure.key(), failure.getMessage().substring("promsdk configuration: ".length()));
      }
      return config;
    }
  }
}
