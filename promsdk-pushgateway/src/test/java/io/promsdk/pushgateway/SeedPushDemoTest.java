package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Summary;
import io.promsdk.testsupport.PushgatewayServer;
import io.promsdk.testsupport.PushgatewayServer.Group;
import io.promsdk.testsupport.PushgatewayServer.Sample;
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
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The seed's {@code push_demo}, line for line in Java, through a token-checking front (like the
 * users' platform: X-BK-TOKEN required, bodies up to 500 KB) to a real Pushgateway.
 */
class SeedPushDemoTest {
  private static final String TOKEN = "bk-token-123";
  private static final String JOBNAME = "seed_push_demo";

  @Test
  void theSeedsPushDemoReachesARealGatewayWithItsToken() throws Exception {
    try (PushgatewayServer gateway = PushgatewayServer.start();
        TokenFront front = new TokenFront(gateway.baseUrl())) {
      String addr = front.hostPort();
      CollectorRegistry registry = new CollectorRegistry();
      Counter counter = Counter.builder().name("api_called_total").help("How many is the api called")
          .register(registry);
      Gauge gauge = Gauge.builder().name("cpu_usage").help("simulate the cpu usage metric").register(registry);
      Histogram histogram = Histogram.builder().name("task_time_histogram")
          .help("analyze the time of task with histogram").buckets(1, 2, 3, 4, 5).register(registry);
      Summary summary = Summary.builder().name("task_time_summary")
          .help("analyze the time of task with summary").register(registry);

      List<String> printed = new CopyOnWriteArrayList<>();
      PushHandler bkHandler = (request, next) -> {
        PushRequest withToken = request.withHeader("X-BK-TOKEN", TOKEN);
        printed.add(withToken.toString()); // the seed prints its headers; ours are masked
        return next.send(withToken);
      };
      PushGateway pg = PushGateway.builder().address(addr).job(JOBNAME)
          .registry(registry).groupingKey("instance", "my.host.ip").handler(bkHandler).build();

      Random random = new Random(1);
      for (int i = 0; i < 3; i++) {
        counter.inc(1);
        gauge.set(random.nextDouble());
        histogram.observe(3);
        summary.observe(1 + random.nextInt(100));
        pg.push();
      }

      assertThat(front.tokens).containsExactly(TOKEN, TOKEN, TOKEN);
      assertThat(printed).allMatch(line -> line.contains("X-BK-TOKEN: ***") && !line.contains(TOKEN));
      Group group = gateway.groups().stream()
          .filter(g -> JOBNAME.equals(g.labels().get("job"))).findFirst().orElseThrow();
      assertThat(group.labels()).containsEntry("instance", "my.host.ip");
      assertThat(value(group, "api_called_total", "api_called_total")).isEqualTo("3");
      assertThat(group.family("cpu_usage").type()).isEqualTo("GAUGE");
      assertThat(group.family("task_time_histogram").type()).isEqualTo("HISTOGRAM");
      assertThat(value(group, "task_time_histogram", "task_time_histogram_count")).isEqualTo("3");
      assertThat(value(group, "task_time_histogram", "task_time_histogram_sum")).isEqualTo("9");
      assertThat(group.family("task_time_summary").type()).isEqualTo("SUMMARY");
      assertThat(value(group, "task_time_summary", "task_time_summary_count")).isEqualTo("3");

      PushGateway withoutToken = PushGateway.builder().address(addr).job(JOBNAME).registry(registry).build();
      PushException e = org.junit.jupiter.api.Assertions.assertThrows(PushException.class, withoutToken::push);
      assertThat(e.statusCode()).isEqualTo(401);
      assertThat(e.gatewayMessage()).isEqualTo("invalid X-BK-TOKEN");
    }
  }

  private static String value(Group group, String family, String sample) {
    return group.family(family).samples().stream().filter(s -> s.name().equals(sample))
        .map(Sample::value).findFirst().orElseThrow();
  }

  /** Checks X-BK-TOKEN and the body size, then forwards to the real gateway. */
  private static final class TokenFront implements AutoCloseable {
    final List<String> tokens = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final String target;
    private final HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(5)).build();

    TokenFront(String target) throws IOException {
      this.target = target;
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
      server.createContext("/", this::forward);
      server.start();
    }

    String hostPort() {
      return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange exchange) throws IOException {
      try (exchange) {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String token = exchange.getRequestHeaders().getFirst("X-BK-TOKEN");
        if (!TOKEN.equals(token)) {
          reply(exchange, 401, "invalid X-BK-TOKEN");
          return;
        }
        if (body.length > 512_000) {
          reply(exchange, 413, "body too large");
          return;
        }
        tokens.add(token);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI().getRawPath()))
            .timeout(Duration.ofSeconds(5))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
          request.header("Content-Type", contentType);
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
}
