package io.promsdk.instrumentation.http;

/** A started jakarta container serving a {@link JakartaDeployment} on 127.0.0.1. */
interface JakartaContainer extends AutoCloseable {
  /** The port it listens on. */
  int port();

  /** Stops it and frees its port. */
  @Override
  void close() throws Exception;
}
