package io.promsdk.core.config;

/** One raw configuration value and where it came from. */
record ConfigValue(String key, String raw, ConfigSource source) {
  /** The exception for this value breaking {@code rule}. */
  PromsdkConfigException invalid(String problem, String rule) {
    return new PromsdkConfigException(key,
        key + "=" + raw + " (" + source + "): " + problem + "; the rule: " + rule);
  }
}
