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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Our users' platform in miniature, on 127.0.0.1: accepts a push only with the right token header
 * (401 otherwise) and a body of at most 512,000 bytes (413 otherwise), then forwards it to a real
 * Pushgateway (or remote-write receiver) and relays its answer.
 *
 * <pre>{@code
 * try (PushgatewayServer gateway = PushgatewayServer.start();
 *     TokenFront front = new TokenFront(gateway.baseUrl(), "X-BK-TOKEN", "s3cret")) {
 *   // push to front.hostPort() with the header; front.accepted() lists the tokens let through
 * }
 * }</pre>
 */
public final class TokenFront implements AutoCloseable {
  static final int MAX_BODY_BYTES = 512_000;

  private final List<String> accepted = new CopyOnWriteArrayList<>();
  private final HttpServer server;
  private final String target;
  private final String header;
  private final String token;
  private final HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
      .connectTimeout(Duration.ofSeconds(5)).build();

  public TokenFront(String targetBaseUrl, String header, String token) throws IOException {
    this.target = targetBaseUrl;
    this.header = header;
    this.token = token;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
    server.createContext("/", this::forward);
    server.start();
  }

  /** {@code 127.0.0.1:port}. */
  public String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The tokens of the requests let through, in order. */
  public List<String> accepted() {
    return accepted;
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String given = exchange.getRequestHeaders().getFirst(header);
      if (!token.equals(given)) {
        reply(exchange, 401, "invalid " + header);
        return;
      }
      if (body.length > MAX_BODY_BYTES) {
        reply(exchange, 413, "body too large");
        return;
      }
      accepted.add(given);
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI().getRawPath()))
          .timeout(Duration.ofSeconds(5))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      // What a push or a remote write needs the receiver to see.
      for (String name : List.of("Content-Type", "Content-Encoding", "X-Prometheus-Remote-Write-Version")) {
        String value = exchange.getRequestHeaders().getFirst(name);
        if (value != null) {
          request.header(name, value);
        }
      }
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      reply(exchange, response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void reply(HttpExchange exchange, int status, String text) throws IOException {
    byte[] out = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
