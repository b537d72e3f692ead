package io.promsdk.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.promsdk.exporter.common.push.Secret;
import io.promsdk.exporter.common.push.SenderClock;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A receiver that echoes the bare credentials of a refused request gets them masked. */
class HttpWriterMaskingTest {

  @Test
  void theBareTokenAndTheBasicAuthPasswordAreMaskedInAnEchoedBody() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String credentials = auth.substring(auth.indexOf(' ') + 1);
        String shown = auth.startsWith("Basic ")
            ? new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8) : credentials;
        byte[] body = ("bad credentials " + shown).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(401, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
      RequestBuffer request = new RequestBuffer(16);
      request.setLength(0);
      for (String authorization : List.of("Bearer s3cr3t-token",
          "Basic " + Base64.getEncoder().encodeToString("user:pa55word".getBytes(StandardCharsets.UTF_8)))) {
        HttpWriter writer = new HttpWriter(HttpClient.newHttpClient(), uri,
            List.of(Map.entry("Authorization", new Secret(authorization))), null, SenderClock.system());
        HttpWriter.Response response = writer.post(RemoteWriteProtocol.V1, request, Duration.ofSeconds(5));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).startsWith("bad credentials ")
            .doesNotContain("s3cr3t-token").doesNotContain("pa55word").contains(Secret.MASK);
      }
    } finally {
      server.stop(0);
    }
  }
}
