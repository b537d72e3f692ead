package io.promsdk.exposition;

import java.io.OutputStream;

/** Discards what is written and counts the bytes, for the allocation tests. */
final class CountingDiscard extends OutputStream {
  long bytes;

  @Override
  public void write(int b) {
    bytes++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    bytes += len;
  }
}
