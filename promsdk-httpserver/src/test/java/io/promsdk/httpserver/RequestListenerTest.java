package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.exporter.common.testing.Scraper;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link HTTPServer.Builder#requestListener}: real requests to a real server on 127.0.0.1, on both
 * engines; the listener records its calls (promsdk-instrumentation-http's test feeds a real
 * {@code HttpServerMetrics} instead).
 */
@Tag("peers")
class RequestListenerTest {
  /** One requestFinished call. */
  record Call(long start, String method, String route, String rawPath, int status,
      Throwable failure, long requestBytes, long responseBytes) {}

  /** Numbers the requests it is told of, and records what it is told when they finish. */
  static final class Recording implements RequestListener {
    final AtomicInteger started = new AtomicInteger();
    final List<Call> finished = new CopyOnWriteArrayList<>();

    @Override
    public long requestStarted() {
      return started.incrementAndGet();
    }

    @Override
    public void requestFinished(long start, String method, String route, String rawPath,
        int status, Throwable failure, long requestBytes, long responseBytes) {
      finished.add(new Call(start, method, route, rawPath, status, failure, requestBytes,
          responseBytes));
    }

    /** Waits (at most 5 s) for {@code n} finished calls: the client may see an answer first. */
    List<Call> await(int n) throws InterruptedException {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (finished.size() < n && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      return List.copyOf(finished);
    }
  }

  private final Scraper scraper = new Scraper();

  private static HTTPServer start(HTTPServer.Engine engine, RequestListener listener) throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.builder().name("test_up").help("Up.").register(registry).set(1);
    return HTTPServer.builder().hostname("127.0.0.1").registry(registry).engine(engine)
        .requestListener(listener).buildAndStart();
  }

  @ParameterizedTest
  @EnumSource(HTTPServer.Engine.class)
  void tellsTheListenerOfEachRequestWithTheExportersOwnRoute(HTTPServer.Engine engine) throws Exception {
    Recording listener = new Recording();
    try (HTTPServer server = start(engine, listener)) {
      String base = "http://127.0.0.1:" + server.getPort();
      assertThat(scraper.get(base + "/metrics").status()).isEqualTo(200);
      assertThat(listener.await(1)).hasSize(1); // one at a time: the order below is the calls' order
      assertThat(scraper.send("HEAD", base + "/metrics").status()).isEqualTo(200);
      assertThat(listener.await(2)).hasSize(2);
      assertThat(scraper.get(base + "/-/healthy").status()).isEqualTo(200);
      assertThat(listener.await(3)).hasSize(3);
      assertThat(scraper.get(base + "/users/42?x=1").status()).isEqualTo(404);
      assertThat(listener.await(4)).hasSize(4);
      assertThat(scraper.send("POST", base + "/metrics").status()).isEqualTo(405);

      List<Call> calls = listener.await(5);
      assertThat(calls).extracting(Call::method, Call::route, Call::status).containsExactly(
          org.assertj.core.groups.Tuple.tuple("GET", "/metrics", 200),
          org.assertj.core.groups.Tuple.tuple("HEAD", "/metrics", 200),
          org.assertj.core.groups.Tuple.tuple("GET", "/-/healthy", 200),
          org.assertj.core.groups.Tuple.tuple("GET", null, 404),
          org.assertj.core.groups.Tuple.tuple("POST", "/metrics", 405));
      // Each finish gets its own start's token; no raw path, no request body, no failure.
      assertThat(calls).extracting(Call::start).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(calls).allSatisfy(f -> {
        assertThat(f.rawPath()).isNull();
        assertThat(f.requestBytes()).isEqualTo(-1);
        assertThat(f.failure()).isNull();
      });
      assertThat(calls.get(1).responseBytes()).isZero(); // HEAD
      assertThat(calls.get(2).responseBytes()).isEqualTo("Exporter is healthy.\n".length());
      assertThat(listener.started.get()).isEqualTo(5);
    }
  }

  @ParameterizedTest
  @EnumSource(HTTPServer.Engine.class)
  void aThrowingListenerNeverChangesAnAnswer(HTTPServer.Engine engine) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RequestListener throwing = RequestListener.of(() -> {
      calls.incrementAndGet();
      throw new IllegalStateException("listener broken at start");
    }, (start, method, route, rawPath, status, failure, requestBytes, responseBytes) -> {
      calls.incrementAndGet();
      throw new IllegalStateException("listener broken at finish");
    });
    try (HTTPServer server = start(engine, throwing)) {
      String base = "http://127.0.0.1:" + server.getPort();
      for (int i = 0; i < 3; i++) { // the same keep-alive connections, again and again
        Scraper.Response scrape = scraper.get(base + "/metrics");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.text()).contains("test_up 1.0");
        assertThat(scraper.get(base + "/-/healthy").status()).isEqualTo(200);
        assertThat(scraper.get(base + "/nope").status()).isEqualTo(404);
      }
    }
    assertThat(calls.get()).isEqualTo(18); // both halves were called for all 9 requests
  }

  /**
   * An Error out of the listener (a NoClassDefFoundError of a broken classpath, an AssertionError)
   * is a listener's failure like an exception: before, on the NIO engine it killed the selector at
   * the first non-scrape answer (the server stopped serving) and left a scrape's connection and
   * in-flight count behind; on the JDK engine the in-flight count, so that close() waited its
   * whole deadline.
   */
  @ParameterizedTest
  @EnumSource(HTTPServer.Engine.class)
  void aListenerThrowingAnErrorNeverChangesAnAnswerNorHoldsTheClose(HTTPServer.Engine engine)
      throws Exception {
    AtomicInteger finished = new AtomicInteger();
    RequestListener throwing = RequestListener.of(System::nanoTime,
        (start, method, route, rawPath, status, failure, requestBytes, responseBytes) -> {
          finished.incrementAndGet();
          throw new AssertionError("listener broken at finish");
        });
    HTTPServer server = start(engine, throwing);
    try {
      String base = "http://127.0.0.1:" + server.getPort();
      for (int i = 0; i < 3; i++) {
        assertThat(scraper.get(base + "/-/healthy").status()).isEqualTo(200);
        Scraper.Response scrape = scraper.get(base + "/metrics");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.text()).contains("test_up 1.0");
      }
    } finally {
      long closing = System.nanoTime();
      server.close();
      // Nothing left in flight: close() has no request to wait for (its deadline is seconds).
      assertThat(System.nanoTime() - closing).isLessThan(2_000_000_000L);
    }
    assertThat(finished.get()).isEqualTo(6);
  }
}
