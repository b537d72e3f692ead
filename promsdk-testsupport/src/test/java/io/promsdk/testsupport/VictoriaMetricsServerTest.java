package io.promsdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** VictoriaMetrics and Prometheus as remote-write receivers, stopped and started again. */
@Tag("peers")
class VictoriaMetricsServerTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

  private static int post(String url, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void keepsItsSamplesAndPortAcrossAStopAndRestartAndDeletesItsDirectoryOnClose() throws Exception {
    Path dir;
    try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
      dir = vm.workDir();
      int port = vm.port();
      assertThat(post(vm.baseUrl() + "/api/v1/import/prometheus", "vm_test_value{a=\"b\"} 42\n")).isEqualTo(204);
      assertThat(vm.awaitQuery("vm_test_value", r -> r.size() == 1, Duration.ofSeconds(10)).get(0).labels())
          .containsEntry("a", "b");

      vm.stop();
      assertThatThrownBy(() -> vm.query("vm_test_value")).isInstanceOf(IllegalStateException.class);
      vm.restart();

      assertThat(vm.port()).isEqualTo(port);
      assertThat(vm.query("vm_test_value")).singleElement()
          .satisfies(r -> assertThat(r.value()).isEqualTo(42.0))
          .satisfies(r -> assertThat(r.labels()).isEqualTo(Map.of("__name__", "vm_test_value", "a", "b")));
      assertThat(vm.export("vm_test_value")).contains("\"values\":[42]");
    }
    assertThat(Files.exists(dir)).isFalse();
  }

  @Test
  void prometheusAsARemoteWriteReceiverAnswersItsWriteEndpoint() throws Exception {
    try (PrometheusServer plain = PrometheusServer.start("");
        PrometheusServer receiver = PrometheusServer.startRemoteWriteReceiver()) {
      // Not snappy: refused as a bad request by the receiver, not found without it.
      assertThat(post(receiver.remoteWriteUrl(), "not snappy")).isEqualTo(400);
      assertThat(post(plain.remoteWriteUrl(), "not snappy")).isEqualTo(404);
    }
  }
}
