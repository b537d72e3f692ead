package io.promsdk.pushgateway;

import java.io.IOException;

/**
 * The body to push is larger than the configured {@code maxBodyBytes}; nothing was sent. The body
 * is never cut: a cut body would replace the group with part of the metrics. Push fewer series,
 * turn on compression, or raise the limit if the gateway accepts more.
 */
public class PushBodyTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  public PushBodyTooLargeException(String method, String url, long size, long limit) {
    super(method + " " + url + " not sent: the body is " + size + " bytes, more than the limit of "
        + limit + " bytes (maxBodyBytes); nothing was pushed");
    this.size = size;
    this.limit = limit;
  }

  /** The body size in bytes, as it would have been sent. */
  public long size() {
    return size;
  }

  public long limit() {
    return limit;
  }
}
