package io.promsdk.instrumentation.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a servlet metrics filter records in a real container, the same for jakarta and javax: a
 * subclass deploys the filter on {@code /*} in front of these servlets, on 127.0.0.1, and the output
 * is read by the Python parser.
 * <ul>
 *   <li>{@code /users/*}, {@code /a}, {@code /b}, {@code /c}: GET answers 200;
 *   <li>{@code /api/*}: sets {@link ServletApi#SPRING_BEST_MATCHING_PATTERN} to {@code
 *       /api/items/{id}} as Spring MVC does, and answers 204;
 *   <li>{@code /boom}: POST throws {@code IllegalArgumentException("bad input")};
 *   <li>{@code /hold}: GET calls {@code hold.holdHere()}, then writes "done";
 *   <li>{@code /async} (async supported, as is the filter): GET starts async processing, whose
 *       task calls {@code hold.holdHere()}, sets 202 and completes.
 * </ul>
 */
abstract class ServletMetricsFilterContract {
  protected final CollectorRegistry registry = new CollectorRegistry();
  protected final HeldRequest hold = new HeldRequest();

  /** Starts the container with the filter over {@code metrics} and the servlets above. */
  protected abstract Client start(HttpServerMetrics metrics) throws Exception;

  /** Stops the container, if started. */
  protected abstract void stopServer() throws Exception;

  @AfterEach
  void stop() throws Exception {
    hold.release();
    stopServer();
  }

  @Test
  void servletPatternAndFrameworkTemplateBecomeTheUri() throws Exception {
    HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
    Client client = start(metrics);
    assertThat(client.get("/users/1")).isEqualTo(200);
    assertThat(client.get("/users/2")).isEqualTo(200);
    assertThat(client.get("/api/items/9")).isEqualTo(204);

    Scraped scraped = Scraped.afterIdle(metrics, registry);
    assertThat(scraped.requests("GET", "/users/*", "200", "SUCCESS", "none")).isEqualTo(2.0);
    assertThat(scraped.requests("GET", "/api/items/{id}", "204", "SUCCESS", "none")).isEqualTo(1.0);
    assertThat(scraped.text).doesNotContain("/users/1").doesNotContain("/api/items/9");
  }

  @Test
  void notFoundFoldsIntoOneUriAndExceptionsAreLabelled() throws Exception {
    HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
    Client client = start(metrics);
    assertThat(client.get("/missing/1")).isEqualTo(404);
    assertThat(client.get("/missing/2")).isEqualTo(404);
    assertThat(client.post("/boom")).isEqualTo(500);

    Scraped scraped = Scraped.afterIdle(metrics, registry);
    assertThat(scraped.requests("GET", "NOT_FOUND", "404", "CLIENT_ERROR", "none")).isEqualTo(2.0);
    assertThat(scraped.requests("POST", "/boom", "500", "SERVER_ERROR", "IllegalArgumentException"))
        .isEqualTo(1.0);
    assertThat(scraped.uris()).containsExactly("/boom", "NOT_FOUND");
  }

  @Test
  void inFlightGaugeCountsAHeldRequestAndReturnsToZero() throws Exception {
    HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
    Client client = start(metrics);
    hold.assertInFlightWhileHeld(client, "/hold", metrics, registry);
  }

  @Test
  void anAsyncRequestIsRecordedWhenItCompletes() throws Exception {
    HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
    Client client = start(metrics);
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> status = sender.submit(() -> client.get("/async"));
      // The filter's chain has returned; the request is in flight, not yet recorded.
      assertThat(hold.awaitHeld()).isTrue();
      assertThat(metrics.inFlight()).isEqualTo(1.0);
      hold.release();
      assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(202);
    } finally {
      sender.shutdownNow();
    }

    Scraped scraped = Scraped.afterIdle(metrics, registry);
    assertThat(scraped.requests("GET", "/async", "202", "SUCCESS", "none")).isEqualTo(1.0);
    assertThat(scraped.uris()).containsExactly("/async");
  }

  @Test
  void labelSetsBeyondTheCapAreRecordedUnderTheOverflowUri() throws Exception {
    HttpServerMetrics metrics = HttpServerMetrics.builder().maxLabelSets(2).register(registry);
    Client client = start(metrics);
    for (String path : new String[] {"/a", "/b", "/c", "/c", "/a"}) {
      assertThat(client.get(path)).isEqualTo(200);
    }

    Scraped scraped = Scraped.afterIdle(metrics, registry);
    assertThat(scraped.uris()).containsExactly("/a", "/b", "OVERFLOW");
    assertThat(scraped.requests("GET", "/a", "200", "SUCCESS", "none")).isEqualTo(2.0);
    assertThat(scraped.requests("GET", "OVERFLOW", "200", "SUCCESS", "none")).isEqualTo(2.0);
  }
}
