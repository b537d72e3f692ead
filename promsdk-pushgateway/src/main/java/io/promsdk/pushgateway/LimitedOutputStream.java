package io.promsdk.pushgateway;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Passes bytes on to another stream until more than a limit have gone through: the write that
 * would pass it throws {@link LimitExceeded} and writes nothing, so a body far over the limit is
 * never serialized in full. After that it drops whatever is written, so that a compressor being
 * closed on the way out does not fail a second time. Not thread-safe.
 */
final class LimitedOutputStream extends FilterOutputStream {
  private final long limit;
  private long count;
  private boolean exceeded;

  LimitedOutputStream(OutputStream out, long limit) {
    super(out);
    this.limit = limit;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (exceeded) {
      return;
    }
    if (count + len > limit) {
      exceeded = true;
      throw new LimitExceeded(this, count + len, limit);
    }
    count += len;
    out.write(b, off, len);
  }

  /**
   * Thrown through the writer, which passes IOExceptions on, and turned into a {@link
   * PushBodyTooLargeException} by the caller, which knows the request.
   */
  static final class LimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient OutputStream source;
    private final long size;
    private final long limit;

    LimitExceeded(OutputStream source, long size, long limit) {
      super("more than " + limit + " bytes");
      this.source = source;
      this.size = size;
      this.limit = limit;
    }

    /** The stream whose limit was passed. */
    OutputStream source() {
      return source;
    }

    /** Bytes written when the limit was passed: more than it, by at most one write. */
    long size() {
      return size;
    }

    long limit() {
      return limit;
    }
  }
}
