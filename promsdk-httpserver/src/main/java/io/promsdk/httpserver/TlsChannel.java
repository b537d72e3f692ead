package io.promsdk.httpserver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * TLS over one non-blocking connection of the {@link NioEngine}, with an {@link SSLEngine}:
 * {@link #read} decrypts what has arrived (and drives the handshake), {@link #write} encrypts and
 * sends what the socket takes. Neither ever blocks; the caller waits for readiness.
 *
 * <p>Like the connection it belongs to, it is used by one thread at a time: the selector thread,
 * or the worker that owns the connection (see the hand-off invariants of {@link NioEngine}).
 * The handshake finishes on the selector thread, since a request can only be complete after it;
 * a worker only ever encrypts.
 */
final class TlsChannel {
  private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

  private final SocketChannel channel;
  private final SSLEngine engine;
  /** Encrypted bytes received and not yet decrypted; write mode. */
  private final ByteBuffer netIn;
  /** Encrypted bytes not yet sent; write mode. */
  private final ByteBuffer netOut;
  /** Decrypted bytes not yet taken by {@link #read}; write mode. */
  private final ByteBuffer appIn;

  TlsChannel(SocketChannel channel, SSLContext context, boolean needClientAuth) throws SSLException {
    this.channel = channel;
    engine = context.createSSLEngine();
    engine.setUseClientMode(false);
    SSLParameters parameters = context.getDefaultSSLParameters();
    parameters.setNeedClientAuth(needClientAuth);
    engine.setSSLParameters(parameters);
    netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    engine.beginHandshake();
  }

  /** The bytes this connection's buffers take, for the engine's memory budget. */
  int bufferBytes() {
    return netIn.capacity() + netOut.capacity() + appIn.capacity();
  }

  /**
   * Reads what the socket has, runs the handshake as far as it can, and moves decrypted bytes
   * into {@code dst}.
   *
   * @return the number of bytes put into {@code dst}, or -1 at the end of the stream
   * @throws IOException if the socket fails or the peer's TLS is broken (e.g. plain HTTP)
   */
  int read(ByteBuffer dst) throws IOException {
    boolean eof = netIn.hasRemaining() && channel.read(netIn) < 0;
    while (true) {
      SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
      if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
          task.run(); // On the calling thread: handshake crypto, bounded by the header-read deadline.
        }
        continue;
      }
      if (status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
        if (!flush()) {
          break; // Wait until the socket takes what is pending.
        }
        if (engine.wrap(NOTHING, netOut).getStatus() == SSLEngineResult.Status.CLOSED) {
          flush();
          eof = true;
          break;
        }
        continue;
      }
      if (appIn.position() > 0) {
        break; // Hand over what is decrypted before decrypting more.
      }
      netIn.flip();
      SSLEngineResult result;
      try {
        result = engine.unwrap(netIn, appIn);
      } finally {
        netIn.compact();
      }
      if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
        eof = true;
        break;
      }
      if (result.getStatus() != SSLEngineResult.Status.OK
          || (result.bytesConsumed() == 0 && result.bytesProduced() == 0
              && engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_TASK
              && engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP)) {
        break; // Underflow: a record is not complete yet; overflow: appIn is full.
      }
    }
    appIn.flip();
    int n = Math.min(appIn.remaining(), dst.remaining());
    int limit = appIn.limit();
    appIn.limit(appIn.position() + n);
    dst.put(appIn);
    appIn.limit(limit);
    appIn.compact();
    return n == 0 && eof ? -1 : n;
  }

  /** Whether decrypted or undecrypted bytes wait here, to be read without the socket being readable. */
  boolean hasBufferedInput() {
    return appIn.position() > 0 || netIn.position() > 0;
  }

  /** Whether encrypted bytes wait for the socket to take them. */
  boolean hasPendingOutput() {
    return netOut.position() > 0;
  }

  /**
   * Encrypts as much of {@code src} as one record takes, once what was pending has been sent.
   *
   * @return the bytes of {@code src} consumed; 0 if the socket takes nothing now
   */
  int write(ByteBuffer src) throws IOException {
    if (!flush()) {
      return 0;
    }
    SSLEngineResult result = engine.wrap(src, netOut);
    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
      throw new SSLException("the TLS connection is closed");
    }
    flush();
    return result.bytesConsumed();
  }

  /** Sends pending encrypted bytes as far as the socket takes them; whether all went. */
  boolean flush() throws IOException {
    if (netOut.position() == 0) {
      return true;
    }
    netOut.flip();
    try {
      channel.write(netOut);
    } finally {
      netOut.compact();
    }
    return netOut.position() == 0;
  }

  /** Queues the close_notify alert and sends it if the socket takes it now. */
  void closeOutbound() throws IOException {
    engine.closeOutbound();
    while (!engine.isOutboundDone() && flush()) {
      if (engine.wrap(NOTHING, netOut).getStatus() == SSLEngineResult.Status.CLOSED && netOut.position() == 0) {
        break;
      }
    }
    flush();
  }
}
