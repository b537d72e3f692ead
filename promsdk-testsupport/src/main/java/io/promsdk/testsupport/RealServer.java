package io.promsdk.testsupport;

import java.nio.file.Path;

/** What every real peer started by the tests offers: its address, PID, files and log; stop by PID. */
public abstract class RealServer implements AutoCloseable {
  final ManagedProcess process;

  RealServer(ManagedProcess process) {
    this.process = process;
  }

  public int port() {
    return process.port();
  }

  /** {@code 127.0.0.1:port}. */
  public String hostPort() {
    return "127.0.0.1:" + port();
  }

  /** {@code http://127.0.0.1:port}, no trailing slash. */
  public String baseUrl() {
    return process.baseUrl();
  }

  public long pid() {
    return process.pid();
  }

  /** The server's temp directory (its configuration, data and log); deleted by {@link #close}. */
  public Path workDir() {
    return process.workDir();
  }

  /** The last lines of the server's own log, handy in assertion messages. */
  public String logTail() {
    return process.logTail();
  }

  /** Stops the process by PID (SIGTERM, SIGKILL after 5 s), waits for it and deletes its temp dir. */
  @Override
  public void close() {
    process.close();
  }
}
