package io.promsdk.exposition;

import io.promsdk.core.model.DataPointView;

/**
 * The fixed bytes of the sample lines of one family, encoded once per family and scrape: all of
 * a line's start but its label values. For {@code http_requests_total{method="GET",code="200"} }
 * they are the pieces {@code http_requests_total{method="}, {@code ",code="} and {@code "} } (the
 * last one with the space before the value), or the single piece {@code http_requests_total } for a
 * series without labels. A line is then one copy per piece and its label values, instead of a copy
 * and a bounds check per name, suffix, brace, label name, equals sign and quote.
 *
 * <p>Kept by a {@link TextBuffer} (so pooled, and not per series): the buffer asks {@link #isFor}
 * on every line and {@link #encode}s again when the family, suffix or label names change. Encoding
 * again reuses the arrays, which only ever grow, so a steady-state scrape allocates nothing here.
 * Not thread-safe, as its buffer.
 */
final class SamplePrefixTemplate {
  /** Pieces longer than this in all are not kept: such lines are written the long way. */
  static final int MAX_LENGTH = 1024;

  private String name;
  private String suffix;
  /** The label names the pieces were encoded for; the first {@link #labelCount} count. */
  private String[] labelNames = new String[8];
  private int labelCount = -1;
  /** The pieces, one after the other. */
  private byte[] bytes = new byte[128];
  /** Where piece {@code i} ends in {@link #bytes}; there are {@code labelCount + 1} pieces. */
  private int[] ends = new int[9];

  /** Whether the pieces are those of {@code name suffix} and the label names of {@code s}. */
  boolean isFor(String name, String suffix, DataPointView s, int labelCount) {
    if (labelCount != this.labelCount || !same(name, this.name) || !same(suffix, this.suffix)) {
      return false;
    }
    for (int i = 0; i < labelCount; i++) {
      if (!same(s.labelName(i), labelNames[i])) {
        return false;
      }
    }
    return true;
  }

  /** Identity first: the same name objects come back on every line of a family. */
  private static boolean same(String a, String b) {
    return a == b || a.equals(b);
  }

  /**
   * Encodes the pieces for {@code name suffix} and the label names of {@code s}; returns false
   * (and keeps nothing) if they would be longer than {@link #MAX_LENGTH} bytes. Names and label
   * names are ASCII (the registry and {@code Labels} check them), so each char is one byte.
   */
  boolean encode(String name, String suffix, DataPointView s, int labelCount) {
    this.labelCount = -1;
    int length = name.length() + suffix.length() + 3;
    for (int i = 0; i < labelCount; i++) {
      length += s.labelName(i).length() + 4;
    }
    if (length > MAX_LENGTH) {
      return false;
    }
    if (bytes.length < length) {
      bytes = new byte[Math.max(length, 2 * bytes.length)];
    }
    if (labelNames.length < labelCount) {
      labelNames = new String[Math.max(labelCount, 2 * labelNames.length)];
      ends = new int[labelNames.length + 1];
    }
    int p = TextBuffer.putAscii(name, bytes, 0);
    p = TextBuffer.putAscii(suffix, bytes, p);
    if (labelCount == 0) {
      bytes[p++] = ' ';
    } else {
      bytes[p++] = '{';
      for (int i = 0; i < labelCount; i++) {
        String labelName = s.labelName(i);
        if (i > 0) {
          ends[i - 1] = p;
          bytes[p++] = '"';
          bytes[p++] = ',';
        }
        p = TextBuffer.putAscii(labelName, bytes, p);
        bytes[p++] = '=';
        bytes[p++] = '"';
        labelNames[i] = labelName;
      }
      ends[labelCount - 1] = p;
      bytes[p++] = '"';
      bytes[p++] = '}';
      bytes[p++] = ' ';
    }
    ends[labelCount] = p;
    this.name = name;
    this.suffix = suffix;
    this.labelCount = labelCount;
    return true;
  }

  /** The encoded pieces; piece {@code i} is {@code [end(i - 1), end(i))}. */
  byte[] bytes() {
    return bytes;
  }

  /** Where piece {@code i} ends (and piece {@code i + 1} starts). */
  int end(int i) {
    return ends[i];
  }

  /** The length of all pieces together. */
  int length() {
    return ends[labelCount];
  }
}
