package io.promsdk.instrumentation.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A handler that waits in the server until released (at most 10 s), for the in-flight gauge. */
final class HeldRequest {
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  /** Called by the handler: signals that it runs, then waits for {@link #release()}. */
  void holdHere() {
    held.countDown();
    try {
      release.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits (at most 10 s) until a handler holds. */
  boolean awaitHeld() throws InterruptedException {
    return held.await(10, TimeUnit.SECONDS);
  }

  void release() {
    release.countDown();
  }

  /** Sends a GET to {@code path}, whose handler holds: the gauge is 1 while held, 0 after. */
  void assertInFlightWhileHeld(Client client, String path, HttpServerMetrics metrics,
      CollectorRegistry registry) throws Exception {
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> status = sender.submit(() -> client.get(path));
      assertThat(awaitHeld()).isTrue();
      assertThat(Scraped.of(registry).value("http_server_requests_in_flight", Map.of()))
          .isEqualTo(1.0);

      release();
      assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(200);
      assertThat(Scraped.afterIdle(metrics, registry)
          .value("http_server_requests_in_flight", Map.of())).isEqualTo(0.0);
    } finally {
      sender.shutdownNow();
    }
  }
}
