package io.promsdk.pushgateway;

import java.util.Objects;

/**
 * A token or password. Its {@link #toString()} is a mask, so that a secret never reaches a log, an
 * exception message or a debugger's summary by accident; only {@link #reveal()} gives the value.
 */
final class Secret {
  static final String MASK = "***";

  private final String value;

  Secret(String value) {
    this.value = Objects.requireNonNull(value, "secret");
  }

  String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return MASK;
  }
}
