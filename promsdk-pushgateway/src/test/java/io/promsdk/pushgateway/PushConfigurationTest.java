package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.config.PromsdkConfig;
import io.promsdk.core.config.PromsdkConfigException;
import io.promsdk.core.metrics.Counter;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's push, configured without code: address, job, grouping key, headers and interval. */
class PushConfigurationTest {
  private Recorder recorder;
  private CollectorRegistry registry;

  @BeforeEach
  void setUp() throws IOException {
    recorder = new Recorder();
    registry = new CollectorRegistry();
    Counter.builder().name("api_called_total").help("How many is the api called").register(registry).inc();
  }

  @AfterEach
  void tearDown() {
    recorder.close();
  }

  private PromsdkConfig config(String... extra) {
    Map<String, String> m = new java.util.HashMap<>(Map.of(
        "promsdk.push.address", recorder.hostPort(),
        "promsdk.push.job", "my_job",
        "promsdk.push.groupingKey", "instance=my.host.ip",
        "promsdk.push.headers.X-BK-TOKEN", "s3cret"));
    for (int i = 0; i < extra.length; i += 2) {
      m.put(extra[i], extra[i + 1]);
    }
    return PromsdkConfig.of(m);
  }

  @Test
  void aGatewayBuiltWithoutCodeSettingsPushesWhereTheConfigurationSays() throws IOException {
    PushGateway.builder(config()).registry(registry).build().push();
    Recorder.Request r = recorder.last();
    assertThat(r.rawPath()).isEqualTo("/metrics/job/my_job/instance/my.host.ip");
    assertThat(r.header("X-BK-TOKEN")).isEqualTo("s3cret");
  }

  @Test
  void whatTheCodeSetsWins() throws IOException {
    PushGateway.builder(config()).registry(registry).job("from_code").groupingKey("instance", "code")
        .header("X-BK-TOKEN", "code-token").build().push();
    Recorder.Request r = recorder.last();
    assertThat(r.rawPath()).isEqualTo("/metrics/job/from_code/instance/code");
    assertThat(r.header("X-BK-TOKEN")).isEqualTo("code-token");
  }

  @Test
  void authenticationSetInCodeReplacesAConfiguredAuthorizationHeader() throws IOException {
    PromsdkConfig config = config("promsdk.push.headers.Authorization", "Bearer configured");
    PushGateway.builder(config).registry(registry).bearerToken("from-code").build().push();
    assertThat(recorder.last().header("Authorization")).isEqualTo("Bearer from-code");
    PushGateway.builder(config).registry(registry).basicAuth("u", "p").build().push();
    assertThat(recorder.last().header("Authorization")).startsWith("Basic ");
    PushGateway.builder(config).registry(registry).build().push();
    assertThat(recorder.last().header("Authorization")).isEqualTo("Bearer configured");
  }

  @Test
  void aConfiguredValueTheBuilderRejectsNamesTheKeyButNotTheSecret() {
    assertThatThrownBy(() -> PushGateway.builder(config("promsdk.push.groupingKey", "0bad=x")))
        .isInstanceOf(PromsdkConfigException.class)
        .hasMessageContaining("promsdk.push.groupingKey=0bad=x (code): ");
    assertThatThrownBy(() -> PushGateway.builder(config("promsdk.push.headers", "Bad Header=s3cret-value")))
        .isInstanceOf(PromsdkConfigException.class)
        .hasMessageContaining("promsdk.push.headers=Bad Header=***")
        .hasMessageNotContaining("s3cret-value");
    assertThatThrownBy(() -> PushGateway.builder(config("promsdk.push.address", "ftp://x:1")))
        .isInstanceOf(PromsdkConfigException.class).hasMessageContaining("promsdk.push.address=ftp://x:1 (code): ");
    assertThatThrownBy(() -> PushGateway.builder(config("promsdk.push.address", "https://user:s3cret-pw@gw:9091")))
        .isInstanceOf(PromsdkConfigException.class)
        .hasMessageContaining("promsdk.push.address=*** (code): ")
        .hasMessageContaining("user info")
        .hasMessageNotContaining("s3cret-pw");
    assertThatThrownBy(() -> PushGateway.builder(config("promsdk.push.address", "https://gw:9091/?token=s3cret-q")))
        .isInstanceOf(PromsdkConfigException.class)
        .hasMessageContaining("promsdk.push.address=*** (code): ")
        .hasMessageContaining("query")
        .hasMessageNotContaining("s3cret-q");
    assertThatThrownBy(() -> PushGateway.builder(config("promsdk.push.address", "https://gw:9091/#s3cret-f")))
        .isInstanceOf(PromsdkConfigException.class)
        .hasMessageContaining("promsdk.push.address=*** (code): ")
        .hasMessageNotContaining("s3cret-f");
  }

  @Test
  void theSchedulerTakesItsIntervalFromTheConfiguration() {
    PromsdkConfig config = config("promsdk.push.interval", "250ms");
    PushGateway gateway = PushGateway.builder(config).registry(registry).build();
    try (PushScheduler scheduler = PushScheduler.builder(gateway, config).shutdownHook(false).start()) {
      assertThat(scheduler.toString()).contains("interval=PT0.25S");
    }
    try (PushScheduler scheduler = PushScheduler.builder(gateway, config).interval(Duration.ofSeconds(3))
        .shutdownHook(false).start()) {
      assertThat(scheduler.toString()).contains("interval=PT3S");
    }
  }
}
