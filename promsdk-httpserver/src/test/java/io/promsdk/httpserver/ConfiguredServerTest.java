package io.promsdk.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.config.PromsdkConfig;
import io.promsdk.core.metrics.Counter;
import io.promsdk.testsupport.FreePorts;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exporter's port, host and _created samples set by the runtime configuration, and code winning. */
class ConfiguredServerTest {
  @Test
  void portHostAndCreatedTimestampsComeFromTheConfiguration() throws Exception {
    int port = FreePorts.find();
    PromsdkConfig config = PromsdkConfig.of(Map.of("promsdk.exporter.port", String.valueOf(port),
        "promsdk.exporter.host", "127.0.0.1", "promsdk.createdTimestamps", "true"));
    CollectorRegistry registry = new CollectorRegistry();
    Counter.builder().name("requests_total").help("r").register(registry).inc();
    try (HTTPServer server = HTTPServer.builder(config).registry(registry).buildAndStart()) {
      assertThat(server.getPort()).isEqualTo(port);
      assertThat(server.getAddress().getAddress()).isEqualTo(InetAddress.getByName("127.0.0.1"));
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/metrics"))
          .header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).contains("requests_created ");
    }
    try (HTTPServer server = HTTPServer.builder(config).port(0).registry(registry).buildAndStart()) {
      assertThat(server.getPort()).isNotEqualTo(port);
    }
  }
}
