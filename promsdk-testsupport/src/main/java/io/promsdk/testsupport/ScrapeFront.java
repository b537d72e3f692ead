package io.promsdk.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback front for a metrics endpoint that a real Prometheus scrapes instead of the endpoint:
 * it forwards each GET (with the scraper's {@code Accept} header, or a fixed one), relays the
 * answer uncompressed, and records what was negotiated, so that a test can see which format a
 * scraper asked for and got.
 *
 * <pre>{@code
 * try (ScrapeFront front = ScrapeFront.forward("http://127.0.0.1:" + port + "/metrics");
 *     PrometheusServer prometheus = PrometheusServer.start(
 *         PrometheusServer.scrapeJob("job", front.hostPort()), "--enable-feature=native-histograms")) {
 *   // ... front.scrapes().get(0).contentType()
 * }
 * }</pre>
 */
public final class ScrapeFront implements AutoCloseable {
  /** One relayed scrape: the {@code Accept} header sent on, and the answer's status and {@code Content-Type}. */
  public record Scrape(String accept, int status, String contentType) {}

  private final List<Scrape> scrapes = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final String targetUrl;
  private final String acceptOverride;
  private final HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private ScrapeFront(String targetUrl, String acceptOverride) throws IOException {
    this.targetUrl = targetUrl;
    this.acceptOverride = acceptOverride;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
    server.createContext("/", this::forward);
    server.start();
  }

  /** A front for {@code targetUrl} (a 127.0.0.1 URL) that passes the scraper's Accept header on. */
  public static ScrapeFront forward(String targetUrl) throws IOException {
    return new ScrapeFront(targetUrl, null);
  }

  /** A front for {@code targetUrl} that sends {@code accept} instead of the scraper's header. */
  public static ScrapeFront withAccept(String targetUrl, String accept) throws IOException {
    return new ScrapeFront(targetUrl, accept);
  }

  /** {@code 127.0.0.1:port}, for a scrape job; any path is forwarded to the target URL. */
  public String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The scrapes relayed so far, in order. */
  public List<Scrape> scrapes() {
    return scrapes;
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      String accept = acceptOverride != null ? acceptOverride : exchange.getRequestHeaders().getFirst("Accept");
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(targetUrl)).timeout(Duration.ofSeconds(10)).GET();
      if (accept != null) {
        request.header("Accept", accept);
      }
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      } catch (IOException e) {
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      String contentType = response.headers().firstValue("Content-Type").orElse(null);
      scrapes.add(new Scrape(accept, response.statusCode(), contentType));
      if (contentType != null) {
        exchange.getResponseHeaders().set("Content-Type", contentType);
      }
      byte[] body = response.body();
      exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
