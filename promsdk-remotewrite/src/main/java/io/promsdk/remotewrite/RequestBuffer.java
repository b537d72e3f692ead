package io.promsdk.remotewrite;

import java.util.Arrays;

/**
 * A growable byte array that one shard's sender reuses for every request body it encodes, so that
 * encoding allocates only while the largest request so far grows it. Not thread-safe.
 */
final class RequestBuffer {
  private byte[] bytes;
  private int length;

  RequestBuffer(int initialCapacity) {
    this.bytes = new byte[Math.max(16, initialCapacity)];
  }

  /** The backing array; bytes {@code [0, length())} are the body. */
  byte[] array() {
    return bytes;
  }

  int length() {
    return length;
  }

  /** Makes room for {@code capacity} bytes, keeping none of the content, and empties the buffer. */
  byte[] reset(int capacity) {
    if (bytes.length < capacity) {
      bytes = new byte[Math.max(capacity, bytes.length * 2)];
    }
    length = 0;
    return bytes;
  }

  /** Sets the body's length after an encoder wrote {@code length} bytes into {@link #array()}. */
  void setLength(int length) {
    if (length < 0 || length > bytes.length) {
      throw new IllegalArgumentException("length " + length + " outside [0, " + bytes.length + "]");
    }
    this.length = length;
  }

  /** A copy of the body, for tests and logs. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }
}
