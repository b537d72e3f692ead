package io.promsdk.instrumentation.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.httpserver.HTTPServer;
import io.promsdk.httpserver.RequestListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link HttpServerMetrics} as promsdk-httpserver's {@link RequestListener}, by method references
 * (as its README shows), on both engines: real requests on 127.0.0.1, the output read by the
 * Python parser.
 */
@Tag("peers")
class HTTPServerRequestMetricsTest {
  @ParameterizedTest
  @EnumSource(HTTPServer.Engine.class)
  void theExportersOwnRequestsAreRecordedByRoute(HTTPServer.Engine engine) throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
    try (HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(registry)
        .engine(engine)
        .requestListener(RequestListener.of(metrics::requestStarted, metrics::requestFinished))
        .buildAndStart()) {
      Client client = new Client(server.getPort());
      // The scrape reads the gauge while it is itself in flight.
      assertThat(scrape(server)).contains("http_server_requests_in_flight 1.0");
      assertThat(client.get("/-/healthy")).isEqualTo(200);
      assertThat(client.get("/users/1")).isEqualTo(404);
      assertThat(client.get("/users/2?q=x")).isEqualTo(404);
      assertThat(client.post("/metrics")).isEqualTo(405);

      Scraped scraped = Scraped.afterIdle(metrics, registry);
      assertThat(scraped.requests("GET", "/metrics", "200", "SUCCESS", "none")).isEqualTo(1.0);
      assertThat(scraped.requests("GET", "/-/healthy", "200", "SUCCESS", "none")).isEqualTo(1.0);
      assertThat(scraped.requests("GET", "NOT_FOUND", "404", "CLIENT_ERROR", "none")).isEqualTo(2.0);
      assertThat(scraped.requests("POST", "/metrics", "405", "CLIENT_ERROR", "none")).isEqualTo(1.0);
      assertThat(scraped.uris()).containsExactly("/-/healthy", "/metrics", "NOT_FOUND");
      assertThat(scraped.value("http_server_requests_in_flight", Map.of())).isEqualTo(0.0);
    }
  }

  private static String scrape(HTTPServer server) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.getPort() + "/metrics")).build();
    HttpResponse<String> response = HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
