package io.promsdk.spring.boot;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns the exception a promsdk builder throws for a bad value into Boot's {@link
 * InvalidConfigurationPropertyValueException}, which names the property and which Boot's failure
 * analyzer prints at startup ("Property promsdk.push.interval with value '-1s' is invalid: ..."),
 * so that the user learns which line of their configuration to fix, not which builder refused it.
 */
final class InvalidProperty {
  /** Shown instead of a secret's value (a header's token) in every message. */
  static final String MASKED = "******";

  private InvalidProperty() {}

  /** A check of one property's value that throws {@link IllegalArgumentException} when bad. */
  @FunctionalInterface
  interface Check {
    void run();
  }

  /**
   * Runs {@code check}; an {@link IllegalArgumentException} or {@link IllegalStateException} it
   * throws becomes an {@link InvalidConfigurationPropertyValueException} for {@code property}
   * with the builder's message as the reason.
   */
  static void check(String property, Object shownValue, Check check) {
    try {
      check.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InvalidConfigurationPropertyValueException(property, shownValue, e.getMessage());
    }
  }

  /** The exception for a value the starter itself refuses. */
  static InvalidConfigurationPropertyValueException of(String property, Object shownValue, String reason) {
    return new InvalidConfigurationPropertyValueException(property, shownValue, reason);
  }
}
