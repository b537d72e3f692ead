package io.promsdk.httpserver;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream a scrape writes its body into first: it fills a {@link ReusableBuffer} up to a limit,
 * and a write that would go past it throws {@link LimitReached} and writes nothing. That is how a
 * scrape finds out that its body is too large to buffer and must be streamed. One per pooled
 * response, so a scrape allocates nothing here.
 */
final class BoundedSink extends OutputStream {
  private final ReusableBuffer buffer;
  private final int limit;

  BoundedSink(ReusableBuffer buffer, int limit) {
    this.buffer = buffer;
    this.limit = limit;
  }

  @Override
  public void write(int b) throws LimitReached {
    checkRoom(1);
    buffer.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws LimitReached {
    checkRoom(len);
    buffer.write(b, off, len);
  }

  private void checkRoom(int n) throws LimitReached {
    if (n > limit - buffer.size()) {
      throw new LimitReached();
    }
  }

  /**
   * Thrown by a write past the limit. An {@link IOException}, because that is what a format lets
   * through from its stream untouched, whereas a {@link RuntimeException} could be taken for a
   * failing collector. Without a stack trace: it is control flow, thrown once per large scrape.
   */
  static final class LimitReached extends IOException {
    LimitReached() {
      super("body larger than the buffer's limit");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
