package io.promsdk.exposition;

import io.promsdk.core.model.DataPointView;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte-level writer both text formats share: a UTF-8 encoding buffer that is flushed to the
 * target stream in chunks, with the escaping, label and number rendering of the formats.
 *
 * <p>Buffers are pooled, so a steady-state scrape allocates nothing here except the Strings of
 * {@link Double#toString} for non-integral values and nothing else per sample. Not thread-safe:
 * one scrape owns a buffer between {@link #acquire} and {@link #release}.
 */
final class TextBuffer {
  static final int CAPACITY = 16 * 1024;
  private static final SmallPool<TextBuffer> POOL = new SmallPool<>(4);
  private static final byte[] MIN_LONG = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);

  private final byte[] buf = new byte[CAPACITY];
  private int pos;
  private OutputStream out;

  private TextBuffer() {}

  /** A buffer writing to {@code out}, from the pool when one is free. */
  static TextBuffer acquire(OutputStream out) {
    TextBuffer b = POOL.take();
    if (b == null) {
      b = new TextBuffer();
    }
    b.out = out;
    b.pos = 0;
    return b;
  }

  /** Drops anything not flushed and returns this buffer to the pool. */
  void release() {
    out = null;
    pos = 0;
    POOL.give(this);
  }

  /** Writes the buffered bytes to the stream. */
  void flush() throws IOException {
    if (pos > 0) {
      out.write(buf, 0, pos);
      pos = 0;
    }
  }

  private void ensure(int bytes) throws IOException {
    if (pos + bytes > buf.length) {
      flush();
    }
  }

  // ---------------------------------------------------------------- characters and strings

  TextBuffer ascii(char c) throws IOException {
    ensure(1);
    buf[pos++] = (byte) c;
    return this;
  }

  /** A string known to be ASCII: names, suffixes and keywords. */
  TextBuffer ascii(String s) throws IOException {
    int n = s.length();
    int i = 0;
    while (i < n) {
      if (pos == buf.length) {
        flush();
      }
      int end = Math.min(n, i + buf.length - pos);
      byte[] b = buf;
      int p = pos;
      while (i < end) {
        b[p++] = (byte) s.charAt(i++);
      }
      pos = p;
    }
    return this;
  }

  private void raw(byte[] bytes) throws IOException {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  /** A metric name followed by a suffix such as {@code _total} (which may be empty). */
  TextBuffer name(String name, String suffix) throws IOException {
    return ascii(name).ascii(suffix);
  }

  /**
   * Any string, UTF-8 encoded, with backslash and line feed escaped as {@code \\} and {@code \n}
   * and, if {@code escapeQuotes}, double quote as {@code \"}. A lone surrogate, which UTF-8 cannot
   * encode, becomes {@code ?} as in {@link String#getBytes}.
   */
  TextBuffer escaped(String s, boolean escapeQuotes) throws IOException {
    int n = s.length();
    int i = 0;
    while (i < n) {
      // Fast path: a run of ASCII characters that need no escaping, while they fit.
      int end = Math.min(n, i + buf.length - pos);
      byte[] b = buf;
      int p = pos;
      while (i < end) {
        char c = s.charAt(i);
        if (c >= 0x80 || c == '\\' || c == '\n' || (c == '"' && escapeQuotes)) {
          break;
        }
        b[p++] = (byte) c;
        i++;
      }
      pos = p;
      if (i == n) {
        break;
      }
      if (i == end) {
        flush();
        continue;
      }
      i = special(s, i);
    }
    return this;
  }

  /** Writes the escape sequence or multi-byte encoding of the character at {@code i}. */
  private int special(String s, int i) throws IOException {
    ensure(4);
    byte[] b = buf;
    char c = s.charAt(i++);
    if (c == '\\' || c == '"') {
      b[pos++] = '\\';
      b[pos++] = (byte) c;
    } else if (c == '\n') {
      b[pos++] = '\\';
      b[pos++] = 'n';
    } else {
      int cp = Utf8.codePointAt(s, i - 1);
      i += Character.charCount(cp) - 1;
      pos = Utf8.put(b, pos, cp);
    }
    return i;
  }

  // ---------------------------------------------------------------- labels

  /** The data point's labels as {@code {a="1",b="2"}}, or nothing when it has none. */
  TextBuffer labels(DataPointView series) throws IOException {
    if (series.labelCount() > 0) {
      ascii('{');
      labelPairs(series);
      ascii('}');
    }
    return this;
  }

  /** The data point's labels followed by {@code extraName="<canonical number>"}, e.g. {@code le="0.5"}. */
  TextBuffer labels(DataPointView series, String extraName, double extraValue) throws IOException {
    extraLabelStart(series, extraName);
    canonical(extraValue);
    return ascii('"').ascii('}');
  }

  /** The data point's labels followed by {@code extraName="<escaped extraValue>"}. */
  TextBuffer labels(DataPointView series, String extraName, String extraValue) throws IOException {
    extraLabelStart(series, extraName);
    escaped(extraValue, true);
    return ascii('"').ascii('}');
  }

  private void extraLabelStart(DataPointView series, String extraName) throws IOException {
    ascii('{');
    if (series.labelCount() > 0) {
      labelPairs(series);
      ascii(',');
    }
    ascii(extraName).ascii('=').ascii('"');
  }

  private void labelPairs(DataPointView series) throws IOException {
    for (int i = 0, n = series.labelCount(); i < n; i++) {
      if (i > 0) {
        ascii(',');
      }
      ascii(series.labelName(i)).ascii('=').ascii('"');
      escaped(series.labelValue(i), true);
      ascii('"');
    }
  }

  // ---------------------------------------------------------------- numbers

  /** A long in decimal, without creating a String. */
  TextBuffer value(long v) throws IOException {
    if (v == Long.MIN_VALUE) {
      raw(MIN_LONG);
      return this;
    }
    ensure(20);
    if (v < 0) {
      buf[pos++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    int p = pos + digits;
    pos = p;
    do {
      buf[--p] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v != 0);
    return this;
  }

  /**
   * A sample value: {@code NaN}, {@code +Inf}, {@code -Inf}; integral values as digits with
   * {@code .0} (no String created); others as {@link Double#toString}, which Go's ParseFloat and
   * the OpenMetrics ABNF (case-insensitive {@code e}) both accept.
   */
  TextBuffer value(double v) throws IOException {
    if (integral(v, 0x1p63)) {
      return integralValue(v);
    }
    return ascii(Double.isFinite(v) ? Double.toString(v) : nonFinite(v));
  }

  /**
   * An {@code le} or {@code quantile} label value in the canonical form OpenMetrics requires
   * (Go's {@code %g} with {@code .0} appended when there is no dot or exponent): {@code 0.5},
   * {@code 1.0}, {@code 100000.0}, {@code 1e+06}, {@code 1e-05}, {@code +Inf}.
   */
  TextBuffer canonical(double v) throws IOException {
    if (integral(v, 1e6)) {
      return integralValue(v);
    }
    if (!Double.isFinite(v)) {
      return ascii(nonFinite(v));
    }
    raw(CanonicalNumbers.bytes(v));
    return this;
  }

  private static boolean integral(double v, double bound) {
    return v == (long) v && Math.abs(v) < bound;
  }

  private TextBuffer integralValue(double v) throws IOException {
    if (v == 0 && Double.doubleToRawLongBits(v) != 0) {
      return ascii("-0.0");
    }
    value((long) v);
    return ascii('.').ascii('0');
  }

  private static String nonFinite(double v) {
    return Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
  }

  /** Milliseconds since the epoch as seconds with three decimals, e.g. {@code 1520879607.789}. */
  TextBuffer seconds(long millis) throws IOException {
    long s = millis / 1000;
    long ms = millis % 1000;
    if (millis < 0) {
      ascii('-');
      s = -s;
      ms = -ms;
    }
    value(s);
    ensure(4);
    buf[pos++] = '.';
    buf[pos++] = (byte) ('0' + ms / 100);
    buf[pos++] = (byte) ('0' + ms / 10 % 10);
    buf[pos++] = (byte) ('0' + ms % 10);
    return this;
  }
}
