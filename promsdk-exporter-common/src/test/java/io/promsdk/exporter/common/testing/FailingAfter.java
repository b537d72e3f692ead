package io.promsdk.exporter.common.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A body stream that passes the first bytes on and then fails with a {@link RuntimeException}, as
 * a format failing part way through a streamed body would. Collectors cannot cut a body (they run
 * before anything is written), so the cut-body tests of every transport wrap their stream in this.
 */
public final class FailingAfter extends FilterOutputStream {
  private long left;

  /** Passes {@code passOn} bytes to {@code out}, then fails. */
  public FailingAfter(OutputStream out, long passOn) {
    super(out);
    this.left = passOn;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len > left) {
      out.write(b, off, (int) left);
      out.flush();
      left = 0;
      throw new IllegalStateException("failed part way through the body");
    }
    left -= len;
    out.write(b, off, len);
  }
}
