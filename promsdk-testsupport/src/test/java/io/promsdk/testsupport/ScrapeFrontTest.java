package io.promsdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ScrapeFront} relays a scrape and records the Accept header sent on and the Content-Type answered. */
class ScrapeFrontTest {
  private HttpServer target;
  private String url;
  private final HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

  /** A target that answers with the Accept header it got as Content-Type and body. */
  @BeforeEach
  void startTarget() throws Exception {
    target = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
    target.createContext("/metrics", exchange -> {
      String accept = String.valueOf(exchange.getRequestHeaders().getFirst("Accept"));
      byte[] body = ("got " + accept).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "echo/" + accept.length());
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    target.start();
    url = "http://127.0.0.1:" + target.getAddress().getPort() + "/metrics";
  }

  @AfterEach
  void stopTarget() {
    target.stop(0);
  }

  private HttpResponse<String> get(ScrapeFront front, String accept) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://" + front.hostPort() + "/metrics"))
        .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void forwardsTheScrapersAcceptAndRecordsTheAnswer() throws Exception {
    try (ScrapeFront front = ScrapeFront.forward(url)) {
      HttpResponse<String> r = get(front, "application/x;q=1");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("got application/x;q=1");
      assertThat(r.headers().firstValue("Content-Type")).hasValue("echo/17");
      assertThat(front.scrapes()).containsExactly(new ScrapeFront.Scrape("application/x;q=1", 200, "echo/17"));
    }
  }

  @Test
  void sendsItsOwnAcceptWhenGivenOne() throws Exception {
    try (ScrapeFront front = ScrapeFront.withAccept(url, "text/plain")) {
      assertThat(get(front, "application/x").body()).isEqualTo("got text/plain");
      assertThat(front.scrapes()).extracting(ScrapeFront.Scrape::accept).containsExactly("text/plain");
    }
  }
}
