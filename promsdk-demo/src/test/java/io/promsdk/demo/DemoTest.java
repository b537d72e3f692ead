package io.promsdk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.testsupport.PushgatewayServer;
import io.promsdk.testsupport.PythonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("peers")
class DemoTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Demo.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpExitsZero() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--port PORT", "--push");
  }

  @Test
  void pushGoesToThePushDemo() {
    assertThat(run("--push")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--push needs --gateway and --job");
    assertThat(run("--push", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--gateway ADDR");
  }

  @Test
  void pushReachesARealPushgateway() {
    try (PushgatewayServer gateway = PushgatewayServer.start()) {
      assertThat(run("--push", "--gateway", gateway.hostPort(), "--job", "demo", "--count", "1")).isZero();
      assertThat(gateway.metricsText()).contains("api_called_total{", "job=\"demo\"", "task_time_summary_count{");
    }
  }

  @Test
  void badArgumentsExitTwoWithUsage() {
    assertThat(run("--port", "nope")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port must be", "Usage:");
  }

  @Test
  void aTakenPortExitsOne() throws Exception {
    try (PullDemo first = PullDemo.start(new DemoOptions("127.0.0.1", 0, 5, false))) {
      assertThat(run("--port", Integer.toString(first.port()))).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot serve on 127.0.0.1:" + first.port());
    }
  }

  @Test
  void pullDemoServesTheFourSeedMetricsAndUpdatesThem() throws Exception {
    try (PullDemo demo = PullDemo.start(new DemoOptions("127.0.0.1", 0, 1, false))) {
      String url = "http://127.0.0.1:" + demo.port() + "/metrics";
      String body = get(url);
      assertThat(PythonParser.parsePrometheusText(body)).extracting(f -> f.name() + ":" + f.type())
          .containsExactly("api_called:counter", "cpu_usage:gauge", "task_time_histogram:histogram",
              "task_time_summary:summary");
      assertThat(body).contains("task_time_histogram_bucket{le=\"5.0\"}", "task_time_summary{quantile=\"0.99\"}");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!get(url).contains("api_called_total 2.0") && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(get(url)).containsPattern("api_called_total [2-9]\\.0");
    }
  }

  private static String get(String url) throws Exception {
    HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
