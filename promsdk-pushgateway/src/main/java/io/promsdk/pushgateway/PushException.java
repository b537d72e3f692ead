package io.promsdk.pushgateway;

import io.promsdk.exporter.common.push.SendFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The gateway answered with a status other than 2xx.
 *
 * <pre>{@code
 * try {
 *   pg.push();
 * } catch (PushException e) {
 *   log.warn("gateway said {}: {}", e.statusCode(), e.gatewayMessage());
 * }
 * }</pre>
 *
 * <p>The message holds the method, the URL with every query parameter value masked, the status
 * and the gateway's message; never a header value, so never a token or password. A front that
 * echoes the request back in its answer would put a token into the gateway's message, so {@link
 * PushGateway} masks in it, as {@code ***}, every value it masks elsewhere: header values (those
 * of the builder and those a {@link PushHandler} added), query parameter values (encoded and
 * decoded) and basic or bearer credentials; values shorter than 4 characters are left alone.
 */
public class PushException extends IOException implements SendFailure {
  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String method;
  private final String url;
  private final String gatewayMessage;
  private final Duration retryAfter;

  /**
   * @param url the redacted URL ({@link PushRequest#redactedUri()})
   * @param gatewayMessage the response body, any secret in it already masked
   * @param retryAfter the parsed {@code Retry-After}, or null
   */
  public PushException(
      int statusCode, String method, String url, String gatewayMessage, Duration retryAfter) {
    super(method + " " + url + " failed: HTTP " + statusCode
        + (gatewayMessage == null || gatewayMessage.isBlank() ? "" : ": " + gatewayMessage.strip()));
    this.statusCode = statusCode;
    this.method = method;
    this.url = url;
    this.gatewayMessage = gatewayMessage == null ? "" : gatewayMessage;
    this.retryAfter = retryAfter;
  }

  public int statusCode() {
    return statusCode;
  }

  public String method() {
    return method;
  }

  /** The URL, each query parameter value replaced by {@code ***}. */
  public String url() {
    return url;
  }

  /**
   * The response body (secrets masked, at most {@value PushResponse#MAX_BODY_CHARS} characters):
   * the Pushgateway's explanation, e.g. of an inconsistent push.
   */
  public String gatewayMessage() {
    return gatewayMessage;
  }

  /** The wait the gateway asked for with {@code Retry-After} (429 or 503), if any. */
  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** True for 5xx and 429, the answers worth retrying later. */
  @Override
  public boolean isRetryable() {
    return statusCode >= 500 || statusCode == 429;
  }

  /** {@code http_429}, or {@code http_} and the status class, e.g. {@code http_5xx}: the reason label in the scheduler's metrics. */
  @Override
  public String reason() {
    return statusCode == 429 ? "http_429" : "http_" + (statusCode / 100) + "xx";
  }
}
