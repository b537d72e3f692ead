package io.promsdk.exporter.common;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronized growable byte sink that keeps its array across {@link #reset()}, so that a
 * scrape after the first writes into memory that is already there.
 */
final class ReusableBuffer extends OutputStream {
  private byte[] bytes;
  private int size;

  ReusableBuffer(int initialCapacity) {
    bytes = new byte[initialCapacity];
  }

  @Override
  public void write(int b) {
    ensureSpace(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensureSpace(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  /** Makes room for at least {@code n} more bytes after {@link #size()}. */
  void ensureSpace(int n) {
    int needed = size + n;
    if (needed < 0) {
      throw new OutOfMemoryError("scrape response larger than 2 GiB");
    }
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(needed, (int) Math.min(Integer.MAX_VALUE - 8, 2L * bytes.length)));
    }
  }

  void reset() {
    size = 0;
  }

  /** Empties this buffer and, if its array is larger than {@code capacity}, replaces it by one that size. */
  void shrinkTo(int capacity) {
    size = 0;
    if (bytes.length > capacity) {
      bytes = new byte[capacity];
    }
  }

  byte[] array() {
    return bytes;
  }

  int size() {
    return size;
  }

  /** Moves the end after bytes written straight into {@link #array()}. */
  void advance(int n) {
    size += n;
  }

  int capacity() {
    return bytes.length;
  }
}
