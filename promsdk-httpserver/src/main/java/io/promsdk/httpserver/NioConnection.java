package io.promsdk.httpserver;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One client connection of the {@link NioEngine}: its channel and where it is in the protocol.
 * Its fields belong to the thread that owns the connection (invariant 1 of {@link NioEngine}),
 * except the hand-back pair, which a worker sets before it gives the connection back.
 */
final class NioConnection {
  /** Who owns a connection and what it waits for; see the hand-off invariants of {@link NioEngine}. */
  enum State {
    /** Selector: waiting for (the rest of) a request head, or idle between requests. */
    READING,
    /** A worker: running a scrape and writing its response. */
    RESPONDING,
    /** Selector: writing an answer the socket did not take at once. */
    WRITING,
    /** Selector: answered and shut down for output; reading and dropping what the client still sends. */
    DRAINING
  }

  final SocketChannel channel;
  SelectionKey key;
  State state = State.READING;
  /** Bytes of request heads received and not parsed yet: {@code head[0, size)}; null when empty. */
  byte[] head;
  int size;
  /** How far {@code head} has been searched for the end of a head. */
  int scanned;
  /** Whether it waits for the first byte of a next request (idle timeout, not header deadline). */
  boolean idle;
  /** When ({@link System#nanoTime}) the connection is closed if still in its state. */
  long deadline;
  /**
   * When it last received bytes or finished an answer: among idle or draining connections,
   * eviction closes the oldest first (heads being read are ranked by their start, see NioEngine).
   */
  long lastProgress;
  /** TLS for this connection, or null for plain HTTP. */
  TlsChannel tls;
  /** An answer the socket has not taken all of yet (state WRITING). */
  ByteBuffer pending;
  boolean closeAfterPending;
  /** Set by the worker before it hands the connection back (invariant 3). */
  boolean keepOpen;
  boolean abort;

  NioConnection(SocketChannel channel) {
    this.channel = channel;
  }
}
