package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.testsupport.Draw;
import io.promsdk.testsupport.Seeded;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encoding, escaping and number rendering both formats share. */
class TextBufferTest {

  /** Runs {@code body} on a fresh buffer and returns what reached the stream. */
  private static String render(BufferWork body) throws IOException {
    return new String(renderBytes(body), StandardCharsets.UTF_8);
  }

  /** As {@link #render}, the bytes that reached the stream. */
  private static byte[] renderBytes(BufferWork body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TextBuffer b = TextBuffer.acquire(out, true);
    try {
      body.run(b);
      b.flush();
    } finally {
      b.release();
    }
    return out.toByteArray();
  }

  private interface BufferWork {
    void run(TextBuffer b) throws IOException;
  }

  /** The reference escaping: what the specs say, written the obvious way. */
  private static String escape(String s, boolean quotes) {
    String e = s.replace("\\", "\\\\").replace("\n", "\\n");
    return quotes ? e.replace("\"", "\\\"") : e;
  }

  @Test
  void escapesAndEncodesAnyStringLikeTheReference() {
    Seeded.check(500, random -> {
      String s = Draw.string(random, 255);
      assertThat(render(b -> b.escaped(s, true))).isEqualTo(escape(s, true));
      assertThat(render(b -> b.escaped(s, false))).isEqualTo(escape(s, false));
    });
  }

  /**
   * Label values found plain are remembered (by identity) and copied without a scan: a string is
   * written the same the second time, and one written where quotes stay as they are (a help text)
   * still has its quotes escaped where they must be.
   */
  @Test
  void stringsSeenBeforeAreEscapedTheSame() throws IOException {
    String quoted = new String("say \"hi\"".toCharArray()); // fresh objects, not interned literals
    assertThat(render(b -> b.escaped(quoted, false).ascii(' ').escaped(quoted, true)))
        .isEqualTo("say \"hi\" say \\\"hi\\\"");
    Seeded.check(500, random -> {
      String s = new String(Draw.string(random, 80).toCharArray());
      String expected = escape(s, false) + " " + escape(s, true) + " " + escape(s, true);
      assertThat(render(b -> b.escaped(s, false).ascii(' ').escaped(s, true).ascii(' ')
          .escaped(s, true))).isEqualTo(expected);
    });
  }

  @Test
  void utf8OfEveryPlane() throws IOException {
    String s = "a\u00e9\u07ff\u0800\u2603\uffff\ud834\udd1e\u0000\r\t";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TextBuffer b = TextBuffer.acquire(out, true);
    b.escaped(s, true).flush();
    b.release();

    assertThat(out.toByteArray()).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void loneSurrogatesBecomeQuestionMarksAsInStringGetBytes() throws IOException {
    String s = "x\ud800y\udc00z\ud834";

    assertThat(render(b -> b.escaped(s, true))).isEqualTo("x?y?z?");
    assertThat(render(b -> b.escaped(s, true)).getBytes(StandardCharsets.UTF_8))
        .isEqualTo(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void stringsLongerThanTheBufferAreFlushedInChunks() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < 3 * TextBuffer.CAPACITY; i++) {
      sb.append("ascii run ").append(i % 7 == 0 ? "𝄞\"\\\n☃é" : "").append(i);
    }
    String s = sb.toString();
    List<Integer> chunks = new ArrayList<>();
    ByteArrayOutputStream collected = new ByteArrayOutputStream();
    OutputStream out = new OutputStream() {
      @Override
      public void write(int b) {
        throw new AssertionError("bytes are written in chunks");
      }

      @Override
      public void write(byte[] bytes, int off, int len) {
        chunks.add(len);
        collected.write(bytes, off, len);
      }
    };
    TextBuffer b = TextBuffer.acquire(out, true);
    for (int offset = 0; offset < 5; offset++) {
      b.ascii("name_").escaped(s, true).ascii(s.length() > 0 ? "\n" : "");
    }
    b.flush();
    b.release();

    assertThat(collected.toString(StandardCharsets.UTF_8))
        .isEqualTo(("name_" + escape(s, true) + "\n").repeat(5));
    assertThat(chunks).allMatch(n -> n <= TextBuffer.CAPACITY);
    assertThat(chunks.subList(0, chunks.size() - 1)).allMatch(n -> n >= TextBuffer.CAPACITY - 4);
  }

  @Test
  void longs() throws IOException {
    assertThat(render(b -> b.value(0L).ascii(' ').value(7L).ascii(' ').value(-42L).ascii(' ')
        .value(Long.MAX_VALUE).ascii(' ').value(Long.MIN_VALUE).ascii(' ').value(1000000000000L)))
        .isEqualTo("0 7 -42 9223372036854775807 -9223372036854775808 1000000000000");
  }

  @Test
  void anyLongIsWrittenLikeLongToString() {
    Seeded.check(1000, random -> {
      long v = Draw.anyLong(random);
      assertThat(render(b -> b.value(v))).isEqualTo(Long.toString(v));
    });
  }

  @Test
  void doubles() throws IOException {
    double[] values = {1, 0, -0.0, 42.5, 3, 1e15, 1e18, 9.2e18, 1e19, 0.1, -2.5e-7, 26.099999999999998,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, Double.MIN_VALUE};
    StringBuilder expected = new StringBuilder();
    for (String s : new String[] {"1.0", "0.0", "-0.0", "42.5", "3.0", "1000000000000000.0",
        "1000000000000000000.0", "9200000000000000000.0", "1.0E19", "0.1", "-2.5E-7",
        "26.099999999999998", "NaN", "+Inf", "-Inf", "1.7976931348623157E308", "4.9E-324"}) {
      expected.append(s).append(' ');
    }

    assertThat(render(b -> {
      for (double v : values) {
        b.value(v).ascii(' ');
      }
    })).isEqualTo(expected.toString());
  }

  /** Non-integral values are written as Double.toString writes them, with no String made. */
  @Test
  void nonIntegralDoublesAreWrittenLikeDoubleToString() {
    Seeded.check(3000, random -> {
      double v = Draw.chance(random, 0.5) ? Draw.anyDouble(random)
          : Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(v) && v != Math.rint(v)) {
        assertThat(render(b -> b.value(v))).isEqualTo(Double.toString(v));
      }
    });
  }

  @Test
  void anyDoubleRoundTrips() {
    Seeded.check(2000, random -> anyDoubleRoundTrips(Draw.anyDouble(random)));
  }

  private static void anyDoubleRoundTrips(double v) throws IOException {
    String s = render(b -> b.value(v));

    assertThat(Double.doubleToLongBits(ExpositionLines.parseDouble(s)))
        .as(s).isEqualTo(Double.doubleToLongBits(v));
    if (v == Math.rint(v) && Math.abs(v) < 0x1p63) {
      assertThat(s).as("integral values are digits and .0").matches("-?[0-9]+\\.0");
    }
  }

  @Test
  void secondsWithMilliseconds() throws IOException {
    assertThat(render(b -> b.seconds(0).ascii(' ').seconds(1520879607789L).ascii(' ').seconds(5)
        .ascii(' ').seconds(1605281325000L).ascii(' ').seconds(-1500).ascii(' ').seconds(-1)))
        .isEqualTo("0.000 1520879607.789 0.005 1605281325.000 -1.500 -0.001");
  }

  private static DataPointView seriesWith(Labels labels) {
    return new GaugeDataPoint(0, labels);
  }

  @Test
  void labelsWithExtraLabelLast() throws IOException {
    DataPointView labels = seriesWith(Labels.of("b", "x\"y", "a", ""));
    DataPointView none = seriesWith(Labels.EMPTY);

    assertThat(render(b -> b.labels(none))).isEmpty();
    assertThat(render(b -> b.labels(labels))).isEqualTo("{b=\"x\\\"y\",a=\"\"}");
    assertThat(render(b -> b.labels(labels, "le", 0.25))).isEqualTo("{b=\"x\\\"y\",a=\"\",le=\"0.25\"}");
    assertThat(render(b -> b.labels(none, "le", Double.POSITIVE_INFINITY))).isEqualTo("{le=\"+Inf\"}");
    assertThat(render(b -> b.labels(none, "state", "a\nb"))).isEqualTo("{state=\"a\\nb\"}");
  }

  /**
   * A series' remembered labels write exactly what encoding them line by line writes: any label
   * values (escapes, every plane, long enough not to be kept), with and without an extra label,
   * wherever in the buffer the series starts (so also right before a flush).
   */
  @Test
  void rememberedLabelsWriteWhatLabelsWrites() {
    Seeded.check(300, random -> {
      int count = Draw.between(random, 0, 4);
      String[] namesAndValues = new String[2 * count];
      for (int i = 0; i < count; i++) {
        namesAndValues[2 * i] = "l" + i;
        namesAndValues[2 * i + 1] = Draw.chance(random, 0.1)
            ? Draw.string(random, 255).repeat(Draw.between(random, 1, 12)) // over the kept limit
            : Draw.string(random, 40);
      }
      DataPointView s = seriesWith(Labels.of(namesAndValues));
      String state = Draw.string(random, 20);
      double le = Draw.anyDouble(random);
      int filler = Draw.chance(random, 0.5)
          ? TextBuffer.CAPACITY - Draw.between(random, 0, 300) : Draw.between(random, 0, 100);
      String fill = "x".repeat(filler);

      String remembered = render(b -> {
        b.ascii(fill);
        b.rememberLines(s, "name", "_bucket", "le");
        b.sameLabels(s).ascii('\n').rememberedLine(s, le).ascii('\n').sameLabels(s, "state", state);
      });
      String encoded = render(b -> b.ascii(fill).labels(s).ascii('\n')
          .name("name", "_bucket").labels(s, "le", le).ascii(' ').ascii('\n')
          .labels(s, "state", state));
      assertThat(remembered).isEqualTo(encoded);
    });
  }

  /**
   * A sample line's start written from the family's template is what encoding its name, suffix
   * and labels piece by piece writes: any label values (escapes, every plane, longer than the
   * buffer), any number of labels, lines of several families and suffixes one after the other
   * (so the template is encoded again, by name, by suffix and by label names), wherever in the
   * buffer the line starts.
   */
  @Test
  void sampleStartWritesWhatNameAndLabelsWrite() {
    Seeded.check(300, random -> {
      List<String> names = List.of("a", "a_longer_family_name", "x".repeat(600));
      List<DataPointView> points = new ArrayList<>();
      List<String> families = new ArrayList<>();
      List<String> suffixes = new ArrayList<>();
      for (int line = 0, lines = Draw.between(random, 1, 8); line < lines; line++) {
        int count = Draw.between(random, 0, 5);
        String[] namesAndValues = new String[2 * count];
        for (int i = 0; i < count; i++) {
          // Fresh label name objects now and then: equal names are the same template.
          namesAndValues[2 * i] = Draw.chance(random, 0.2) ? new String(("l" + i).toCharArray())
              : Draw.chance(random, 0.1) ? "m" + i : "l" + i;
          namesAndValues[2 * i + 1] = Draw.chance(random, 0.03)
              ? Draw.string(random, 255).repeat(Draw.between(random, 30, 90)) // over the buffer
              : Draw.string(random, 40);
        }
        points.add(seriesWith(Labels.of(namesAndValues)));
        families.add(Draw.oneOf(random, names));
        suffixes.add(Draw.oneOf(random, "", "_total", "_count"));
      }
      int filler = Draw.chance(random, 0.5)
          ? TextBuffer.CAPACITY - Draw.between(random, 0, 300) : Draw.between(random, 0, 100);
      String fill = "x".repeat(filler);

      String fromTemplate = render(b -> {
        b.ascii(fill);
        for (int i = 0; i < points.size(); i++) {
          b.sampleStart(families.get(i), suffixes.get(i), points.get(i)).ascii('\n');
        }
      });
      String pieceByPiece = render(b -> {
        b.ascii(fill);
        for (int i = 0; i < points.size(); i++) {
          b.name(families.get(i), suffixes.get(i)).labels(points.get(i)).ascii(' ').ascii('\n');
        }
      });
      assertThat(fromTemplate).isEqualTo(pieceByPiece);
    });
  }

  /** Digit counts at every power of ten and next to it, where a log10 estimate is off by one. */
  @Test
  void longsAtEveryDigitCountBoundary() throws IOException {
    for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
      for (long v : new long[] {p - 1, p, p + 1, -p, -(p - 1)}) {
        assertThat(render(b -> b.value(v))).isEqualTo(Long.toString(v));
      }
      if (p > Long.MAX_VALUE / 10) {
        break;
      }
    }
    for (int bits = 0; bits < 63; bits++) {
      long v = 1L << bits;
      for (long w : new long[] {v - 1, v, v + 1}) {
        assertThat(render(b -> b.value(w))).isEqualTo(Long.toString(w));
      }
    }
  }

  /**
   * Every count a scrape usually writes, as a long and as an integral double: all of 0 to 200,000
   * (one to six digits, so every split into a block of four and pairs), the edges of the int
   * range (the int path's end, the long path's start) and seeded random ints, against {@link
   * Long#toString}.
   */
  @Test
  void countsAreWrittenLikeLongToString() throws IOException {
    List<Long> values = new ArrayList<>();
    for (long v = 0; v <= 200_000; v++) {
      values.add(v);
    }
    for (long p = 10; p <= 10_000_000_000L; p *= 10) {
      values.addAll(List.of(p - 1, p, p + 1));
    }
    values.addAll(List.of((long) Integer.MAX_VALUE - 1, (long) Integer.MAX_VALUE,
        (long) Integer.MAX_VALUE + 1, -1L, (long) Integer.MIN_VALUE));
    java.util.Random random = new java.util.Random(20261201);
    for (int i = 0; i < 10_000; i++) {
      values.add((long) (random.nextInt() & Integer.MAX_VALUE));
    }
    StringBuilder expectedLongs = new StringBuilder();
    StringBuilder expectedDoubles = new StringBuilder();
    for (long v : values) {
      expectedLongs.append(v).append(' ');
      expectedDoubles.append(v).append(".0 ");
    }
    assertThat(render(b -> {
      for (long v : values) {
        b.value(v).ascii(' ');
      }
    })).isEqualTo(expectedLongs.toString());
    assertThat(render(b -> {
      for (long v : values) {
        b.value((double) v).ascii(' ');
      }
    })).isEqualTo(expectedDoubles.toString());
  }

  /**
   * A label value is written the same whether it is scanned (the first time) or copied as one
   * known plain (the next times, by identity): seeded random values with backslashes, quotes,
   * line feeds, non-ASCII, lone surrogates and plain ASCII, as themselves and as equal copies,
   * through a sample line's start, against the reference escaping encoded as UTF-8 (a lone
   * surrogate as {@code ?}, as String.getBytes does).
   */
  @Test
  void labelValuesAreWrittenTheSameScannedOrKnownPlain() {
    Seeded.check(300, random -> {
      List<String> values = new ArrayList<>();
      for (int i = 0, n = Draw.between(random, 1, 12); i < n; i++) {
        String v = switch (Draw.between(random, 0, 3)) {
          case 0 -> Draw.chars(random, 70); // any UTF-16 units, lone surrogates too
          case 1 -> Draw.string(random, 40);
          default -> Draw.oneOf(random, "GET", "/api/v1/users/{id}", "", "a\\b", "say \"hi\"",
              "two\nlines", "caf\u00e9", "x".repeat(64), "y".repeat(65));
        };
        values.add(new String(v.toCharArray())); // a fresh object: not yet known
        if (Draw.chance(random, 0.3)) {
          values.add(new String(v.toCharArray())); // an equal copy, another identity
        }
      }
      StringBuilder expected = new StringBuilder();
      List<DataPointView> points = new ArrayList<>();
      for (String v : values) {
        points.add(pairwiseSeries(v));
        String e = escape(v, true);
        expected.append("x{l=\"").append(e).append("\",m=\"").append(e).append("\"} \n");
      }
      String once = expected.toString();
      byte[] written = renderBytes(b -> {
        for (int round = 0; round < 3; round++) {
          for (DataPointView p : points) {
            b.sampleStart("x", "", p).ascii('\n');
          }
        }
      });
      assertThat(written).isEqualTo(once.repeat(3).getBytes(StandardCharsets.UTF_8));
    });
  }

  /**
   * A series labelled {@code l} and {@code m}, both {@code value}, read pair by pair as a live
   * cursor is: {@link Labels} refuses lone surrogates, which the buffer still encodes (as
   * {@code ?}).
   */
  private static DataPointView pairwiseSeries(String value) {
    return new DataPointView() {
      @Override
      public Labels labels() {
        throw new AssertionError("read pair by pair");
      }

      @Override
      public int labelCount() {
        return 2;
      }

      @Override
      public String labelName(int i) {
        return i == 0 ? "l" : "m";
      }

      @Override
      public String labelValue(int i) {
        return value;
      }

      @Override
      public long createdTimestampMillis() {
        return 0;
      }

      @Override
      public long scrapeTimestampMillis() {
        return 0;
      }
    };
  }

  @Test
  void rememberedLabelsAreThoseOfTheLastSeries() throws IOException {
    DataPointView first = seriesWith(Labels.of("a", "1"));
    DataPointView second = seriesWith(Labels.of("b", "2\n"));

    assertThat(render(b -> {
      b.rememberLabels(first);
      b.sameLabels(first).ascii(' ');
      b.rememberLines(second, "x", "_bucket", "le");
      b.rememberedLine(second, 1.0);
    })).isEqualTo("{a=\"1\"} x_bucket{b=\"2\\n\",le=\"1.0\"} ");
  }

  @Test
  void aReusedBufferStartsEmpty() throws IOException {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    TextBuffer a = TextBuffer.acquire(first, true);
    a.ascii("left over, never flushed");
    a.release();
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    TextBuffer b = TextBuffer.acquire(second, true);
    b.ascii("fresh").flush();
    b.release();

    assertThat(first.size()).isZero();
    assertThat(second.toString(StandardCharsets.US_ASCII)).isEqualTo("fresh");
  }
}
