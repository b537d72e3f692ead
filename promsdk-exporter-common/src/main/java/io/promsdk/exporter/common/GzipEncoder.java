package io.promsdk.exporter.common;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip (RFC 1952) with a reused {@link Deflater}: unlike {@code GZIPOutputStream}, a scrape
 * allocates neither a new deflater (native memory) nor new buffers. Two ways: {@link #encode} a
 * buffered body in one go, or {@link #start} a stream that gzips a streamed body on its way to the
 * client. One encoder serves one response at a time.
 */
final class GzipEncoder {
  private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};
  /** Compressed bytes handed to the target stream at a time when streaming. */
  private static final int STREAM_CHUNK = 8 * 1024;

  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
  private final CRC32 crc = new CRC32();
  private final Stream stream = new Stream();

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
    try {
      writeTrailer(out, crc, length);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
  }

  /**
   * Writes the gzip header to {@code target} and returns a stream that gzips what is written to it
   * into {@code target}; {@link #finish} writes the rest. Closing the returned stream does
   * nothing: the transport owns {@code target}.
   */
  OutputStream start(OutputStream target) throws IOException {
    deflater.reset();
    crc.reset();
    stream.target = target;
    target.write(HEADER, 0, HEADER.length);
    return stream;
  }

  /** Ends the stream {@link #start} returned: the last compressed bytes and the trailer. */
  void finish() throws IOException {
    deflater.finish();
    stream.deflateUntil(true);
    writeTrailer(stream.target, crc, (int) deflater.getBytesRead());
  }

  /** Forgets the target of {@link #start}, finished or not, so that a pooled encoder holds no stream. */
  void detach() {
    stream.target = null;
  }

  /** Frees the deflater's native memory; this encoder must not be used afterwards. */
  void end() {
    deflater.end();
  }

  /** CRC-32 and length modulo 2^32 of the uncompressed bytes, little-endian (RFC 1952 §2.3.1). */
  private static void writeTrailer(OutputStream out, CRC32 crc, int length) throws IOException {
    writeIntLittleEndian(out, (int) crc.getValue());
    writeIntLittleEndian(out, length);
  }

  private static void writeIntLittleEndian(OutputStream out, int v) throws IOException {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }

  /** Deflates each write into the target, a chunk at a time; reused for every streamed body. */
  private final class Stream extends OutputStream {
    private final byte[] oneByte = new byte[1];
    private byte[] chunk;
    private OutputStream target;

    @Override
    public void write(int b) throws IOException {
      oneByte[0] = (byte) b;
      write(oneByte, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      crc.update(b, off, len);
      deflater.setInput(b, off, len);
      deflateUntil(false);
    }

    /** Hands compressed bytes to the target until the deflater needs input or, if {@code end}, has finished. */
    void deflateUntil(boolean end) throws IOException {
      if (chunk == null) {
        chunk = new byte[STREAM_CHUNK];
      }
      while (end ? !deflater.finished() : !deflater.needsInput()) {
        int n = deflater.deflate(chunk, 0, chunk.length);
        if (n > 0) {
          target.write(chunk, 0, n);
        }
      }
    }
  }
}
