package io.promsdk.instrumentation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The recorder's label rules and cap, without a server. */
class HttpServerMetricsTest {
  private final CollectorRegistry registry = new CollectorRegistry();

  @Test
  void uriFollowsSpringsRulesForMissingRoutes() {
    HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
    assertThat(metrics.uri("/users/{id}", "/users/1", 200)).isEqualTo("/users/{id}");
    assertThat(metrics.uri("", "/", 200)).isEqualTo("root");
    assertThat(metrics.uri(null, "/x", 404)).isEqualTo("NOT_FOUND");
    assertThat(metrics.uri(null, "/x", 302)).isEqualTo("REDIRECTION");
    assertThat(metrics.uri(null, "/x", 200)).isEqualTo("UNKNOWN");
    assertThat(metrics.uri(null, "/x", 500)).isEqualTo("UNKNOWN");
  }

  @Test
  void rawPathsBecomeLabelsOnlyWhenOptedIn() {
    HttpServerMetrics metrics = HttpServerMetrics.builder().rawPathForUnmatchedRoutes(true)
        .register(registry);
    assertThat(metrics.uri(null, "/x/1", 404)).isEqualTo("/x/1");
    assertThat(metrics.uri("/x/{id}", "/x/1", 200)).isEqualTo("/x/{id}");
  }

  @Test
  void methodsStatusesAndOutcomesAreBounded() {
    assertThat(MethodText.of("BREW")).isEqualTo("UNKNOWN");
    assertThat(MethodText.of("CONNECT")).isEqualTo("UNKNOWN"); // not in Spring's HttpMethod
    assertThat(MethodText.of("PATCH")).isEqualTo("PATCH");
    assertThat(MethodText.of(new String("GET"))).isSameAs(MethodText.of("GET"));
    assertThat(StatusText.of(99)).isEqualTo("UNKNOWN");
    assertThat(StatusText.of(600)).isEqualTo("UNKNOWN");
    assertThat(StatusText.of(503)).isEqualTo("503");
    assertThat(Outcome.of(101)).isEqualTo(Outcome.INFORMATIONAL);
    assertThat(Outcome.of(299)).isEqualTo(Outcome.SUCCESS);
    assertThat(Outcome.of(300)).isEqualTo(Outcome.REDIRECTION);
    assertThat(Outcome.of(499)).isEqualTo(Outcome.CLIENT_ERROR);
    assertThat(Outcome.of(500)).isEqualTo(Outcome.SERVER_ERROR);
    assertThat(Outcome.of(600)).isEqualTo(Outcome.UNKNOWN);
  }

  @Test
  void anonymousExceptionsAreNamedByTheirFullClassName() {
    RuntimeException anonymous = new RuntimeException() {};
    assertThat(HttpServerMetrics.exceptionName(new IllegalStateException()))
        .isEqualTo("IllegalStateException");
    assertThat(HttpServerMetrics.exceptionName(anonymous)).isEqualTo(anonymous.getClass().getName());
  }

  @Test
  void aCachedLabelSetIsFoundAgainNotCreatedAgain() {
    HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
    HttpServerMetrics.Series first = metrics.series("GET", "/a", "200", "none");
    assertThat(metrics.series("GET", "/a", "200", new String("none"))).isSameAs(first);
    assertThat(metrics.series("GET", "/a", "404", "none")).isNotSameAs(first);
    assertThat(metrics.labelSets()).isEqualTo(2);
  }

  @Test
  void theCapHoldsExactlyUnderConcurrentNewRoutes() throws Exception {
    HttpServerMetrics metrics = HttpServerMetrics.builder().rawPathForUnmatchedRoutes(true)
        .maxLabelSets(50).register(registry);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        tasks.add(() -> {
          for (int i = 0; i < 200; i++) {
            metrics.requestFinished(metrics.requestStarted(), "GET", null,
                "/scan/" + thread + "/" + i, 404, null, -1, -1);
          }
          return null;
        });
      }
      for (Future<Void> done : pool.invokeAll(tasks)) {
        done.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(metrics.labelSets()).isEqualTo(50);
    assertThat(metrics.series("GET", "/scan/0/199", "404", "none").duration)
        .isSameAs(metrics.series("GET", "OVERFLOW", "404", "none").duration);
    assertThat(metrics.inFlight()).isZero();
  }

  @Test
  void theCapCountsLabelSetsNotRoutes() {
    HttpServerMetrics metrics = HttpServerMetrics.builder().maxLabelSets(2).register(registry);
    HttpServerMetrics.Series ok = metrics.series("GET", "/a", "200", "none");
    HttpServerMetrics.Series missing = metrics.series("GET", "/a", "404", "none");
    HttpServerMetrics.Series third = metrics.series("GET", "/a", "500", "none");

    assertThat(ok).isNotSameAs(missing);
    assertThat(third).isSameAs(metrics.series("GET", "OVERFLOW", "500", "none"));
    assertThat(metrics.labelSets()).isEqualTo(2);
  }

  @Test
  void aCapBelowOneIsRefused() {
    assertThatThrownBy(() -> HttpServerMetrics.builder().maxLabelSets(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLabelSets");
  }

  @Test
  void aLabelSetBeyondTheCapTakesNoLockOnItsRoute() throws Exception {
    HttpServerMetrics metrics = HttpServerMetrics.builder().maxLabelSets(1).register(registry);
    metrics.series("GET", "/a", "200", "none"); // the one label set below the cap
    java.lang.reflect.Field routes = HttpServerMetrics.class.getDeclaredField("routes");
    routes.setAccessible(true);
    Object route = ((java.util.Map<?, ?>) routes.get(metrics)).get("/a");
    java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    Thread holder = new Thread(() -> {
      synchronized (route) {
        held.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    holder.start();
    java.util.concurrent.ExecutorService recorder = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      held.await();
      java.util.concurrent.Future<HttpServerMetrics.Series> beyond =
          recorder.submit(() -> metrics.series("GET", "/a", "500", "none"));
      assertThat(beyond.get(5, java.util.concurrent.TimeUnit.SECONDS))
          .isSameAs(metrics.series("GET", "OVERFLOW", "500", "none"));
    } finally {
      release.countDown();
      holder.join();
      recorder.shutdownNow();
    }
  }
}
