package io.promsdk.pushgateway;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The gateway's answer to one {@link PushRequest}.
 *
 * @param statusCode the HTTP status
 * @param headers the response headers, names matched case-insensitively
 * @param body the body as UTF-8 text, cut after {@value #MAX_BODY_CHARS} characters: the
 *     Pushgateway answers with one line of explanation, and a gateway that answers with more must
 *     not make the client hold it all
 */
public record PushResponse(int statusCode, Map<String, List<String>> headers, String body) {
  /** How much of a response body is kept. */
  public static final int MAX_BODY_CHARS = 4096;

  public PushResponse {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
    body = body == null ? "" : body;
    if (body.length() > MAX_BODY_CHARS) {
      body = body.substring(0, MAX_BODY_CHARS) + "...";
    }
  }

  /** True for a 2xx status. */
  public boolean isSuccess() {
    return statusCode >= 200 && statusCode < 300;
  }

  /** The first value of response header {@code name} (any case). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
