package io.promsdk.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived command with a given stdin and collects its output. */
final class Exec {

  record Output(int exitCode, String stdout, String stderr) {}

  private Exec() {}

  static Output run(List<String> command, String stdin, Duration timeout, boolean mergeStderr) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(mergeStderr);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
    // Drain both pipes on own threads while stdin is written, so no pipe buffer can fill up and
    // deadlock; not the common pool, which may have a single thread on a 2-core machine.
    FutureTask<String> stdout = drain(process.getInputStream(), command.get(0) + "-stdout");
    FutureTask<String> stderr = drain(process.getErrorStream(), command.get(0) + "-stderr");
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    } catch (IOException ignored) {
      // The tool may exit before reading all input (promtool stops at the first parse error);
      // its exit code and output tell what happened.
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor();
        throw new IllegalStateException(command.get(0) + " did not finish within " + timeout);
      }
      return new Output(process.exitValue(), stdout.get(), stderr.get());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot read the output of " + command.get(0), e.getCause());
    }
  }

  private static FutureTask<String> drain(InputStream stream, String threadName) {
    FutureTask<String> task =
        new FutureTask<>(
            () -> {
              try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    Thread thread = new Thread(task, threadName);
    thread.setDaemon(true);
    thread.start();
    return task;
  }
}
