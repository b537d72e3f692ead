package io.promsdk.exposition.internal;

/**
 * UTF-8 encoding of one character of a String into a byte array, shared by the text and protobuf
 * writers (which keep their own fast paths for ASCII). A lone surrogate, which UTF-8 cannot
 * encode, becomes {@code ?}, as in {@link String#getBytes}.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * The code point at {@code i} of {@code s}, or {@code '?'} for a lone surrogate; it spans
   * {@link Character#charCount} chars of {@code s}.
   */
  public static int codePointAt(String s, int i) {
    char c = s.charAt(i);
    if (!Character.isSurrogate(c)) {
      return c;
    }
    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
      return Character.toCodePoint(c, s.charAt(i + 1));
    }
    return '?';
  }

  /** Writes the one to four bytes of {@code cp} at {@code b[p]}; returns the position after them. */
  public static int put(byte[] b, int p, int cp) {
    if (cp < 0x80) {
      b[p++] = (byte) cp;
    } else if (cp < 0x800) {
      b[p++] = (byte) (0xC0 | cp >> 6);
      b[p++] = (byte) (0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      b[p++] = (byte) (0xE0 | cp >> 12);
      b[p++] = (byte) (0x80 | (cp >> 6 & 0x3F));
      b[p++] = (byte) (0x80 | (cp & 0x3F));
    } else {
      b[p++] = (byte) (0xF0 | cp >> 18);
      b[p++] = (byte) (0x80 | (cp >> 12 & 0x3F));
      b[p++] = (byte) (0x80 | (cp >> 6 & 0x3F));
      b[p++] = (byte) (0x80 | (cp & 0x3F));
    }
    return p;
  }
}
