package io.promsdk.pushgateway;

import io.promsdk.core.model.Names;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * Builds the group URL {@code <base>/metrics/job/<job>{/<label>/<value>}} exactly as the
 * Pushgateway's README specifies.
 *
 * <p>A job or label value is written as is only when it consists of RFC 3986 unreserved
 * characters ({@code A-Z a-z 0-9 - . _ ~}) and is not a dot segment ({@code .} or {@code ..}).
 * Every other value goes as {@code <name>@base64/<URL-safe base64 with padding>}, an empty value
 * as the README's {@code =}. Percent-encoding would also reach a stock gateway intact, but
 * proxies and routers in front of a gateway decode and normalise paths ({@code %2F} becomes a
 * separator, {@code /./} disappears, some turn {@code +} into a space), while base64 text passes
 * every one of them unchanged. Padding matches the Python client, which gateways in the field
 * have been tested against.
 */
final class GroupingPath {
  static final String JOB = "job";
  private static final String BASE64_SUFFIX = "@base64";

  private GroupingPath() {}

  /**
   * Parses a gateway address: {@code host:port} (http is implied) or an http(s) URL whose path,
   * if any, is a prefix in front of {@code /metrics}.
   *
   * @return the base, without trailing slash
   * @throws IllegalArgumentException for other schemes, user info, a query or a fragment; the
   *     message never repeats the address, which could hold a password
   */
  static URI parseAddress(String address) {
    Objects.requireNonNull(address, "address");
    String trimmed = address.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("the gateway address is empty");
    }
    String withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed;
    URI uri;
    try {
      uri = new URI(withScheme);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(
          "the gateway address is not host:port nor an http(s) URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "the gateway address must be host:port or an http:// or https:// URL, got scheme '"
              + scheme + "'");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "the gateway address must not contain user info; use basicAuth(user, password)");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "the gateway address must not contain a query or fragment; use queryParameter(..)");
    }
    if (uri.getHost() == null) {
      throw noHost(uri.getRawAuthority());
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(scheme + "://" + uri.getRawAuthority() + path);
  }

  /**
   * Why an address has no host. java.net.URI takes an authority that is not a valid host name
   * (such as {@code my_gw:9091}, common as a container service name) as "registry based", with no
   * host, and java.net.http.HttpClient refuses such a URI; no URI constructor builds one with that
   * host either. Sending to the resolved IP with a {@code Host} header of our own is not possible
   * without a JVM-wide switch ({@code jdk.httpclient.allowRestrictedHeaders}), and would break
   * TLS host name checks, so the address is refused, saying why and what works instead.
   */
  private static IllegalArgumentException noHost(String authority) {
    if (authority == null || authority.isEmpty()) {
      return new IllegalArgumentException(
          "the gateway address has no host; expected host:port or http(s)://host[:port][/prefix]");
    }
    if (authority.indexOf('@') >= 0) {
      // Not repeated: it may hold a password.
      return new IllegalArgumentException(
          "the gateway address must not contain user info; use basicAuth(user, password)");
    }
    int colon = authority.lastIndexOf(':');
    boolean hasPort = colon > 0 && authority.indexOf(']') < colon;
    String host = hasPort ? authority.substring(0, colon) : authority;
    if (host.indexOf('_') >= 0) {
      return new IllegalArgumentException("the gateway host '" + host + "' contains '_', which is"
          + " not allowed in a host name (RFC 952/1123): java.net.URI and the JDK HTTP client"
          + " refuse it. Use the gateway's IP address or a name without '_' (e.g. a network"
          + " alias such as '" + host.replace('_', '-') + "')");
    }
    return new IllegalArgumentException("the gateway address '" + authority + "' has no valid"
        + " host name (the JDK HTTP client accepts letters, digits, '-' and '.', or an IP"
        + " address)");
  }

  /** Checks a grouping label name; {@code job} is refused because it is set by the job name. */
  static void checkLabelName(String name) {
    Objects.requireNonNull(name, "grouping label name");
    if (name.equals(JOB)) {
      throw new IllegalArgumentException(
          "the grouping key must not contain 'job'; set the job name with job(..)");
    }
    String problem = Names.labelNameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException("invalid grouping label name '" + name + "': " + problem);
    }
  }

  /** The group URL for {@code job} and the (already checked) grouping labels, sorted by name. */
  static URI groupUri(URI base, String job, SortedMap<String, String> groupingKey) {
    if (job == null || job.isEmpty()) {
      throw new IllegalArgumentException("a job name is required (job(..)) and must not be empty");
    }
    StringBuilder path = new StringBuilder(base.toString()).append("/metrics");
    appendPair(path, JOB, job);
    for (Map.Entry<String, String> label : groupingKey.entrySet()) {
      appendPair(path, label.getKey(), label.getValue());
    }
    return URI.create(path.toString());
  }

  private static void appendPair(StringBuilder path, String name, String value) {
    if (isPlain(value)) {
      path.append('/').append(name).append('/').append(value);
    } else {
      path.append('/').append(name).append(BASE64_SUFFIX).append('/').append(base64(value));
    }
  }

  /** The encoded form of one value as it appears in the path (without the name). */
  static String encodeValue(String value) {
    return isPlain(value) ? value : base64(value);
  }

  static boolean isPlain(String value) {
    if (value.isEmpty() || value.equals(".") || value.equals("..")) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (!isUnreserved(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static String base64(String value) {
    // The README asks for at least one '=' for an empty value, so that no '//' appears.
    return value.isEmpty()
        ? "="
        : Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
