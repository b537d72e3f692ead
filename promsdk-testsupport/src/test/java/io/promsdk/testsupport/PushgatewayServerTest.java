package io.promsdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("peers")
class PushgatewayServerTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

  @Test
  void pushedGroupReadsBackThroughGroups() throws Exception {
    long pid;
    Path workDir;
    try (PushgatewayServer gateway = PushgatewayServer.start()) {
      pid = gateway.pid();
      workDir = gateway.workDir();
      assertThat(gateway.hostPort()).isEqualTo("127.0.0.1:" + gateway.port());
      assertThat(gateway.baseUrl()).isEqualTo("http://" + gateway.hostPort());

      String body =
          """
          # HELP jobs_total Jobs with \\\\ and \\n in help.
          # TYPE jobs_total counter
          jobs_total{kind="a\\"b\\\\c\\nd ü"} 42
          jobs_total{kind="nan"} NaN
          # TYPE rpc_seconds histogram
          rpc_seconds_bucket{le="10"} 2
          rpc_seconds_bucket{le="+Inf"} 3
          rpc_seconds_bucket{le="2.5"} 1
          rpc_seconds_sum 12.5
          rpc_seconds_count 3
          # TYPE size_bytes summary
          size_bytes{quantile="0.9"} 7
          size_bytes{quantile="0.5"} 5
          size_bytes_sum 20
          size_bytes_count 4
          """;
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/metrics/job/j/instance/i"))
                  .PUT(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

      List<PushgatewayServer.Group> groups = gateway.groups();

      assertThat(groups).singleElement().satisfies(group -> {
        assertThat(group.labels()).isEqualTo(Map.of("job", "j", "instance", "i"));
        assertThat(group.lastPushSuccessful()).isTrue();
        assertThat(group.families())
            .containsKeys("jobs_total", "rpc_seconds", "size_bytes", "push_time_seconds");

        PushgatewayServer.Family counter = group.family("jobs_total");
        assertThat(counter.type()).isEqualTo("COUNTER");
        assertThat(counter.help()).isEqualTo("Jobs with \\ and \n in help.");
        assertThat(counter.samples())
            .containsExactlyInAnyOrder(
                new PushgatewayServer.Sample(
                    "jobs_total", Map.of("job", "j", "instance", "i", "kind", "a\"b\\c\nd ü"), "42"),
                new PushgatewayServer.Sample(
                    "jobs_total", Map.of("job", "j", "instance", "i", "kind", "nan"), "NaN"));

        PushgatewayServer.Family histogram = group.family("rpc_seconds");
        assertThat(histogram.help()).isEmpty();
        assertThat(histogram.samples())
            .extracting(s -> s.name() + s.labels().getOrDefault("le", "") + "=" + s.value())
            .containsExactly(
                "rpc_seconds_bucket2.5=1",
                "rpc_seconds_bucket10=2",
                "rpc_seconds_bucket+Inf=3",
                "rpc_seconds_sum=12.5",
                "rpc_seconds_count=3");

        assertThat(group.family("size_bytes").samples())
            .extracting(s -> s.name() + s.labels().getOrDefault("quantile", "") + "=" + s.value())
            .containsExactly(
                "size_bytes0.5=5", "size_bytes0.9=7", "size_bytes_sum=20", "size_bytes_count=4");
      });

      assertThat(gateway.metricsText())
          .contains("jobs_total{instance=\"i\",job=\"j\",kind=\"nan\"} NaN");
      assertThat(gateway.apiMetricsJson()).startsWith("{\"status\":\"success\"");

      // The persistence file must be ours, not the machine-wide default.
      String status = Json.object(Json.parse(
          Http.get(gateway.baseUrl() + "/api/v1/status").body()), "status").toString();
      assertThat(status).contains("persistence.file=" + workDir.resolve("persistence"));
    }

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(Files.exists(workDir)).isFalse();
  }

  @Test
  void failedStartReportsTheLog() {
    try (PushgatewayServer gateway = PushgatewayServer.start("--no-such-flag")) {
      throw new AssertionError("started with an unknown flag: " + gateway.logTail());
    } catch (IllegalStateException e) {
      assertThat(e).hasMessageContaining("exited with code").hasMessageContaining("no-such-flag");
    }
  }
}
