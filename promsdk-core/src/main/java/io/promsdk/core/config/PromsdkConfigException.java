package io.promsdk.core.config;

/**
 * A configuration key that promsdk does not know, or a value it cannot use. The message names the
 * key, where it came from (a file, an environment variable, a system property) and the rule.
 *
 * <pre>{@code
 * promsdk configuration: promsdk.exporter.port=abc (environment variable PROMSDK_EXPORTER_PORT):
 * not a port number; the rule: an integer from 0 to 65535
 * }</pre>
 */
public final class PromsdkConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;

  /** For a configured value that a builder rejects: {@code message} says what, and where from. */
  public PromsdkConfigException(String key, String message) {
    super("promsdk configuration: " + message);
    this.key = key;
  }

  /** The key at fault, e.g. {@code promsdk.exporter.port}. */
  public String key() {
    return key;
  }
}
