package io.promsdk.instrumentation.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The servlet filter in an embedded Jetty 12 (ee10) on 127.0.0.1; output read by the Python parser. */
@Tag("peers")
class JakartaServletMetricsFilterTest {
  private final CollectorRegistry registry = new CollectorRegistry();
  private final HeldRequest hold = new HeldRequest();
  private Server server;

  @AfterEach
  void stop() throws Exception {
    hold.release();
    if (server != null) {
      server.stop();
    }
  }

  private Client start(HttpServerMetrics metrics) throws Exception {
    server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    FilterHolder filter = new FilterHolder(new JakartaServletMetricsFilter(metrics));
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(status(200)), "/users/*");
    context.addServlet(new ServletHolder(status(200)), "/a");
    context.addServlet(new ServletHolder(status(200)), "/b");
    context.addServlet(new ServletHolder(status(200)), "/c");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        // What Spring MVC's DispatcherServlet does once a @GetMapping matched.
        req.setAttribute(JakartaServletMetricsFilter.SPRING_BEST_MATCHING_PATTERN, "/api/items/{id}");
        resp.setStatus(204);
      }
    }), "/api/*");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
        throw new IllegalArgumentException("bad input");
      }
    }), "/boom");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        hold.holdHere();
        resp.getWriter().write("done");
      }
    }), "/hold");
    ServletHolder async = new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        AsyncContext later = req.startAsync();
        later.start(() -> { // the status is set after the filter's chain returned
          hold.holdHere();
          ((HttpServletResponse) later.getResponse()).setStatus(202);
          later.complete();
        });
      }
    });
    async.setAsyncSupported(true);
    context.addServlet(async, "/async");
    server.setHandler(context);
    server.start();
    return new Client(((NetworkConnector) server.getConnectors()[0]).getLocalPort());
  }

  private static HttpServlet status(int status) {
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        resp.setStatus(status);
      }
    };
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
