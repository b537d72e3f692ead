package io.promsdk.httpserver;

import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Writes one response from a worker thread to a connection's non-blocking channel, in the body
 * framing chosen ({@link ResponseHead.Framing}), and gives up once the client has taken nothing for
 * the write timeout: a client that stops reading holds a worker for at most that long after it
 * stopped, while a slow client that keeps reading gets a large body whole. The clock runs only
 * while a write waits for the socket: the time the scrape takes to collect does not count.
 *
 * <p>The main selector keeps the channel registered (with no interest) while a worker writes; a
 * channel may be registered with several selectors, so when the socket's send buffer is full
 * this registers it with a selector of its own, opened only then and closed by {@link #release}.
 * One instance per worker thread is reused from response to response, so that a scrape
 * allocates no buffer here. Not thread-safe: one response at a time on one thread.
 */
final class ChannelOutput extends OutputStream {
  static final int BUFFER_BYTES = 16 * 1024;
  /** Room for a chunk-size line in front of a chunk: up to 8 hex digits and CRLF. */
  private static final int CHUNK_PREFIX = 10;
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

  private static final ThreadLocal<ChannelOutput> PER_THREAD = ThreadLocal.withInitial(ChannelOutput::new);

  /** Head bytes and body bytes; in chunked mode, the chunk-size line is written in front of them. */
  private final byte[] bytes = new byte[CHUNK_PREFIX + BUFFER_BYTES + 2];
  private final ByteBuffer wrapped = ByteBuffer.wrap(bytes);
  private SocketChannel channel;
  private TlsChannel tls;
  /** When the socket last took no bytes after taking some ({@link System#nanoTime}); 0: it took the last write. */
  private long stalledSince;
  private long timeoutNanos;
  private Selector waiter;
  private boolean chunked;
  private boolean clientFailed;
  private int start;
  private int end;

  private ChannelOutput() {}

  /**
   * This thread's instance, ready to write to {@code channel} through {@code tls} unless null,
   * giving up when the socket has taken nothing for {@code timeoutNanos}.
   */
  static ChannelOutput forThisThread(SocketChannel channel, TlsChannel tls, long timeoutNanos) {
    ChannelOutput out = PER_THREAD.get();
    out.channel = channel;
    out.tls = tls;
    out.timeoutNanos = timeoutNanos;
    out.stalledSince = 0;
    out.chunked = false;
    out.clientFailed = false;
    out.start = 0;
    out.end = 0;
    return out;
  }

  /**
   * From now on every write is a chunk of {@code Transfer-Encoding: chunked}. Sends what is
   * buffered (the head) as is first.
   */
  void startChunks() throws IOException {
    flushRaw();
    chunked = true;
    start = CHUNK_PREFIX;
    end = CHUNK_PREFIX;
  }

  @Override
  public void write(int b) throws IOException {
    if (end == bytes.length - 2) {
      flushBuffer();
    }
    bytes[end++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int room = bytes.length - 2 - end;
      if (room == 0) {
        flushBuffer();
        continue;
      }
      int n = Math.min(room, len);
      System.arraycopy(b, off, bytes, end, n);
      end += n;
      off += n;
      len -= n;
    }
  }

  /** Sends everything buffered, and for a chunked body its last chunk. Then the response is complete. */
  void finish() throws IOException {
    flushBuffer();
    if (chunked) {
      writeFully(ByteBuffer.wrap(LAST_CHUNK));
    }
  }

  /** Closes the selector opened for waiting, if any. Call once per response, in a finally. */
  void release() {
    if (waiter != null) {
      try {
        waiter.close();
      } catch (IOException ignored) {
        // Nothing is waiting on it any more.
      }
      waiter = null;
    }
    channel = null;
    tls = null;
  }

  private void flushBuffer() throws IOException {
    if (!chunked) {
      flushRaw();
      return;
    }
    int size = end - CHUNK_PREFIX;
    if (size == 0) {
      return;
    }
    int p = CHUNK_PREFIX;
    bytes[--p] = '\n';
    bytes[--p] = '\r';
    for (int n = size; ; n >>>= 4) {
      bytes[--p] = HEX[n & 0xf];
      if (n < 16) {
        break;
      }
    }
    bytes[end++] = '\r';
    bytes[end++] = '\n';
    wrapped.limit(end).position(p);
    writeFully(wrapped);
    end = CHUNK_PREFIX;
  }

  private void flushRaw() throws IOException {
    if (end > start) {
      wrapped.limit(end).position(start);
      writeFully(wrapped);
    }
    end = start;
  }

  /**
   * Whether the response failed on the client's side (reset, closed, or too slow to read), rather
   * than in what generated the body.
   */
  boolean clientFailed() {
    return clientFailed;
  }

  private void writeFully(ByteBuffer buffer) throws IOException {
    try {
      if (tls == null) {
        while (buffer.hasRemaining()) {
          if (channel.write(buffer) == 0) {
            awaitWritable();
          } else {
            stalledSince = 0;
          }
        }
        return;
      }
      // With TLS, progress is counted per record the engine takes (at most ~16 KiB each).
      while (buffer.hasRemaining()) {
        if (tls.write(buffer) == 0) {
          awaitWritable();
        } else {
          stalledSince = 0;
        }
      }
      while (!tls.flush()) {
        awaitWritable();
      }
    } catch (IOException e) {
      clientFailed = true;
      throw e;
    }
  }

  private void awaitWritable() throws IOException {
    if (waiter == null) {
      waiter = Selector.open();
      channel.register(waiter, SelectionKey.OP_WRITE);
    }
    long now = System.nanoTime();
    if (stalledSince == 0) {
      stalledSince = now;
    }
    long left = stalledSince + timeoutNanos - now;
    if (left <= 0) {
      throw new SocketTimeoutException("the client took no bytes of the response for the write timeout of "
          + timeoutNanos / 1_000_000 + " ms");
    }
    waiter.select(Math.max(1, left / 1_000_000));
    waiter.selectedKeys().clear();
  }
}
