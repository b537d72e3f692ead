package io.promsdk.pushgateway;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
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

  /**
   * Secrets shorter than this are not masked in free text: they protect nothing, and masking
   * every {@code "1"} or {@code "a"} would garble the message.
   */
  static final int MIN_MASKED_LENGTH = 4;

  /**
   * {@code text} with every occurrence of each secret replaced by {@link #MASK}, longest secrets
   * first so that no part of a longer one survives.
   */
  static String maskAll(String text, Collection<String> secrets) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    List<String> sorted = secrets.stream().filter(s -> s.length() >= MIN_MASKED_LENGTH)
        .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    String masked = text;
    for (String secret : sorted) {
      masked = masked.replace(secret, MASK);
    }
    return masked;
  }

  String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return MASK;
  }
}
