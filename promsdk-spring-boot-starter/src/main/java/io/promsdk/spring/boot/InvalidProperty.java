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

  /**
   * Runs {@code check}; an {@link IllegalArgumentException} or {@link IllegalStateException} it
   * throws becomes an {@link InvalidConfigurationPropertyValueException} for {@code property}
   * with the builder's message as the reason.
   */
  static void check(String property, Object shownValue, Runnable check) {
    check(property, shownValue, null, check);
  }

  /**
   * As {@link #check(String, Object, Runnable)}, with {@code hint} (what to do about it; may be
   * null) after the builder's reason.
   */
  static void check(String property, Object shownValue, String hint, Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      String reason = hint == null ? e.getMessage() : e.getMessage() + "; " + hint;
      throw new InvalidConfigurationPropertyValueException(property, shownValue, reason);
    }
  }

  /** The exception for a value the starter itself refuses. */
  static InvalidConfigurationPropertyValueException of(String property, Object shownValue, String reason) {
    return new InvalidConfigurationPropertyValueException(property, shownValue, reason);
  }
}
