package io.promsdk.httpserver;

import java.net.InetSocketAddress;

/** The transport under an {@link HTTPServer}: {@link NioEngine} by default, or {@link JdkEngine}. */
interface ServerEngine {
  /** The bound address, with the port chosen by the system for port 0. */
  InetSocketAddress address();

  boolean isHttps();

  /**
   * Answers new requests {@code 503}, lets requests in flight finish until {@code deadlineNanos}
   * (a {@link System#nanoTime} value), interrupts the server's own threads then, closes every
   * connection and frees the port.
   *
   * @return whether the calling thread was interrupted while waiting
   */
  boolean close(long deadlineNanos);
}
