package io.promsdk.testsupport;

import java.nio.file.Path;

/** What every real peer started by the tests offers: its address, PID, files and log; stop by PID. */
public abstract class RealServer implements AutoCloseable {
  // Replaced by restart(); read by the test thread only.
  ManagedProcess process;

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

  /**
   * Stops the process by PID (SIGTERM, SIGKILL after 5 s) and waits for it, keeping its port
   * number and its data for {@link #restart()}: a peer that goes away and comes back.
   */
  public void stop() {
    process.stopKeepingFiles();
  }

  /**
   * Starts the process {@link #stop()}ped, or stops and starts a running one, on the same port
   * with the same data and flags; returns once it is ready again.
   */
  public void restart() {
    process = process.restart();
  }

  /** Stops the process by PID (SIGTERM, SIGKILL after 5 s), waits for it and deletes its temp dir. */
  @Override
  public void close() {
    process.close();
    process.deleteFiles();
  }
}
