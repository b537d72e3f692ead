package io.promsdk.pushgateway;

import io.promsdk.exporter.common.push.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One HTTP request to the gateway, as a {@link PushHandler} sees it: method, URI, headers, body
 * and timeout. Immutable; the {@code with..} methods return a changed copy.
 *
 * <pre>{@code
 * PushHandler bkHandler = (request, next) -> next.send(request.withHeader("X-BK-TOKEN", token));
 * }</pre>
 *
 * <p>{@link #toString()} shows header values only for {@code Content-Type}, {@code
 * Content-Encoding}, {@code Accept} and {@code User-Agent}, and no query parameter value, so that
 * a token never reaches a log through it. {@link #headers()} and {@link #uri()} give the real
 * values to the handler.
 */
public final class PushRequest {
  // Names the JDK client refuses to set; refusing them here gives a clear message up front.
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");
  private static final Set<String> SHOWN =
      Set.of("content-type", "content-encoding", "accept", "user-agent");

  private final String method;
  private final URI uri;
  private final Map<String, List<String>> headers;
  private final byte[] body;
  private final Duration timeout;

  private PushRequest(
      String method, URI uri, Map<String, List<String>> headers, byte[] body, Duration timeout) {
    this.method = method;
    this.uri = uri;
    this.headers = headers;
    this.body = body;
    this.timeout = timeout;
  }

  /**
   * A request without headers and body, e.g. to unit-test a handler.
   *
   * @param method {@code PUT}, {@code POST} or {@code DELETE}
   * @param timeout how long the whole exchange may take
   */
  public static PushRequest of(String method, URI uri, Duration timeout) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    return new PushRequest(
        method, uri, Collections.unmodifiableMap(caseInsensitive()), new byte[0],
        Checks.positive(timeout, "timeout"));
  }

  public String method() {
    return method;
  }

  /** The full request URI, query parameters (and so any token in them) included. */
  public URI uri() {
    return uri;
  }

  /** All headers, names matched case-insensitively; the real values, secrets included. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The first value of header {@code name} (any case). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** A copy of the body as sent: gzip-compressed when compression is on. */
  public byte[] body() {
    return body.clone();
  }

  public int bodyLength() {
    return body.length;
  }

  /** How long the whole exchange may take before it fails with a timeout. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * This request with header {@code name} set to {@code value}, replacing any values it had.
   *
   * @throws IllegalArgumentException if the name is not an HTTP token, is one the JDK client
   *     sets itself ({@code Host}, {@code Content-Length}, {@code Connection}, {@code Expect},
   *     {@code Upgrade}), or the value contains CR, LF, another control character or a
   *     character above U+00FF: only visible ASCII, space, tab and U+0080..U+00FF (sent as
   *     ISO-8859-1 bytes) are allowed. The message names the header, never the value.
   */
  public PushRequest withHeader(String name, String value) {
    checkHeader(name, value);
    Map<String, List<String>> copy = copyHeaders();
    copy.put(name, List.of(value));
    return withHeaders(copy);
  }

  /** This request with one more value for header {@code name}; checked as {@link #withHeader}. */
  public PushRequest addHeader(String name, String value) {
    checkHeader(name, value);
    Map<String, List<String>> copy = copyHeaders();
    List<String> values = new ArrayList<>(copy.getOrDefault(name, List.of()));
    values.add(value);
    copy.put(name, List.copyOf(values));
    return withHeaders(copy);
  }

  /** This request without header {@code name} (any case). */
  public PushRequest withoutHeader(String name) {
    Map<String, List<String>> copy = copyHeaders();
    copy.remove(name);
    return withHeaders(copy);
  }

  /**
   * This request with query parameter {@code name=value} appended; both are percent-encoded as
   * UTF-8 (a space becomes {@code %20}, never {@code +}).
   */
  public PushRequest withQueryParameter(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a query parameter name must not be empty");
    }
    String pair = percentEncode(name) + "=" + percentEncode(value);
    String query = uri.getRawQuery() == null ? pair : uri.getRawQuery() + "&" + pair;
    return withUri(
        URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?" + query));
  }

  /** This request sent to {@code uri} instead. */
  public PushRequest withUri(URI uri) {
    Objects.requireNonNull(uri, "uri");
    return new PushRequest(method, uri, headers, body, timeout);
  }

  /** This request with another body (sent as given: set {@code Content-Encoding} to match). */
  public PushRequest withBody(byte[] body) {
    return new PushRequest(method, uri, headers, body.clone(), timeout);
  }

  public PushRequest withTimeout(Duration timeout) {
    return new PushRequest(method, uri, headers, body, Checks.positive(timeout, "timeout"));
  }

  // Owns the array: no copy.
  PushRequest withBodyUnsafe(byte[] body) {
    return new PushRequest(method, uri, headers, body, timeout);
  }

  byte[] bodyUnsafe() {
    return body;
  }

  /** The URI for messages and logs: every query parameter value replaced by {@code ***}. */
  public String redactedUri() {
    return redact(uri);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(method).append(' ').append(redactedUri()).append(" {");
    boolean first = true;
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      sb.append(first ? "" : ", ").append(header.getKey()).append(": ");
      first = false;
      boolean shown = SHOWN.contains(header.getKey().toLowerCase(Locale.ROOT));
      sb.append(shown ? String.join(",", header.getValue()) : Secret.MASK);
    }
    return sb.append("} body ").append(body.length).append(" bytes").toString();
  }

  /**
   * The values {@link #toString()} masks, in the forms an echoing server could send back: each
   * masked header value, the credentials of an {@code Authorization} value (and, for basic auth,
   * the decoded {@code user:password} and password), and each query parameter value, both
   * percent-encoded and decoded.
   */
  Set<String> secretValues() {
    Set<String> secrets = new HashSet<>();
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (SHOWN.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        continue;
      }
      for (String value : header.getValue()) {
        secrets.add(value);
        if (header.getKey().equalsIgnoreCase("Authorization")) {
          Secret.addCredentials(secrets, value);
        }
      }
    }
    String query = uri.getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq >= 0) {
          String raw = pair.substring(eq + 1);
          secrets.add(raw);
          try {
            secrets.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
          } catch (IllegalArgumentException e) {
            // Not valid percent-encoding: the raw form is all there is.
          }
        }
      }
    }
    return secrets;
  }

  static String redact(URI uri) {
    String query = uri.getRawQuery();
    String base = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    if (query == null) {
      return base;
    }
    StringBuilder sb = new StringBuilder(base).append('?');
    String[] pairs = query.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      int eq = pairs[i].indexOf('=');
      sb.append(i > 0 ? "&" : "").append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq))
          .append('=').append(Secret.MASK);
    }
    return sb.toString();
  }

  static void checkHeader(String name, String value) {
    Objects.requireNonNull(name, "header name");
    Objects.requireNonNull(value, "header value");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a header name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isTokenChar(name.charAt(i))) {
        throw new IllegalArgumentException("'" + name + "' is not a valid HTTP header name");
      }
    }
    if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "header " + name + " is set by the HTTP client itself and cannot be changed");
    }
    // RFC 9110 field-value: VCHAR, obs-text (0x80-0xFF), SP and HTAB. Anything else is refused
    // here, before the JDK client does it with the value in its message. The value is never
    // repeated in a message: it is usually a token.
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') {
        throw new IllegalArgumentException(
            "the value of header " + name + " contains CR or LF; refused (header injection)");
      }
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new IllegalArgumentException(
            "the value of header " + name + " contains a control character; refused");
      }
      if (c > 0xff) {
        throw new IllegalArgumentException(
            "the value of header " + name + " contains a character above U+00FF, which HTTP"
                + " headers cannot carry; refused. Send such a value as a query parameter"
                + " (percent-encoded UTF-8) or encode it first");
      }
    }
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters, as UTF-8. */
  static String percentEncode(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && GroupingPath.isUnreserved(c)) {
        sb.append(c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  private static boolean isTokenChar(char c) {
    return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }

  private static TreeMap<String, List<String>> caseInsensitive() {
    return new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  }

  private Map<String, List<String>> copyHeaders() {
    TreeMap<String, List<String>> copy = caseInsensitive();
    copy.putAll(headers);
    return copy;
  }

  private PushRequest withHeaders(Map<String, List<String>> newHeaders) {
    return new PushRequest(method, uri, Collections.unmodifiableMap(newHeaders), body, timeout);
  }
}
