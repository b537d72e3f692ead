package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.config.PromsdkConfig;
import io.promsdk.core.metrics.Counter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The options' defaults, the JVM-wide property, and what the options change in the output. */
class ExpositionOptionsTest {

  @Test
  void createdTimestampsAreOffByDefault() throws IOException {
    assertThat(ExpositionOptions.defaults().createdTimestamps()).isFalse();
    assertThat(openMetricsOfOneCounter(ExpositionOptions.defaults())).doesNotContain("_created");
    assertThat(openMetricsOfOneCounter(ExpositionOptions.builder().createdTimestamps(true).build()))
        .containsPattern("\nrequests_created [0-9]+\\.[0-9]{3}\n");
  }

  @Test
  void builderStartsFromTheOptionsItCameFrom() {
    ExpositionOptions on = ExpositionOptions.builder().createdTimestamps(true).strictCollectors(true)
        .keepRenderedLabels(false).build();
    assertThat(on.toBuilder().build()).isEqualTo(on).hasSameHashCodeAs(on);
    assertThat(on.toBuilder().createdTimestamps(false).strictCollectors(false).keepRenderedLabels(true).build())
        .isEqualTo(ExpositionOptions.defaults());
    assertThat(on.toBuilder().strictCollectors(false).build()).isNotEqualTo(on);
    assertThat(on.toBuilder().keepRenderedLabels(true).build()).isNotEqualTo(on);
    assertThat(on).hasToString(
        "ExpositionOptions[createdTimestamps=true, strictCollectors=true, keepRenderedLabels=false]");
    assertThat(ExpositionOptions.defaults().strictCollectors()).isFalse();
    assertThat(ExpositionOptions.defaults().keepRenderedLabels()).isTrue();
  }

  @Test
  void theConfigurationTurnsCreatedTimestampsOn() {
    assertThat(ExpositionOptions.defaults(PromsdkConfig.of(Map.of("promsdk.createdTimestamps", "true"))).createdTimestamps())
        .isTrue();
    assertThat(ExpositionOptions.defaults(PromsdkConfig.empty())).isEqualTo(ExpositionOptions.builder().build());
  }

  @Test
  void theConfigurationTurnsKeptLabelsOff() {
    ExpositionOptions off = ExpositionOptions.defaults(PromsdkConfig.of(Map.of("promsdk.keepRenderedLabels", "false",
        "promsdk.createdTimestamps", "true")));
    assertThat(off.keepRenderedLabels()).isFalse();
    assertThat(off.createdTimestamps()).isTrue();
    assertThat(ExpositionOptions.defaults(PromsdkConfig.of(Map.of("promsdk.keepRenderedLabels", "true")))
        .keepRenderedLabels()).isTrue();
    assertThat(ExpositionOptions.defaults(PromsdkConfig.empty()).keepRenderedLabels()).isTrue();
  }

  /** A malformed value stops the JVM's first use of the defaults with a message naming it. */
  @Test
  void aMalformedSystemPropertyIsAnErrorNamingIt() throws Exception {
    String out = runWriteOneCounter("-Dpromsdk.createdTimestamps=yes");
    assertThat(out).contains("promsdk configuration: promsdk.createdTimestamps=yes (system property"
        + " -Dpromsdk.createdTimestamps): not a boolean; the rule: true or false");
  }

  /** The system property, set on the command line of a JVM of its own, turns them on for it. */
  @Test
  void systemPropertyTurnsCreatedTimestampsOnJvmWide() throws Exception {
    assertThat(runWriteOneCounter("-Dpromsdk.createdTimestamps=true"))
        .containsPattern("\nrequests_created [0-9]+\\.[0-9]{3}\n");
  }

  private static String runWriteOneCounter(String property) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, property,
        "-cp", System.getProperty("java.class.path"), WriteOneCounter.class.getName())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Writes one counter in OpenMetrics with the default options, for the test above. */
  public static final class WriteOneCounter {
    public static void main(String[] args) throws IOException {
      System.out.print(openMetricsOfOneCounter(ExpositionOptions.defaults()));
    }
  }

  static String openMetricsOfOneCounter(ExpositionOptions options) throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Counter.builder().name("requests_total").help("Requests.").register(registry).inc();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormat.OPENMETRICS_TEXT.write(out, registry, (name, type) -> true, options);
    return out.toString(StandardCharsets.UTF_8);
  }
}
