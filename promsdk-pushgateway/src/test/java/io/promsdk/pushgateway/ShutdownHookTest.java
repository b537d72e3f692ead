package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.testsupport.FreePorts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler's shutdown hook in a real child JVM that calls {@code System.exit}: it reports a
 * failed final push on stderr, and keeps the close timeout while a collector hangs. Every
 * gateway address is a closed 127.0.0.1 port.
 */
@Tag("peers")
class ShutdownHookTest {
  private static final String EXITING = "calling System.exit";

  @TempDir Path dir;

  @Test
  void aFailedFinalPushReachesStderrThoughLoggingIsAlreadyReset() throws Exception {
    int port = FreePorts.find();
    Child child = run("dead", port);
    assertThat(child.exitedWithin).as("the JVM exited").isNotNull();
    assertThat(child.stderr)
        .contains("promsdk PushScheduler (JVM shutdown) WARNING: the final push to the gateway failed",
            "PUT http://127.0.0.1:" + port + "/metrics/job/hook");
  }

  @Test
  void theHookKeepsTheCloseTimeoutWhileACollectorHangs() throws Exception {
    Child child = run("hang", FreePorts.find());
    // closeTimeout is 2 s; the collector would hang for 20 s.
    assertThat(child.exitedWithin).as("the JVM exited").isNotNull()
        .isLessThan(Duration.ofSeconds(3));
    assertThat(child.stderr).contains("the final push to the gateway failed", "is still running",
        "hanging in " + PushDeadlineTest.HangingCollector.class.getName());
  }

  private record Child(Duration exitedWithin, String stderr) {}

  /** Runs {@link Main}; times from its "calling System.exit" line to the end of the process. */
  private Child run(String mode, int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path stderr = dir.resolve("stderr.txt");
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), mode, "127.0.0.1:" + port)
        .redirectError(stderr.toFile()).start();
    try {
      long exitAt = 0;
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.equals(EXITING)) {
            exitAt = System.nanoTime();
            break;
          }
        }
        assertThat(exitAt).as("the child reached System.exit").isNotZero();
        boolean exited = process.waitFor(20, TimeUnit.SECONDS);
        Duration took = exited ? Duration.ofNanos(System.nanoTime() - exitAt) : null;
        return new Child(took, Files.readString(stderr, StandardCharsets.UTF_8));
      }
    } finally {
      process.destroyForcibly();
    }
  }

  /**
   * {@code dead}: pushes to a closed port, then exits. {@code hang}: exits while its first tick
   * collects a registry whose collector hangs for 20 s, ignoring interrupts.
   */
  static final class Main {
    public static void main(String[] args) throws Exception {
      CollectorRegistry registry = new CollectorRegistry();
      Counter.builder().name("api_called_total").help("h").register(registry).inc();
      PushDeadlineTest.HangingCollector hanging = new PushDeadlineTest.HangingCollector();
      if (args[0].equals("hang")) {
        registry.register(hanging);
      }
      PushGateway pg = PushGateway.builder().address(args[1]).job("hook").registry(registry)
          .connectTimeout(Duration.ofMillis(300)).requestTimeout(Duration.ofSeconds(10)).build();
      PushScheduler scheduler = PushScheduler.builder(pg).interval(Duration.ofHours(1))
          .initialBackoff(Duration.ofMillis(50)).closeTimeout(Duration.ofSeconds(2)).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline
          && (args[0].equals("hang") ? hanging.entered() < 1
              : scheduler.metrics.failures.labelValues("connect").get() < 1)) {
        Thread.sleep(10);
      }
      System.out.println(EXITING);
      System.out.flush();
      System.exit(0);
    }
  }
}
