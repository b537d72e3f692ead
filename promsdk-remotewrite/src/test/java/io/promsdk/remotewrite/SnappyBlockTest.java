package io.promsdk.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.testsupport.Draw;
import io.promsdk.testsupport.Seeded;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * Our snappy block encoder against snappy-java (the reference C++ snappy): whatever the input,
 * snappy-java decompresses our output back to it, and on realistic request bodies our output is
 * about as small as snappy-java's own.
 */
class SnappyBlockTest {
  private final SnappyBlock snappy = new SnappyBlock();

  @Test
  void snappyJavaDecompressesWhatWeCompress() {
    Seeded.check(300, random -> {
      byte[] input = draw(random);
      int srcOffset = Draw.between(random, 0, 3);
      int dstOffset = Draw.between(random, 0, 3);
      byte[] src = new byte[srcOffset + input.length];
      System.arraycopy(input, 0, src, srcOffset, input.length);
      byte[] dst = new byte[dstOffset + SnappyBlock.maxCompressedLength(input.length)];

      int length = snappy.compress(src, srcOffset, input.length, dst, dstOffset);

      byte[] compressed = Arrays.copyOfRange(dst, dstOffset, dstOffset + length);
      assertThat(Snappy.isValidCompressedBuffer(compressed)).as("valid, %d bytes in", input.length).isTrue();
      assertThat(Snappy.uncompress(compressed)).as("%d bytes in", input.length).isEqualTo(input);
    });
  }

  @Test
  void emptyAndTinyInputs() throws Exception {
    for (int n = 0; n < 40; n++) {
      byte[] input = new byte[n];
      Arrays.fill(input, (byte) 'a');
      byte[] dst = new byte[SnappyBlock.maxCompressedLength(n)];
      int length = snappy.compress(input, 0, n, dst, 0);
      assertThat(Snappy.uncompress(Arrays.copyOf(dst, length))).isEqualTo(input);
    }
  }

  /** Compression quality, not speed: a regression in match finding shows here. */
  @Test
  void realisticBodiesCompressAboutAsWellAsSnappyJava() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      text.append("http_requests_total{method=\"GET\",path=\"/api/v1/items/").append(i % 500)
          .append("\",status=\"").append(200 + i % 3).append("\"} ").append(i * 7).append('\n');
    }
    byte[] input = text.toString().getBytes(StandardCharsets.UTF_8);
    byte[] dst = new byte[SnappyBlock.maxCompressedLength(input.length)];
    int ours = snappy.compress(input, 0, input.length, dst, 0);
    int reference = Snappy.compress(input).length;
    assertThat(Snappy.uncompress(Arrays.copyOf(dst, ours))).isEqualTo(input);
    assertThat((double) ours).as("ours %d bytes, snappy-java %d", ours, reference).isLessThan(reference * 1.1);
    assertThat(ours).isLessThan(input.length / 4);
  }

  /** Random bytes, runs, and text with repeats near and far, across the 64 KiB block boundary. */
  private static byte[] draw(Random random) {
    int length = Draw.oneOf(random, 0, 1, 16, 17, 100, 4096, 65_535, 65_536, 65_537, 200_000);
    length = Math.max(0, length + Draw.between(random, -2, 2));
    byte[] b = new byte[length];
    int kind = Draw.between(random, 0, 3);
    for (int i = 0; i < length; ) {
      switch (kind) {
        case 0 -> b[i++] = (byte) random.nextInt(); // incompressible
        case 1 -> { // runs of one byte
          int run = Math.min(length - i, Draw.between(random, 1, 300));
          Arrays.fill(b, i, i + run, (byte) random.nextInt(4));
          i += run;
        }
        default -> { // copies from up to 70 KiB back (beyond snappy's window too), or fresh bytes
          if (i > 8 && Draw.chance(random, 0.7)) {
            int from = Math.max(0, i - Draw.between(random, 1, Math.min(i, 70_000)));
            int n = Math.min(length - i, Draw.between(random, 1, 200));
            for (int k = 0; k < n; k++) {
              b[i + k] = b[from + k];
            }
            i += n;
          } else {
            b[i++] = (byte) ('a' + random.nextInt(kind == 2 ? 4 : 26));
          }
        }
      }
    }
    return b;
  }
}
