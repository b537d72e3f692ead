package io.promsdk.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A long-running server process on a free 127.0.0.1 port, with its own temp directory that
 * holds its log and data. Closing stops it by PID and deletes the directory.
 */
final class ManagedProcess implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  private static final int START_ATTEMPTS = 3;
  private static final int LOG_TAIL_LINES = 40;

  private final String name;
  private final Path workDir;
  private final Path logFile;
  private final int port;
  private final Process process;
  private final List<String> command;
  private final String readyPath;
  private final Thread shutdownHook;
  private boolean closed;

  private ManagedProcess(String name, Path workDir, int port, Process process, List<String> command,
      String readyPath) {
    this.name = name;
    this.workDir = workDir;
    this.logFile = logFile(name, workDir);
    this.port = port;
    this.process = process;
    this.command = command;
    this.readyPath = readyPath;
    // Kills the server if a test forgets close() or the JVM is shut down mid-test, so no
    // orphan keeps a port or CPU after the build.
    this.shutdownHook = new Thread(process::destroyForcibly, name + "-killer");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code command.apply(port)} in {@code workDir} on a free port and waits until
   * {@code GET http://127.0.0.1:port/-/ready} answers 200. Retries on a new port if another
   * process took the chosen one in between. Deletes {@code workDir} if it cannot start.
   */
  static ManagedProcess start(String name, Path workDir, IntFunction<List<String>> command) {
    return start(name, workDir, "/-/ready", command);
  }

  /** As {@link #start(String, Path, IntFunction)}, ready when {@code GET readyPath} answers 200. */
  static ManagedProcess start(String name, Path workDir, String readyPath,
      IntFunction<List<String>> command) {
    try {
      for (int attempt = 1; ; attempt++) {
        int port = FreePorts.find();
        ManagedProcess started = launch(name, workDir, port, command.apply(port), readyPath);
        try {
          started.awaitReady();
          return started;
        } catch (IllegalStateException e) {
          String log = started.logTail();
          started.stopProcess();
          if (attempt < START_ATTEMPTS && log.contains("address already in use")) {
            continue;
          }
          throw e;
        }
      }
    } catch (RuntimeException e) {
      deleteRecursively(workDir);
      throw e;
    }
  }

  /**
   * Stops this process, keeping its directory (data, log), and starts the same command again on
   * the same port; for tests of a peer that goes away and comes back. The log is appended to.
   *
   * @return the new process; this one is closed (without deleting the directory)
   */
  synchronized ManagedProcess restart() {
    stopKeepingFiles();
    ManagedProcess again = launch(name, workDir, port, command, readyPath);
    try {
      again.awaitReady();
    } catch (RuntimeException e) {
      // Not ready (the port taken meanwhile, a crash): do not leave it running until the JVM
      // exits; keep the directory, whose log the message shows and close() deletes.
      again.stopKeepingFiles();
      throw e;
    }
    return again;
  }

  /** Stops the process (as {@link #close}) but keeps its directory, for a {@link #restart}. */
  synchronized void stopKeepingFiles() {
    if (!closed) {
      closed = true;
      stopProcess();
    }
  }

  /** Deletes the directory of a process stopped by {@link #stopKeepingFiles}. */
  void deleteFiles() {
    deleteRecursively(workDir);
  }

  private static ManagedProcess launch(String name, Path workDir, int port, List<String> cmd,
      String readyPath) {
    ProcessBuilder builder =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(name, workDir).toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      return new ManagedProcess(name, workDir, port, builder.start(), List.copyOf(cmd), readyPath);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start " + cmd.get(0) + " (install it with scripts/test): " + e.getMessage(), e);
    }
  }

  private static Path logFile(String name, Path workDir) {
    return workDir.resolve(name + ".log");
  }

  private void awaitReady() {
    String url = baseUrl() + readyPath;
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String lastProblem = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with code " + process.exitValue() + " before it was ready" + logTailBlock());
      }
      try {
        Http.Response response = Http.get(url);
        if (response.status() == 200) {
          return;
        }
        lastProblem = "HTTP " + response.status();
      } catch (IOException e) {
        lastProblem = e.toString(); // typically connection refused while it is still starting
      }
      sleep(50);
    }
    throw new IllegalStateException(
        name + " was not ready within " + READY_TIMEOUT + " (" + lastProblem + ")" + logTailBlock());
  }

  int port() {
    return port;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  Path workDir() {
    return workDir;
  }

  Path logFile() {
    return logFile;
  }

  long pid() {
    return process.pid();
  }

  /** GETs a path of this server; a dead server is reported with the tail of its log. */
  Http.Response get(String pathAndQuery) {
    try {
      return Http.get(baseUrl() + pathAndQuery);
    } catch (IOException e) {
      String state =
          process.isAlive() ? "is running" : "has exited with code " + process.exitValue();
      throw new IllegalStateException(
          "GET " + pathAndQuery + " on " + name + " failed (" + e + "); the process " + state
              + logTailBlock(),
          e);
    }
  }

  /** Like {@link #get} but requires HTTP 200 and returns the body. */
  String getOk(String pathAndQuery) {
    Http.Response response = get(pathAndQuery);
    if (response.status() != 200) {
      throw new IllegalStateException(
          "GET " + pathAndQuery + " on " + name + " returned HTTP " + response.status() + ": "
              + response.body());
    }
    return response.body();
  }

  /** The last lines the process wrote to stdout/stderr, or a note why there are none. */
  String logTail() {
    try {
      String log = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8);
      String[] lines = log.split("\n");
      return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - LOG_TAIL_LINES), lines.length));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  String logTailBlock() {
    return "\n--- last lines of " + logFile + " ---\n" + logTail() + "\n---";
  }

  /** Stops the process (SIGTERM, then SIGKILL after a grace period) and deletes its directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopProcess();
    deleteRecursively(workDir);
  }

  private void stopProcess() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook runs anyway.
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static Path createWorkDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
