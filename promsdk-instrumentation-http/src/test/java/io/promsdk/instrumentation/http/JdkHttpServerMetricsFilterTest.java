package io.promsdk.instrumentation.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.promsdk.core.CollectorRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The JDK HttpServer filter on a real server on 127.0.0.1; output read by the Python parser. */
@Tag("peers")
class JdkHttpServerMetricsFilterTest {
  private final CollectorRegistry registry = new CollectorRegistry();
  private final HttpServerMetrics metrics = HttpServerMetrics.builder()
      .requestSizeBuckets(10, 100).responseSizeBuckets(10, 100, 1000).register(registry);
  private final HeldRequest hold = new HeldRequest();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private HttpServer server;
  private Client client;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(pool);
    JdkHttpServerMetricsFilter byContext = new JdkHttpServerMetricsFilter(metrics);
    // A handler dispatching by path itself tells the filter its template.
    server.createContext("/users", respond(200)).getFilters().add(new JdkHttpServerMetricsFilter(
        metrics, ex -> ex.getRequestURI().getPath().matches("/users/\\d+") ? "/users/{id}" : null));
    server.createContext("/orders", respond(201)).getFilters().add(byContext);
    server.createContext("/boom", ex -> {
      throw new IllegalStateException("handler failed");
    }).getFilters().add(byContext);
    server.createContext("/hold", ex -> {
      hold.holdHere();
      respond(200).handle(ex);
    }).getFilters().add(byContext);
    server.createContext("/", respond(404)).getFilters().add(byContext);
    server.createContext("/badroute", respond(200)).getFilters().add(new JdkHttpServerMetricsFilter(
        metrics, ex -> {
          throw new IllegalStateException("resolver failed");
        }));
    server.start();
    client = new Client(server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    hold.release();
    server.stop(0);
    pool.shutdownNow();
  }

  private static HttpHandler respond(int status) {
    return (HttpExchange ex) -> {
      byte[] body = "hello".getBytes();
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    };
  }

  @Test
  void requestsAreLabelledByTemplateNeverByRawPath() throws Exception {
    assertThat(client.get("/users/1")).isEqualTo(200);
    assertThat(client.get("/users/2")).isEqualTo(200);
    assertThat(client.get("/users/3")).isEqualTo(200);
    assertThat(client.get("/orders/7")).isEqualTo(201);
    assertThat(client.post("/orders/8")).isEqualTo(201); // a body of 1 byte

    Scraped scraped = Scraped.afterIdle(metrics, registry);
    assertThat(scraped.requests("GET", "/users/{id}", "200", "SUCCESS", "none")).isEqualTo(3.0);
    assertThat(scraped.requests("GET", "/orders", "201", "SUCCESS", "none")).isEqualTo(1.0);
    assertThat(scraped.text).doesNotContain("/users/1").doesNotContain("/orders/7");
    assertThat(scraped.value("http_server_response_size_bytes_sum", Map.of("method", "GET",
        "uri", "/users/{id}", "status", "200", "outcome", "SUCCESS", "exception", "none")))
        .isEqualTo(15.0);
    assertThat(scraped.value("http_server_request_size_bytes_sum", Map.of("method", "POST",
        "uri", "/orders", "status", "201", "outcome", "SUCCESS", "exception", "none")))
        .isEqualTo(1.0);
  }

  @Test
  void unmatchedPathsFoldIntoNotFound() throws Exception {
    assertThat(client.get("/no/such/a")).isEqualTo(404);
    assertThat(client.get("/no/such/b")).isEqualTo(404);
    assertThat(client.get("/users/not-a-number")).isEqualTo(200);

    Scraped scraped = Scraped.afterIdle(metrics, registry);
    assertThat(scraped.requests("GET", "NOT_FOUND", "404", "CLIENT_ERROR", "none")).isEqualTo(2.0);
    assertThat(scraped.requests("GET", "UNKNOWN", "200", "SUCCESS", "none")).isEqualTo(1.0);
    assertThat(scraped.uris()).containsExactly("NOT_FOUND", "UNKNOWN");
  }

  @Test
  void escapedExceptionIsLabelledWithItsSimpleClassName() throws Exception {
    client.post("/boom");

    Scraped scraped = Scraped.afterIdle(metrics, registry);
    assertThat(scraped.requests("POST", "/boom", "500", "SERVER_ERROR", "IllegalStateException"))
        .isEqualTo(1.0);
  }

  @Test
  void aThrowingRouteResolverStillRecordsTheRequestAndCountsItOut() throws Exception {
    client.post("/badroute");

    Scraped scraped = Scraped.afterIdle(metrics, registry);
    assertThat(metrics.inFlight()).isZero();
    assertThat(scraped.requests("POST", "UNKNOWN", "200", "SUCCESS", "none")).isEqualTo(1.0);
  }

  @Test
  void inFlightGaugeCountsAHeldRequestAndReturnsToZero() throws Exception {
    hold.assertInFlightWhileHeld(client, "/hold", metrics, registry);
  }
}
