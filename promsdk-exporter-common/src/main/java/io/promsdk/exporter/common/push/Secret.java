package io.promsdk.exporter.common.push;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A token or password. Its {@link #toString()} is a mask, so that a secret never reaches a log, an
 * exception message or a debugger's summary by accident; only {@link #reveal()} gives the value.
 * {@link #maskAll} takes secrets out of free text, such as an error body that echoes a request.
 *
 * <pre>{@code
 * Secret token = new Secret(System.getenv("TOKEN"));
 * request.header("Authorization", "Bearer " + token.reveal());
 * log.warning("rejected: " + Secret.maskAll(responseBody, List.of(token.reveal())));
 * }</pre>
 */
public final class Secret {
  /** What a secret is replaced by. */
  public static final String MASK = "***";

  private final String value;

  /** @param value the secret; not null */
  public Secret(String value) {
    this.value = Objects.requireNonNull(value, "secret");
  }

  /**
   * Secrets shorter than this are not masked in free text: they protect nothing, and masking
   * every {@code "1"} or {@code "a"} would garble the message.
   */
  public static final int MIN_MASKED_LENGTH = 4;

  /**
   * {@code text} with every occurrence of each secret replaced by {@link #MASK}, longest secrets
   * first so that no part of a longer one survives.
   */
  public static String maskAll(String text, Collection<String> secrets) {
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

  /**
   * Adds to {@code secrets} the credentials of an {@code Authorization} header value in the forms
   * an echoing server could send back: the part after the scheme and, for {@code Basic}, the
   * decoded {@code user:password} and the password.
   */
  public static void addCredentials(Set<String> secrets, String authorization) {
    int space = authorization.indexOf(' ');
    if (space < 0) {
      return;
    }
    String credentials = authorization.substring(space + 1).strip();
    secrets.add(credentials);
    if (authorization.regionMatches(true, 0, "Basic", 0, space)) {
      try {
        String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        secrets.add(decoded);
        int colon = decoded.indexOf(':');
        if (colon >= 0) {
          secrets.add(decoded.substring(colon + 1));
        }
      } catch (IllegalArgumentException e) {
        // Not base64: the credentials as sent are added above.
      }
    }
  }

  /** The secret itself, to be put on the wire and nowhere else. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return MASK;
  }
}
