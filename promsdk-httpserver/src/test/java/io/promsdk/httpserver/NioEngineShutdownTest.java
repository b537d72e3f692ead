package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The NIO engine with a caller's executor that misbehaves in {@code execute} (which runs on the
 * selector thread), and closing: close() keeps its deadline, the in-flight count is released,
 * and what the client is told says what happened.
 */
class NioEngineShutdownTest {
  /** An executor whose {@code execute} does {@code onExecute} instead of running the task. */
  private static ThreadPoolExecutor executor(Consumer<Runnable> onExecute) {
    return new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>()) {
      @Override
      public void execute(Runnable task) {
        onExecute.accept(task);
      }
    };
  }

  private static HTTPServer.Builder server(ThreadPoolExecutor executor, Duration closeTimeout) {
    return HTTPServer.builder().hostname("127.0.0.1").registry(new CollectorRegistry()).executor(executor)
        .closeTimeout(closeTimeout);
  }

  /** An executor that blocks in execute holds the selector; close() still returns at its deadline. */
  @Test
  void closeKeepsItsDeadlineWhileTheSelectorIsHeld() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    ThreadPoolExecutor blocking = executor(task -> {
      held.countDown();
      try {
        Thread.sleep(4000); // Longer than the close timeout; shorter than the old fixed 5 s join.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new RejectedExecutionException("full");
    });
    HTTPServer server = server(blocking, Duration.ofMillis(500)).buildAndStart();
    try (RawHttp http = new RawHttp(server.getPort())) {
      http.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
      long start = System.nanoTime();
      server.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close() with a 500 ms close timeout")
          .isLessThan(Duration.ofMillis(1500));
    } finally {
      blocking.shutdownNow();
    }
  }

  /**
   * An execute that throws something other than RejectedExecutionException: the client gets a
   * 503, and the scrape is not counted in flight for ever (close() would wait its whole timeout).
   */
  @Test
  void anExecutorThatThrowsGets503AndReleasesTheInFlightCount() throws Exception {
    ThreadPoolExecutor broken = executor(task -> {
      throw new IllegalStateException("a broken executor");
    });
    HTTPServer server = server(broken, Duration.ofSeconds(3)).buildAndStart();
    try (RawHttp http = new RawHttp(server.getPort())) {
      RawHttp.Response r = http.exchange("GET", "/metrics");
      assertThat(r.status()).isEqualTo(503);
    } finally {
      long start = System.nanoTime();
      server.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close() waits for no phantom scrape")
          .isLessThan(Duration.ofSeconds(1));
      broken.shutdownNow();
    }
  }

  /** A scrape refused because closing shut the pool down is told the server is shutting down. */
  @Test
  void aScrapeRefusedWhileClosingIsToldTheServerIsShuttingDown() throws Exception {
    HTTPServer[] server = new HTTPServer[1];
    ThreadPoolExecutor closing = executor(task -> {
      Thread closer = new Thread(() -> server[0].close()); // The race: close() starts after dispatch.
      closer.setDaemon(true);
      closer.start();
      try {
        Thread.sleep(300); // close() marks the server closing first thing.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new RejectedExecutionException("shut down");
    });
    server[0] = server(closing, Duration.ofSeconds(2)).buildAndStart();
    try (RawHttp http = new RawHttp(server[0].getPort())) {
      RawHttp.Response r = http.exchange("GET", "/metrics");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.text()).isEqualTo("Shutting down.\n");
    } finally {
      server[0].close();
      closing.shutdownNow();
    }
  }
}
