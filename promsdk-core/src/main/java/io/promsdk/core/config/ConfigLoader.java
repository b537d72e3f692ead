package io.promsdk.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads the layers of runtime configuration, lowest precedence first:
 *
 * <ol>
 *   <li>{@code promsdk.properties} at the root of the class path (bundled with the application);
 *   <li>the file named by the system property {@code promsdk.config}, or else by the environment
 *       variable {@code PROMSDK_CONFIG} (it must exist);
 *   <li>environment variables {@code PROMSDK_*};
 *   <li>system properties {@code -Dpromsdk.*}.
 * </ol>
 *
 * A later layer overrides an earlier one key by key (for the two map-valued keys, entry by entry).
 * An unknown {@code promsdk.} key or {@code PROMSDK_} variable, or a value a key cannot take, stops
 * loading with a {@link PromsdkConfigException} that names it and where it came from.
 */
final class ConfigLoader {
  static final String CLASSPATH_FILE = "promsdk.properties";
  static final String FILE_PROPERTY = "promsdk.config";
  static final String FILE_VARIABLE = "PROMSDK_CONFIG";

  private ConfigLoader() {}

  static List<ConfigValue> read(Map<String, String> environment, Properties systemProperties,
      ClassLoader classLoader) {
    List<ConfigValue> values = new ArrayList<>();
    URL bundled = classLoader == null ? null : classLoader.getResource(CLASSPATH_FILE);
    if (bundled != null) {
      try (InputStream in = bundled.openStream()) {
        addFile(values, in, bundled.toString());
      } catch (IOException | IllegalArgumentException e) {
        // IllegalArgumentException: what Properties.load throws for a malformed unicode escape
        throw new PromsdkConfigException(FILE_PROPERTY, "cannot read " + bundled + ": " + e);
      }
    }
    String fileKey = systemProperties.getProperty(FILE_PROPERTY) != null ? FILE_PROPERTY : FILE_VARIABLE;
    String file = systemProperties.getProperty(FILE_PROPERTY, environment.get(FILE_VARIABLE));
    if (file != null) {
      // IllegalArgumentException: an invalid path (InvalidPathException), or Properties.load's
      // malformed unicode escape in the file: either must be this exception, not an ExceptionInInitializerError.
      try {
        Path path = Path.of(file.trim());
        try (InputStream in = Files.newInputStream(path)) {
          addFile(values, in, path.toAbsolutePath().toString());
        }
      } catch (IOException | IllegalArgumentException e) {
        throw new PromsdkConfigException(fileKey, fileKey + "=" + file + ": cannot read the file ("
            + e + "); the rule: the path of a readable properties file");
      }
    }
    // Sorted, so that the first error reported does not depend on hash order.
    for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
      String variable = e.getKey();
      if (variable.startsWith("PROMSDK_") && !variable.equals(FILE_VARIABLE)
          && !ConfigKey.isStarterKey(variable, true) && !isStarterMapEntry(variable)) {
        values.add(new ConfigValue(keyOfVariable(variable), e.getValue(), ConfigSource.environment(variable)));
      }
    }
    for (String name : new TreeMap<>(propertiesAsMap(systemProperties)).keySet()) {
      if (name.startsWith("promsdk.") && !name.equals(FILE_PROPERTY)) {
        values.add(new ConfigValue(name, systemProperties.getProperty(name), ConfigSource.systemProperty(name)));
      }
    }
    return values;
  }

  private static void addFile(List<ConfigValue> values, InputStream in, String location) throws IOException {
    Properties file = new Properties();
    file.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    ConfigSource source = ConfigSource.file(location);
    for (Map.Entry<String, String> e : new TreeMap<>(propertiesAsMap(file)).entrySet()) {
      values.add(new ConfigValue(e.getKey(), e.getValue(), source));
    }
  }

  private static Map<String, String> propertiesAsMap(Properties properties) {
    Map<String, String> map = new TreeMap<>();
    for (String name : properties.stringPropertyNames()) {
      map.put(name, properties.getProperty(name));
    }
    return map;
  }

  /**
   * The key an environment variable stands for, compared without underscores ({@code
   * PROMSDK_PUSH_GROUPINGKEY}, Spring's form, is {@code PROMSDK_PUSH_GROUPING_KEY}); the variable
   * itself when no key matches (reported as unknown).
   */
  private static String keyOfVariable(String variable) {
    for (ConfigKey key : ConfigKey.values()) {
      if (ConfigKey.canonicalVariable(key.environmentVariable()).equals(ConfigKey.canonicalVariable(variable))) {
        return key.key();
      }
    }
    return variable;
  }

  /**
   * Whether a variable is one entry of a map-valued key in Spring Boot's relaxed form ({@code
   * PROMSDK_PUSH_HEADERS_X_BK_TOKEN}): the starter binds those; core cannot tell where the entry
   * name's underscores were dashes, so it takes map entries from the whole-map variable only.
   */
  private static boolean isStarterMapEntry(String variable) {
    for (ConfigKey key : ConfigKey.values()) {
      // An entry follows the key's variable after an underscore: PROMSDK_PUSH_GROUPING_KEYS (a
      // typo) is no entry of PROMSDK_PUSH_GROUPING_KEY, and is reported as unknown.
      if (key.isMap() && ConfigKey.startsWithVariable(variable, key.environmentVariable())) {
        return true;
      }
    }
    return false;
  }
}
