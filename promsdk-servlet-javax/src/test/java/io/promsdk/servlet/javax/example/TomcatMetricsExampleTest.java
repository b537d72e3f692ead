package io.promsdk.servlet.javax.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.exporter.common.testing.Scraper;
import io.promsdk.testsupport.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's runnable example: it is this source file, and it serves what the README says. */
@Tag("peers")
class TomcatMetricsExampleTest {
  private static final Path SOURCE = Path.of("src/test/java/io/promsdk/servlet/javax/example/TomcatMetricsExample.java");
  @TempDir Path tempDir;

  @Test
  void theReadmeShowsThisExampleAsItIs() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    assertThat(readme).contains("```java\n" + Files.readString(SOURCE, StandardCharsets.UTF_8) + "```\n");
  }

  @Test
  void runsAndServesTheMetrics() throws Exception {
    int port = FreePorts.find();
    Path log = tempDir.resolve("example.log");
    Process example = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), TomcatMetricsExample.class.getName(), Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      String url = "http://127.0.0.1:" + port + "/metrics";
      Scraper scraper = new Scraper();
      Scraper.Response response = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (response == null && System.nanoTime() < deadline && example.isAlive()) {
        try {
          response = scraper.get(url);
        } catch (IOException notYetListening) {
          Thread.sleep(100);
        }
      }
      assertThat(response).as("an answer within 20 s; output:\n%s", Files.readString(log)).isNotNull();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.text()).contains("jobs_processed_total 1.0");
      assertThat(Files.readString(log)).contains("Serving " + url);
    } finally {
      example.destroyForcibly();
      example.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
