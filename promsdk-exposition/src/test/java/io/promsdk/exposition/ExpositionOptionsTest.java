package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    ExpositionOptions on = ExpositionOptions.builder().createdTimestamps(true).strictCollectors(true).build();
    assertThat(on.toBuilder().build()).isEqualTo(on).hasSameHashCodeAs(on);
    assertThat(on.toBuilder().createdTimestamps(false).strictCollectors(false).build())
        .isEqualTo(ExpositionOptions.defaults());
    assertThat(on.toBuilder().strictCollectors(false).build()).isNotEqualTo(on);
    assertThat(on).hasToString("ExpositionOptions[createdTimestamps=true, strictCollectors=true]");
    assertThat(ExpositionOptions.defaults().strictCollectors()).isFalse();
  }

  @Test
  void propertyValuesReadAsTheJdkReadsBooleans() {
    assertThat(ExpositionOptions.parseFlag("true")).isTrue();
    assertThat(ExpositionOptions.parseFlag(" TRUE ")).isTrue();
    assertThat(ExpositionOptions.parseFlag(null)).isFalse();
    assertThat(ExpositionOptions.parseFlag("false")).isFalse();
    assertThat(ExpositionOptions.parseFlag("yes")).isFalse();
  }

  @Test
  void aValueThatIsNeitherTrueNorFalseIsNamed() {
    assertThat(ExpositionOptions.flagProblem("promsdk.createdTimestamps", "yes"))
        .isEqualTo("-Dpromsdk.createdTimestamps=yes is neither true nor false: read as false");
    assertThat(ExpositionOptions.flagProblem("p", " TRUE ")).isNull();
    assertThat(ExpositionOptions.flagProblem("p", "false")).isNull();
    assertThat(ExpositionOptions.flagProblem("p", null)).isNull();
  }

  /** The system property, set on the command line of a JVM of its own, turns them on for it. */
  @Test
  void systemPropertyTurnsCreatedTimestampsOnJvmWide() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Dpromsdk.createdTimestamps=true",
        "-cp", System.getProperty("java.class.path"), WriteOneCounter.class.getName())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).containsPattern("\nrequests_created [0-9]+\\.[0-9]{3}\n");
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
