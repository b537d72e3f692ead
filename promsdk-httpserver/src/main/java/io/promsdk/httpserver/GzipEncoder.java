package io.promsdk.httpserver;

import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip (RFC 1952) into a {@link ReusableBuffer} with a reused {@link Deflater}: unlike {@code
 * GZIPOutputStream}, a scrape allocates neither a new deflater (native memory) nor new buffers.
 */
final class GzipEncoder {
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
  private final CRC32 crc = new CRC32();

  /** Replaces the content of {@code out} with {@code in[0..length)} gzipped. */
  void encode(byte[] in, int length, ReusableBuffer out) {
    out.reset();
    out.write(HEADER, 0, HEADER.length);
    deflater.reset();
    deflater.setInput(in, 0, length);
    deflater.finish();
    while (!deflater.finished()) {
      out.ensureSpace(Math.max(512, length / 4));
      out.advance(deflater.deflate(out.array(), out.size(), out.capacity() - out.size()));
    }
    crc.reset();
    crc.update(in, 0, length);
    writeIntLittleEndian(out, (int) crc.getValue());
    writeIntLittleEndian(out, length);
  }

  /** Frees the deflater's native memory; this encoder must not be used afterwards. */
  void end() {
    deflater.end();
  }

  private static void writeIntLittleEndian(ReusableBuffer out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }
}
