package io.promsdk.pushgateway;

import io.promsdk.exporter.common.push.SendFailure;
import java.io.IOException;

/**
 * The body to push is larger than the configured {@code maxBodyBytes}; nothing was sent. The body
 * is never cut: a cut body would replace the group with part of the metrics. Push fewer series,
 * turn on compression, or raise the limit if the gateway accepts more.
 *
 * <p>The client stops serializing as soon as the limit is passed, so {@link #size()} is then
 * only how far it got (a lower bound of the whole body's size). With gzip, the uncompressed body
 * is also limited, to {@link PushGateway#MAX_GZIP_RATIO} times {@code maxBodyBytes}; {@link
 * #limit()} is the limit that was passed.
 */
public class PushBodyTooLargeException extends IOException implements SendFailure {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  public PushBodyTooLargeException(String method, String url, long size, long limit) {
    this(method + " " + url + " not sent: the body is " + size + " bytes, more than the limit of "
        + limit + " bytes (maxBodyBytes); nothing was pushed", size, limit);
  }

  /** Serializing stopped at {@code size} bytes, as sent, when they passed {@code limit}. */
  static PushBodyTooLargeException stopped(String method, String url, long size, long limit) {
    return new PushBodyTooLargeException(method + " " + url + " not sent: the body is more than"
        + " the limit of " + limit + " bytes (maxBodyBytes); serializing stopped at " + size
        + " bytes; nothing was pushed", size, limit);
  }

  /** Serializing stopped at {@code size} uncompressed bytes, over the gzip limit {@code limit}. */
  static PushBodyTooLargeException stoppedUncompressed(
      String method, String url, long size, long limit, long maxBodyBytes) {
    return new PushBodyTooLargeException(method + " " + url + " not sent: the body is more than "
        + limit + " bytes before compression, " + PushGateway.MAX_GZIP_RATIO + " times the limit of "
        + maxBodyBytes + " bytes (maxBodyBytes); serializing stopped at " + size
        + " bytes; nothing was pushed", size, limit);
  }

  private PushBodyTooLargeException(String message, long size, long limit) {
    super(message);
    this.size = size;
    this.limit = limit;
  }

  /**
   * The body size in bytes as it would have been sent; or, when serializing stopped at the limit,
   * the bytes written until then.
   */
  public long size() {
    return size;
  }

  /** The limit passed: {@code maxBodyBytes}, or the gzip limit on the uncompressed body. */
  public long limit() {
    return limit;
  }

  /** {@code body_too_large}: the reason label in the scheduler's metrics. */
  @Override
  public String reason() {
    return "body_too_large";
  }

  /** False: a larger body will not be smaller on a retry. */
  @Override
  public boolean isRetryable() {
    return false;
  }
}
