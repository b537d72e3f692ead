package io.promsdk.httpserver;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * HTTP basic or bearer-token authentication against one fixed credential. Compares SHA-256
 * digests with {@link MessageDigest#isEqual}, so that neither the content nor the length of the
 * secret leaks through response timing. Anything else gets {@code 401} with {@code
 * WWW-Authenticate}.
 */
final class CredentialAuthenticator extends Authenticator {
  private static final String REALM = "metrics";

  private final String scheme;
  private final byte[] expectedDigest;
  private final String principalName;

  private CredentialAuthenticator(String scheme, byte[] secret, String principalName) {
    this.scheme = scheme;
    this.expectedDigest = sha256(secret);
    this.principalName = principalName;
  }

  /** {@code Authorization: Basic base64(user:password)}. */
  static CredentialAuthenticator basic(String user, String password) {
    if (user.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a basic-auth user name must not contain ':'");
    }
    return new CredentialAuthenticator("Basic", (user + ":" + password).getBytes(StandardCharsets.UTF_8), user);
  }

  /** {@code Authorization: Bearer <token>}. */
  static CredentialAuthenticator bearer(String token) {
    if (token.isEmpty()) {
      throw new IllegalArgumentException("the bearer token must not be empty");
    }
    return new CredentialAuthenticator("Bearer", token.getBytes(StandardCharsets.UTF_8), "bearer");
  }

  @Override
  public Result authenticate(HttpExchange exchange) {
    if (accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return new Success(new HttpPrincipal(principalName, REALM));
    }
    exchange.getResponseHeaders().set("WWW-Authenticate", challenge());
    return new Retry(401);
  }

  /** Whether an {@code Authorization} header value (null: none) carries the right credential. */
  boolean accepts(String authorizationHeader) {
    byte[] given = credentials(authorizationHeader);
    return given != null && MessageDigest.isEqual(sha256(given), expectedDigest);
  }

  /** The {@code WWW-Authenticate} value that goes with a {@code 401}. */
  String challenge() {
    return scheme + " realm=\"" + REALM + "\"" + ("Basic".equals(scheme) ? ", charset=\"UTF-8\"" : "");
  }

  /** The secret the client sent under our scheme, or null. */
  private byte[] credentials(String header) {
    if (header == null || header.length() <= scheme.length()
        || !header.regionMatches(true, 0, scheme, 0, scheme.length())
        || header.charAt(scheme.length()) != ' ') {
      return null;
    }
    String value = header.substring(scheme.length() + 1).trim();
    if ("Bearer".equals(scheme)) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
