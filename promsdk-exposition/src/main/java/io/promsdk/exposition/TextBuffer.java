package io.promsdk.exposition;

import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.LabelRenderer;
import io.promsdk.exposition.internal.CanonicalNumbers;
import io.promsdk.exposition.internal.Utf8;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The byte-level writer both text formats share: a UTF-8 encoding buffer that is flushed to the
 * target stream in chunks, with the escaping, label and number rendering of the formats.
 *
 * <p>Buffers are pooled, so a steady-state scrape allocates nothing here: not even for a
 * non-integral value, whose {@link Double#toString} characters are written through a reused
 * StringBuilder. A live series keeps its label pairs as its first scrape rendered them ({@link
 * #PAIRS}), so that a sample line starts with two array copies ({@link #sampleStart}). The lines of
 * one series that writes several (histograms, summaries, state sets) encode or copy its labels
 * once: see {@link #rememberLabels}. Not thread-safe: one scrape owns a buffer
 * between {@link #acquire} and {@link #release}.
 */
final class TextBuffer {
  static final int CAPACITY = 16 * 1024;
  private static final SmallPool<TextBuffer> POOL = new SmallPool<>(4);
  private static final byte[] MIN_LONG = "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);
  /** The tens and the ones digit of 0 to 99, for writing numbers two digits at a time. */
  private static final byte[] DIGIT_TENS = new byte[100];
  private static final byte[] DIGIT_ONES = new byte[100];

  static {
    for (int i = 0; i < 100; i++) {
      DIGIT_TENS[i] = (byte) ('0' + i / 10);
      DIGIT_ONES[i] = (byte) ('0' + i % 10);
    }
  }

  /** Per ASCII char, whether {@link #escaped} writes it as it is: all but backslash and line feed. */
  private static final boolean[] PLAIN = new boolean[0x80];
  /** As {@link #PLAIN}, where double quotes are escaped too (label values, OpenMetrics help). */
  private static final boolean[] PLAIN_IN_QUOTES = new boolean[0x80];

  static {
    for (char c = 0; c < 0x80; c++) {
      PLAIN[c] = c != '\\' && c != '\n';
      PLAIN_IN_QUOTES[c] = PLAIN[c] && c != '"';
    }
  }

  /**
   * Strings {@link #escaped} found to need no escaping in any context (ASCII, and no backslash,
   * line feed or double quote), by identity, direct-mapped on their hash. The same label value
   * objects come back on every scrape (a metric's children keep theirs), and for one found here
   * the scan per char becomes one array copy. Only strings of at most {@link
   * #MAX_KNOWN_PLAIN_LENGTH} chars are entered, so the table keeps at most 2,048 short strings
   * alive after their series are gone.
   *
   * <p>Shared by every thread without synchronisation, which is safe because an entry is only
   * ever a reference to an immutable String that was checked before it was stored: a racing
   * reader sees the old entry or the new one, and either way an identity match means the string
   * it holds is plain; a miss only costs the scan.
   */
  private static final String[] KNOWN_PLAIN = new String[2048];
  static final int MAX_KNOWN_PLAIN_LENGTH = 64;

  /** The longest string {@link #escaped} copies out with getChars before scanning it. */
  static final int SHORT_STRING = 256;

  /**
   * The most bytes of label pairs {@link #rememberLabels} keeps, counted at their worst case (3
   * bytes per char); longer labels are encoded line by line as before.
   */
  static final int MAX_REMEMBERED_LABELS = 2048;

  private final byte[] buf = new byte[CAPACITY];
  /** Scratch for the characters of a short string that {@link #escaped} scans, or of a double. */
  private final char[] chars = new char[SHORT_STRING];
  /** Where {@link #value(double)} has a non-integral double written out. */
  private final StringBuilder doubleText = new StringBuilder(32);
  /**
   * The label pairs {@link #rememberLabels} remembered, {@code a="1",b="2"}: room for the longest
   * kept ({@link #MAX_REMEMBERED_LABELS}).
   */
  private final byte[] labelBlock = new byte[MAX_REMEMBERED_LABELS];
  /** How many bytes of {@link #labelBlock} hold the remembered pairs; -1 when none are kept. */
  private int labelBlockLength = -1;
  /** {@code name suffix{} of the last line that {@link #sampleStart} wrote from kept pairs. */
  private final byte[] lineHead = new byte[MAX_LINE_HEAD];
  private int lineHeadLength = -1;
  private String lineHeadName;
  private String lineHeadSuffix;
  /** {@code name suffix{pairs,extraName="} of the series {@link #rememberLines} prepared. */
  private byte[] linePrefix = new byte[256];
  /** How many bytes of {@link #linePrefix} are the prefix; -1 when the labels are not kept. */
  private int linePrefixLength = -1;
  private String lineName;
  private String lineSuffix;
  private String lineExtraName;
  /** The fixed bytes of the current family's sample lines, for {@link #sampleStart}. */
  private final SamplePrefixTemplate prefix = new SamplePrefixTemplate();
  private int pos;
  private OutputStream out;
  /** Whether live series keep their rendered label pairs ({@link #PAIRS}) for the next scrape. */
  private boolean keepLabels = true;

  private TextBuffer() {}

  /**
   * A buffer writing to {@code out}, from the pool when one is free; {@code keepLabels}: whether
   * live series keep their rendered label pairs ({@link #PAIRS}) for the next scrape.
   */
  static TextBuffer acquire(OutputStream out, boolean keepLabels) {
    TextBuffer b = POOL.take();
    if (b == null) {
      b = new TextBuffer();
    }
    b.out = out;
    b.pos = 0;
    b.keepLabels = keepLabels;
    return b;
  }

  /** Drops anything not flushed and returns this buffer to the pool. */
  void release() {
    out = null;
    pos = 0;
    labelBlockLength = -1;
    linePrefixLength = -1;
    lineName = lineSuffix = lineExtraName = null;
    lineHeadLength = -1;
    lineHeadName = lineHeadSuffix = null;
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

  /**
   * A string known to be ASCII: names, suffixes and keywords. Copied with {@link
   * String#getBytes(int, int, byte[], int)}, which stores the low 8 bits of each character (so
   * exactly the ASCII bytes) and, for the Latin-1 strings names are, is one array copy.
   */
  @SuppressWarnings("deprecation") // deprecated as it drops each char's high byte: ASCII has none
  TextBuffer ascii(String s) throws IOException {
    int n = s.length();
    if (n <= buf.length - pos) {
      s.getBytes(0, n, buf, pos);
      pos += n;
      return this;
    }
    for (int i = 0; i < n; ) {
      if (pos == buf.length) {
        flush();
      }
      int chunk = Math.min(n - i, buf.length - pos);
      s.getBytes(i, i + chunk, buf, pos);
      pos += chunk;
      i += chunk;
    }
    return this;
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
    if (escapeQuotes && 3L * n <= buf.length - pos) {
      // The usual label value: short, and it fits at its worst.
      pos = quotedValue(s, buf, pos);
      return this;
    }
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

  private static int knownPlainSlot(String s) {
    // The identity hash, not String.hashCode: a few instructions where hashCode inlines its hash
    // loop, which makes every writer that checks a label value too big for the JIT to inline.
    int h = System.identityHashCode(s);
    return (h ^ h >>> 16) & (KNOWN_PLAIN.length - 1);
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
      String name = series.labelName(i);
      String value = series.labelValue(i);
      long worstCase = name.length() + 4 + 3L * value.length(); // [,]name="value", 3 bytes a char
      if (worstCase <= buf.length) {
        // One bounds check for the whole pair instead of one per piece.
        ensure((int) worstCase);
        pos = putPair(i > 0, name, value, buf, pos);
      } else {
        if (i > 0) {
          ascii(',');
        }
        ascii(name).ascii('=').ascii('"');
        escaped(value, true);
        ascii('"');
      }
    }
  }

  /**
   * {@code value} escaped as a label value ({@link #escaped} with quotes escaped) at {@code b[p]},
   * for which the caller reserved 3 bytes per char (the most a char takes: an escape is 2, a
   * UTF-8 encoding 3, a surrogate pair 4 for its 2 chars); returns the position after it.
   */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int), for a string known to be ASCII
  private static int quotedValue(String value, byte[] b, int p) {
    // Kept this small so that the JIT inlines it into the sample line writers: the usual label
    // value is a known plain one, and the scan is a call.
    if (KNOWN_PLAIN[knownPlainSlot(value)] == value) {
      int n = value.length();
      value.getBytes(0, n, b, p); // all ASCII: exactly its bytes (see ascii(String))
      return p + n;
    }
    return scannedQuotedValue(value, b, p);
  }

  /**
   * {@link #quotedValue} for a string not known plain: escapes and encodes it char by char, and
   * enters it in {@link #KNOWN_PLAIN} if it turns out plain.
   */
  private static int scannedQuotedValue(String value, byte[] b, int p) {
    int n = value.length();
    int slot = knownPlainSlot(value);
    boolean plain = true;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80 && PLAIN_IN_QUOTES[c]) {
        b[p++] = (byte) c;
      } else if (c == '\\' || c == '"') {
        b[p++] = '\\';
        b[p++] = (byte) c;
        plain = false;
      } else if (c == '\n') {
        b[p++] = '\\';
        b[p++] = 'n';
        plain = false;
      } else {
        int cp = Utf8.codePointAt(value, i);
        i += Character.charCount(cp) - 1;
        p = Utf8.put(b, p, cp);
        plain = false;
      }
    }
    if (plain && n <= MAX_KNOWN_PLAIN_LENGTH) {
      KNOWN_PLAIN[slot] = value; // no quote, no backslash, no line feed, all ASCII
    }
    return p;
  }

  // ---------------------------------------------------------------- the start of a sample line

  /**
   * {@code name suffix labels }, the start of a sample line up to its value: what {@code
   * name(name, suffix).labels(series).ascii(' ')} writes. For a live series, {@code name suffix{}
   * (kept for the last name and suffix) and the label pairs the series keeps ({@link #PAIRS}).
   * Otherwise written from the {@link SamplePrefixTemplate} of the family being written (encoded
   * again when the name, suffix or label names differ from the last line's), so that each label
   * costs a copy of its value and one bounds check. Lines whose fixed part is too long to keep are
   * written the long way.
   */
  TextBuffer sampleStart(String name, String suffix, DataPointView series) throws IOException {
    if (keepLabels && series.labelCount() > 0
        && (lineHeadFor(name, suffix) || encodeLineHead(name, suffix))) {
      // name suffix{, the pairs the live series keeps, "} ": two copies.
      int h = lineHeadLength;
      ensure(h + MAX_REMEMBERED_LABELS + 2);
      byte[] b = buf;
      int p = pos;
      int end = series.copyKeptLabels(PAIRS, b, p + h, b.length - 2);
      if (end >= 0) {
        System.arraycopy(lineHead, 0, b, p, h);
        b[end++] = '}';
        b[end++] = ' ';
        pos = end;
        return this;
      }
    }
    int n = series.labelCount();
    SamplePrefixTemplate t = prefix;
    if (!t.isFor(name, suffix, series, n) && !t.encode(name, suffix, series, n)) {
      return name(name, suffix).labels(series).ascii(' ');
    }
    byte[] pieces = t.bytes();
    int from = 0;
    for (int i = 0; i < n; i++) {
      String value = series.labelValue(i);
      int to = t.end(i);
      int length = to - from;
      long worstCase = length + 3L * value.length();
      if (worstCase > CAPACITY - pos) {
        if (worstCase > CAPACITY) { // a label value longer than the buffer: chunked
          piece(pieces, from, to);
          escaped(value, true);
          from = to;
          continue;
        }
        flush();
      }
      int p = pos;
      System.arraycopy(pieces, from, buf, p, length);
      pos = quotedValue(value, buf, p + length);
      from = to;
    }
    piece(pieces, from, t.end(n));
    return this;
  }

  /** Whether {@link #lineHead} holds {@code name suffix{}: identity first, as the same names come back. */
  private boolean lineHeadFor(String name, String suffix) {
    return lineHeadLength >= 0 && (name == lineHeadName || name.equals(lineHeadName))
        && (suffix == lineHeadSuffix || suffix.equals(lineHeadSuffix));
  }

  /** Encodes {@code name suffix{} into {@link #lineHead}; false (and nothing kept) if longer than it. */
  private boolean encodeLineHead(String name, String suffix) {
    lineHeadLength = -1;
    if (name.length() + suffix.length() + 1 > MAX_LINE_HEAD) {
      return false;
    }
    int p = putAscii(suffix, lineHead, putAscii(name, lineHead, 0));
    lineHead[p++] = '{';
    lineHeadName = name;
    lineHeadSuffix = suffix;
    lineHeadLength = p;
    return true;
  }

  /** The longest {@code name suffix{} that {@link #sampleStart} keeps; longer lines are written the long way. */
  static final int MAX_LINE_HEAD = 256;

  /** Copies {@code pieces[from, to)}, which fits in the buffer. */
  private void piece(byte[] pieces, int from, int to) throws IOException {
    ensure(to - from);
    System.arraycopy(pieces, from, buf, pos, to - from);
    pos += to - from;
  }

  // ---------------------------------------------------------------- labels repeated by a series

  /**
   * Encodes the series' label pairs once, for the lines of a series that writes several (a
   * histogram's buckets, count and sum; a summary's quantiles; a state set's states), which then
   * write them with {@link #sameLabels} as one array copy. Call it at the start of each such
   * series: the remembered labels are those of the last call. A live series' pairs are copied from
   * the rendering it keeps ({@link #PAIRS}). Labels too long to keep (over {@link
   * #MAX_REMEMBERED_LABELS} bytes at worst) are not kept, and each line encodes them again.
   */
  void rememberLabels(DataPointView series) {
    if (keepLabels && series.labelCount() > 0) {
      int end = series.copyKeptLabels(PAIRS, labelBlock, 0, labelBlock.length);
      if (end >= 0) {
        labelBlockLength = end;
        return;
      }
    }
    labelBlockLength = pairsWorstCase(series) > MAX_REMEMBERED_LABELS ? -1 : putPairs(series, labelBlock, 0);
  }

  /**
   * The label pairs {@code a="1",b="2"} as a live series keeps them between scrapes (see {@link
   * DataPointView#copyKeptLabels}): rendered on its first scrape, unless longer than {@link
   * #MAX_REMEMBERED_LABELS} bytes at worst (those are encoded line by line). One renderer for both
   * text formats, which escape label values alike, so that a series keeps one rendering.
   */
  static final LabelRenderer PAIRS = new LabelRenderer() {
    @Override
    public int maxLength(DataPointView series) {
      int worstCase = pairsWorstCase(series);
      return worstCase > MAX_REMEMBERED_LABELS ? -1 : worstCase;
    }

    @Override
    public int render(DataPointView series, byte[] into, int offset) {
      return putPairs(series, into, offset);
    }

    @Override
    public String toString() {
      return "text label pairs";
    }
  };

  /**
   * The most bytes {@link #putPairs} writes for the labels of {@code series}: per pair a comma,
   * the name, {@code ="}, 3 bytes per char of the value and {@code "}; counted no further than
   * past {@link #MAX_REMEMBERED_LABELS}.
   */
  private static int pairsWorstCase(DataPointView series) {
    long worstCase = 0;
    for (int i = 0, n = series.labelCount(); i < n && worstCase <= MAX_REMEMBERED_LABELS; i++) {
      worstCase += 4 + series.labelName(i).length() + 3L * series.labelValue(i).length();
    }
    return (int) Math.min(worstCase, MAX_REMEMBERED_LABELS + 1L);
  }

  /**
   * Writes the label pairs of {@code series}, {@code a="1",b="2"}, at {@code b[p]}, for which the
   * caller reserved {@link #pairsWorstCase} bytes; returns the position after them.
   */
  private static int putPairs(DataPointView series, byte[] b, int p) {
    for (int i = 0, n = series.labelCount(); i < n; i++) {
      p = putPair(i > 0, series.labelName(i), series.labelValue(i), b, p);
    }
    return p;
  }

  /**
   * Writes {@code name="value"} (after a comma if {@code comma}) at {@code b[p]}, for which the
   * caller reserved 4 bytes, the name and 3 per char of the value; returns the position after it.
   */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): label names are ASCII
  private static int putPair(boolean comma, String name, String value, byte[] b, int p) {
    if (comma) {
      b[p++] = ',';
    }
    name.getBytes(0, name.length(), b, p);
    p += name.length();
    b[p++] = '=';
    b[p++] = '"';
    p = quotedValue(value, b, p);
    b[p++] = '"';
    return p;
  }

  /** As {@link #labels(DataPointView)}, from the labels {@link #rememberLabels} kept for this series. */
  TextBuffer sameLabels(DataPointView series) throws IOException {
    int n = labelBlockLength;
    if (n < 0) {
      return labels(series);
    }
    if (n > 0) {
      ensure(n + 2);
      byte[] b = buf;
      b[pos++] = '{';
      System.arraycopy(labelBlock, 0, b, pos, n);
      pos += n;
      b[pos++] = '}';
    }
    return this;
  }

  /** As {@link #labels(DataPointView, String, String)}, from the labels {@link #rememberLabels} kept. */
  TextBuffer sameLabels(DataPointView series, String extraName, String extraValue) throws IOException {
    if (labelBlockLength < 0) {
      return labels(series, extraName, extraValue);
    }
    sameLabelsThen(extraName);
    escaped(extraValue, true);
    return ascii('"').ascii('}');
  }

  /** {@code {<remembered pairs>,extraName="}, or {@code {extraName="} when there are none. */
  private void sameLabelsThen(String extraName) throws IOException {
    int n = labelBlockLength;
    ensure(n + 2);
    byte[] b = buf;
    b[pos++] = '{';
    if (n > 0) {
      System.arraycopy(labelBlock, 0, b, pos, n);
      pos += n;
      b[pos++] = ',';
    }
    ascii(extraName).ascii('=').ascii('"');
  }

  // ---------------------------------------------------------------- lines that differ in one label

  /**
   * Prepares the lines of a series that differ only in the value of one last label and in their
   * value: a histogram's buckets ({@code le}), a summary's quantiles ({@code quantile}). Remembers
   * the series' labels (as {@link #rememberLabels}) and encodes the start such a line has, {@code
   * name suffix{pairs,extraName="}, once, so that {@link #rememberedLine} is one copy and the
   * extra value. Lines whose labels are not kept are encoded piece by piece as before.
   */
  void rememberLines(DataPointView series, String name, String suffix, String extraName)
      throws IOException {
    rememberLabels(series);
    lineName = name;
    lineSuffix = suffix;
    lineExtraName = extraName;
    linePrefixLength = -1;
    int pairs = labelBlockLength;
    if (pairs < 0) {
      return;
    }
    int length = name.length() + suffix.length() + pairs + extraName.length() + 4; // { , = "
    if (linePrefix.length < length) {
      linePrefix = new byte[Math.max(length, 2 * linePrefix.length)];
    }
    byte[] b = linePrefix;
    int p = putAscii(name, b, 0);
    p = putAscii(suffix, b, p);
    b[p++] = '{';
    if (pairs > 0) {
      System.arraycopy(labelBlock, 0, b, p, pairs);
      p += pairs;
      b[p++] = ',';
    }
    p = putAscii(extraName, b, p);
    b[p++] = '=';
    b[p++] = '"';
    linePrefixLength = p;
  }

  /**
   * {@code name suffix{pairs,extraName="<canonical extraValue>"} } for the series {@link
   * #rememberLines} prepared: what {@code name(name, suffix).labels(series, extraName,
   * extraValue).ascii(' ')} writes.
   */
  TextBuffer rememberedLine(DataPointView series, double extraValue) throws IOException {
    int n = linePrefixLength;
    if (n < 0) {
      return name(lineName, lineSuffix).labels(series, lineExtraName, extraValue).ascii(' ');
    }
    ensure(n + MAX_CANONICAL_LENGTH + 3);
    byte[] b = buf;
    int p = pos;
    System.arraycopy(linePrefix, 0, b, p, n);
    p = putCanonical(extraValue, b, p + n);
    b[p++] = '"';
    b[p++] = '}';
    b[p++] = ' ';
    pos = p;
    return this;
  }

  /** Writes the ASCII string {@code s} at {@code b[p]}; returns the position after it. */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): the low byte of each char
  static int putAscii(String s, byte[] b, int p) {
    s.getBytes(0, s.length(), b, p);
    return p + s.length();
  }

  // ---------------------------------------------------------------- numbers

  /** A long in decimal, without creating a String. */
  TextBuffer value(long v) throws IOException {
    ensure(MAX_LONG_LENGTH);
    pos = putLong(v, buf, pos);
    return this;
  }

  /** The most bytes {@link #putLong} writes: {@code -9223372036854775808}. */
  private static final int MAX_LONG_LENGTH = 20;

  /**
   * Writes {@code v} in decimal at {@code b[p]}, for which the caller reserved {@link
   * #MAX_LONG_LENGTH} bytes, from the right (see {@link #putDigitsBefore}); returns the position
   * after it.
   */
  static int putLong(long v, byte[] b, int p) {
    // Counts and most integral values fit an int: their path is int arithmetic only, and the
    // rest (negative values, values above the int range) is a separate, rarely compiled-in call.
    if (v >= 0 && v <= Integer.MAX_VALUE) {
      return putNonNegativeInt((int) v, b, p);
    }
    return putAnyLong(v, b, p);
  }

  /** {@link #putLong} for {@code 0 <= v <= Integer.MAX_VALUE}, in int arithmetic. */
  private static int putNonNegativeInt(int v, byte[] b, int p) {
    int end = p + digits(v);
    return putDigitsBefore(v, b, end);
  }

  /**
   * Writes the digits of {@code 0 <= v <= Integer.MAX_VALUE} so that the last one is at {@code
   * b[end - 1]}, from the right: four at a time (two pairs, whose divisions do not wait for each
   * other, as one division by 100 per pair would), then two at a time; returns {@code end}.
   */
  private static int putDigitsBefore(int v, byte[] b, int end) {
    int p = end;
    while (v >= 10_000) {
      int q = v / 10_000;
      int four = v - 10_000 * q;
      int high = four / 100;
      int low = four - 100 * high;
      v = q;
      b[--p] = DIGIT_ONES[low];
      b[--p] = DIGIT_TENS[low];
      b[--p] = DIGIT_ONES[high];
      b[--p] = DIGIT_TENS[high];
    }
    while (v >= 100) {
      int q = v / 100;
      int r = v - 100 * q;
      v = q;
      b[--p] = DIGIT_ONES[r];
      b[--p] = DIGIT_TENS[r];
    }
    if (v >= 10) {
      b[--p] = DIGIT_ONES[v];
      b[--p] = DIGIT_TENS[v];
    } else {
      b[--p] = (byte) ('0' + v);
    }
    return end;
  }

  /** {@link #putLong} for any long: negative ones, and those above the int range. */
  private static int putAnyLong(long v, byte[] b, int p) {
    if (v == Long.MIN_VALUE) {
      System.arraycopy(MIN_LONG, 0, b, p, MIN_LONG.length);
      return p + MIN_LONG.length;
    }
    if (v < 0) {
      b[p++] = '-';
      v = -v;
    }
    int end = p + digits(v);
    p = end;
    while (v > Integer.MAX_VALUE) {
      int r = (int) (v % 100);
      v /= 100;
      b[--p] = DIGIT_ONES[r];
      b[--p] = DIGIT_TENS[r];
    }
    putDigitsBefore((int) v, b, p);
    return end;
  }

  /** 10^0 to 10^18, for {@link #digits} and {@link ShortestDecimal} (do not modify). */
  static final long[] POWERS_OF_TEN = new long[19];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = 10 * POWERS_OF_TEN[i - 1];
    }
  }

  /**
   * How many decimal digits a non-negative long has, without a loop: log10 estimated from the bit
   * length (1233 / 4096 is just under log10(2), so the estimate is exact or one too high; one
   * comparison settles it). {@code v | 1} makes 0 count as 1, which has one digit too.
   */
  static int digits(long v) {
    long w = v | 1;
    int estimate = (64 - Long.numberOfLeadingZeros(w)) * 1233 >>> 12; // at most 18
    return estimate + (w >= POWERS_OF_TEN[estimate] ? 1 : 0);
  }

  /**
   * A sample value: {@code NaN}, {@code +Inf}, {@code -Inf}; integral values as digits with
   * {@code .0} (no String created); others as {@link Double#toString}, by {@link ShortestDecimal}
   * where it applies, which Go's ParseFloat and
   * the OpenMetrics ABNF (case-insensitive {@code e}) both accept.
   */
  TextBuffer value(double v) throws IOException {
    if (integral(v, 0x1p63)) {
      return integralValue(v);
    }
    if (!Double.isFinite(v)) {
      return ascii(nonFinite(v));
    }
    // Sums of seconds and bytes, by a path several times faster that writes the same characters.
    ensure(ShortestDecimal.MAX_LENGTH);
    int end = ShortestDecimal.put(v, buf, pos);
    if (end >= 0) {
      pos = end;
      return this;
    }
    // StringBuilder.append(double) writes the very characters of Double.toString (both are the
    // JDK's FloatingDecimal, or from JDK 19 DoubleToDecimal), but into this reused builder: no
    // String per value.
    StringBuilder text = doubleText;
    text.setLength(0);
    text.append(v);
    int n = text.length();
    char[] c = chars;
    text.getChars(0, n, c, 0);
    ensure(n);
    byte[] b = buf;
    int p = pos;
    for (int i = 0; i < n; i++) {
      b[p + i] = (byte) c[i];
    }
    pos = p + n;
    return this;
  }

  /**
   * An {@code le} or {@code quantile} label value in the canonical form OpenMetrics requires
   * (Go's {@code %g} with {@code .0} appended when there is no dot or exponent): {@code 0.5},
   * {@code 1.0}, {@code 100000.0}, {@code 1e+06}, {@code 1e-05}, {@code +Inf}.
   */
  TextBuffer canonical(double v) throws IOException {
    ensure(MAX_CANONICAL_LENGTH);
    pos = putCanonical(v, buf, pos);
    return this;
  }

  /**
   * The most bytes {@link #putCanonical} writes: a sign, 17 digits, a dot and an exponent {@code
   * e-308} are 24; {@code -0.0000} and 17 digits 24.
   */
  private static final int MAX_CANONICAL_LENGTH = 32;

  /** Writes {@link #canonical} at {@code b[p]}, with {@link #MAX_CANONICAL_LENGTH} reserved. */
  private static int putCanonical(double v, byte[] b, int p) {
    if (integral(v, 1e6)) {
      return putIntegral(v, b, p);
    }
    if (!Double.isFinite(v)) {
      return putAscii(nonFinite(v), b, p);
    }
    byte[] text = CanonicalNumbers.bytes(v);
    System.arraycopy(text, 0, b, p, text.length);
    return p + text.length;
  }

  private static boolean integral(double v, double bound) {
    return v == (long) v && Math.abs(v) < bound;
  }

  /** An integral double below 2^63 in magnitude as digits and {@code .0}, with one bounds check. */
  private TextBuffer integralValue(double v) throws IOException {
    ensure(MAX_LONG_LENGTH + 2);
    pos = putIntegral(v, buf, pos);
    return this;
  }

  /** Writes an integral double below 2^63 as digits and {@code .0} at {@code b[p]} (22 bytes). */
  private static int putIntegral(double v, byte[] b, int p) {
    if (v == 0 && Double.doubleToRawLongBits(v) != 0) {
      return putAscii("-0.0", b, p);
    }
    p = putLong((long) v, b, p);
    b[p++] = '.';
    b[p++] = '0';
    return p;
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
