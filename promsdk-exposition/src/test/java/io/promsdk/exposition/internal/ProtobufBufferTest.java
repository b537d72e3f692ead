package io.promsdk.exposition.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.promsdk.testsupport.Draw;
import io.promsdk.testsupport.Seeded;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The wire encoding of {@link ProtobufBuffer}, read back with protobuf-java's own {@link
 * CodedInputStream}: varints of any size, doubles bit for bit, UTF-8 strings, and messages whose
 * length turns out to need one, two or three bytes (127/128 and 16383/16384 are the edges where the
 * message is moved right).
 */
class ProtobufBufferTest {

  private static int tag(int field, int wireType) {
    return field << 3 | wireType;
  }

  @Test
  void messagesOfEveryLengthAroundTheVarintEdgesAreFramedRight() throws Exception {
    for (int length : new int[] {0, 1, 125, 126, 127, 128, 129, 16_382, 16_383, 16_384, 70_000, 2_097_152}) {
      ProtobufBuffer b = new ProtobufBuffer();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      b.reset(out);
      int family = b.beginMessage(0);
      int inner = b.beginMessage(4);
      String s = "a".repeat(length);
      b.stringField(1, s);
      b.endMessage(inner);
      b.varintField(3, 7);
      b.endMessage(family);
      b.flush();

      CodedInputStream in = CodedInputStream.newInstance(out.toByteArray());
      int familyLength = in.readRawVarint32();
      assertThat(in.getTotalBytesRead() + familyLength).as("family length, string of %d", length).isEqualTo(out.size());
      assertThat(in.readTag()).isEqualTo(tag(4, WireFormat.WIRETYPE_LENGTH_DELIMITED));
      int innerLength = in.readRawVarint32();
      int limit = in.pushLimit(innerLength);
      assertThat(in.readTag()).isEqualTo(tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED));
      assertThat(in.readString()).isEqualTo(s);
      assertThat(in.isAtEnd()).isTrue();
      in.popLimit(limit);
      assertThat(in.readTag()).isEqualTo(tag(3, WireFormat.WIRETYPE_VARINT));
      assertThat(in.readUInt64()).isEqualTo(7);
      assertThat(in.isAtEnd()).isTrue();
    }
  }

  @Test
  void anyFieldValueReadsBackAsProtobufReadsIt() {
    Seeded.check(2000, random -> {
      long varint = Draw.anyLong(random);
      double d = Draw.anyDouble(random);
      String s = Draw.chars(random, 300);
      ProtobufBuffer b = new ProtobufBuffer();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      b.reset(out);
      int m = b.beginMessage(2);
      b.varintField(1, varint);
      b.doubleField(2, d);
      b.stringField(3, s);
      b.stringField(4, s, "_total");
      b.endMessage(m);
      b.flush();

      CodedInputStream in = CodedInputStream.newInstance(out.toByteArray());
      assertThat(in.readTag()).isEqualTo(tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED));
      int length = in.readRawVarint32();
      assertThat(in.getTotalBytesRead() + length).as("message length").isEqualTo(out.size());
      assertThat(in.readTag()).isEqualTo(tag(1, WireFormat.WIRETYPE_VARINT));
      assertThat(in.readInt64()).as("varint").isEqualTo(varint);
      assertThat(in.readTag()).isEqualTo(tag(2, WireFormat.WIRETYPE_FIXED64));
      assertThat(Double.doubleToRawLongBits(in.readDouble())).as("double %s", d).isEqualTo(Double.doubleToRawLongBits(d));
      String expected = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      assertThat(in.readTag()).isEqualTo(tag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED));
      assertThat(in.readBytes().toByteArray()).as("UTF-8 of %s", s).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
      assertThat(in.readTag()).isEqualTo(tag(4, WireFormat.WIRETYPE_LENGTH_DELIMITED));
      assertThat(in.readString()).isEqualTo(expected + "_total");
      assertThat(in.isAtEnd()).isTrue();
    });
  }
}
