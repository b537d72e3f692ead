package io.promsdk.exposition.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The byte-level writer of the Prometheus protobuf format: protobuf wire encoding (varints,
 * 64-bit doubles, length-delimited strings and messages) into one growable array, flushed to the
 * target stream between length-delimited {@code MetricFamily} messages, or, with no stream, kept
 * in memory and read back through {@link #array()} (promsdk-remotewrite encodes its requests so,
 * before compressing them). Shared by promsdk's modules through this {@code internal} package:
 * not API.
 *
 * <p>A length-delimited message is written before its length is known: {@link #beginMessage}
 * reserves one byte for the length, {@link #endMessage} fills it in and, only for a message of
 * 128 bytes or more, moves the message right by the extra length bytes. Most labels, values and
 * buckets are short, so they are never moved; a family is moved once, by at most four bytes. This
 * reads each series once, which a "sizes first" pass could not: a live metric's counts (varints)
 * may change between two reads, and with them the sizes.
 *
 * <p>Invariants: nothing is flushed while a family is open, so the marks {@link #beginMessage}
 * hands out stay valid; the array grows to the largest family written and is kept (the buffer is
 * pooled with the exposition's {@code ProtobufEncoder}), so a steady-state scrape allocates nothing here. That
 * largest family is the memory a pooled buffer retains (about 40 bytes per counter series). Not
 * thread-safe.
 */
public final class ProtobufBuffer {
  /** Families are flushed once this many bytes have piled up. */
  public static final int FLUSH_AT = 16 * 1024;

  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int WIRE_VARINT = 0;
  private static final int WIRE_FIXED64 = 1;
  private static final int WIRE_LENGTH_DELIMITED = 2;

  private byte[] buf = new byte[FLUSH_AT * 2];
  private int pos;
  private OutputStream out;

  /** Starts writing to {@code out} (null: stop holding on to the last stream), empty. */
  public void reset(OutputStream out) {
    this.out = out;
    this.pos = 0;
  }

  /** Writes the buffered bytes to the stream; only between families. */
  public void flush() throws IOException {
    if (pos > 0) {
      out.write(buf, 0, pos);
      pos = 0;
    }
  }

  /** Flushes if enough bytes have piled up; only between families. */
  public void flushIfFull() throws IOException {
    if (pos >= FLUSH_AT) {
      flush();
    }
  }

  /**
   * The bytes written since the last {@link #reset} or {@link #flush}: {@code [0, position())}.
   * The array is replaced when it grows, so read it again after writing.
   */
  public byte[] array() {
    return buf;
  }

  /** The write position, to roll back to with {@link #rewind}. */
  public int position() {
    return pos;
  }

  /** Forgets everything written since {@code position}. */
  public void rewind(int position) {
    pos = position;
  }

  private void ensure(int bytes) {
    if (pos + bytes > buf.length) {
      byte[] grown = new byte[Math.max(buf.length * 2, pos + bytes)];
      System.arraycopy(buf, 0, grown, 0, pos);
      buf = grown;
    }
  }

  // ---------------------------------------------------------------- messages

  /**
   * Starts a length-delimited field (a message or a string) numbered {@code field}, or, for
   * {@code field} 0, a bare length prefix (a family in the delimited stream). Returns the mark to
   * pass to {@link #endMessage}.
   */
  public int beginMessage(int field) {
    ensure(6);
    if (field != 0) {
      rawVarint((field << 3) | WIRE_LENGTH_DELIMITED);
    }
    return pos++;
  }

  /** Ends the field begun at {@code mark}: writes its length, moving it right if that needs more than a byte. */
  public void endMessage(int mark) {
    int length = pos - mark - 1;
    if (length < 0x80) {
      buf[mark] = (byte) length;
      return;
    }
    int extra = varintSize(length) - 1;
    ensure(extra);
    System.arraycopy(buf, mark + 1, buf, mark + 1 + extra, length);
    pos += extra;
    int p = mark;
    int v = length;
    while (v >= 0x80) {
      buf[p++] = (byte) (v | 0x80);
      v >>>= 7;
    }
    buf[p] = (byte) v;
  }

  private static int varintSize(int v) {
    int size = 1;
    while ((v & ~0x7F) != 0) {
      v >>>= 7;
      size++;
    }
    return size;
  }

  // ---------------------------------------------------------------- fields

  /** A {@code double} field (wire type 64-bit, little-endian IEEE 754). */
  public void doubleField(int field, double value) {
    ensure(9);
    rawVarint((field << 3) | WIRE_FIXED64);
    LITTLE_ENDIAN_LONG.set(buf, pos, Double.doubleToRawLongBits(value));
    pos += 8;
  }

  /**
   * A varint field: {@code uint64}, {@code int64}, {@code int32} or an enum (a negative value
   * takes ten bytes, as for {@code int64}).
   */
  public void varintField(int field, long value) {
    ensure(12);
    rawVarint((field << 3) | WIRE_VARINT);
    rawVarint(value);
  }

  /**
   * A bare varint, without a tag: an element of a packed repeated field, written between {@link
   * #beginMessage} and {@link #endMessage} of that field.
   */
  public void varint(long value) {
    ensure(10);
    rawVarint(value);
  }

  /**
   * A {@code sint32} or {@code sint64} field: ZigZag-encoded, so that small negative values (span
   * offsets, bucket deltas) take as few bytes as small positive ones.
   */
  public void sintField(int field, long value) {
    varintField(field, (value << 1) ^ (value >> 63));
  }

  /**
   * A string field, UTF-8 encoded ({@link Utf8}: a lone surrogate becomes {@code ?}, as in the
   * text formats).
   */
  public void stringField(int field, String s) {
    int mark = beginMessage(field);
    chars(s);
    endMessage(mark);
  }

  /** A string field holding {@code s} followed by {@code suffix}, without concatenating them. */
  public void stringField(int field, String s, String suffix) {
    int mark = beginMessage(field);
    chars(s);
    chars(suffix);
    endMessage(mark);
  }

  private void chars(String s) {
    int n = s.length();
    ensure(n);
    int i = 0;
    byte[] b = buf;
    int p = pos;
    // Fast path: ASCII, one byte per char, room ensured above.
    while (i < n) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        break;
      }
      b[p++] = (byte) c;
      i++;
    }
    pos = p;
    if (i < n) {
      utf8(s, i);
    }
  }

  /** The rest of {@code s} from {@code i}, of which at least the first char is not ASCII. */
  private void utf8(String s, int i) {
    int n = s.length();
    while (i < n) {
      ensure(4);
      int cp = Utf8.codePointAt(s, i);
      i += Character.charCount(cp);
      pos = Utf8.put(buf, pos, cp);
    }
  }

  /** Room for ten bytes must have been ensured. */
  private void rawVarint(long v) {
    byte[] b = buf;
    int p = pos;
    while ((v & ~0x7FL) != 0) {
      b[p++] = (byte) (v | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    pos = p;
  }
}
