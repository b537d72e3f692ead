package io.promsdk.core.config;

/** Where one configuration value came from, for error messages. */
record ConfigSource(String description) {
  static final ConfigSource CODE = new ConfigSource("code");

  static ConfigSource file(String location) {
    return new ConfigSource("file " + location);
  }

  static ConfigSource environment(String variable) {
    return new ConfigSource("environment variable " + variable);
  }

  static ConfigSource systemProperty(String name) {
    return new ConfigSource("system property -D" + name);
  }

  @Override
  public String toString() {
    return description;
  }
}
