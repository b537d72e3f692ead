package io.promsdk.core.config;

/** One raw configuration value and where it came from. */
record ConfigValue(String key, String raw, ConfigSource source) {
  /** What a message shows instead of a value that may hold a secret. */
  static final String MASK = "***";

  /**
   * The exception for this value breaking {@code rule}. {@code problem} must not quote the value
   * of a {@linkplain #isSecret() secret} key.
   */
  PromsdkConfigException invalid(String problem, String rule) {
    return new PromsdkConfigException(key,
        key + "=" + (isSecret() ? MASK : raw) + " (" + source + "): " + problem + "; the rule: " + rule);
  }

  /** Whether the value may hold a secret ({@code promsdk.push.headers} carries tokens): never shown. */
  boolean isSecret() {
    return ConfigKey.of(key) == ConfigKey.PUSH_HEADERS;
  }
}
