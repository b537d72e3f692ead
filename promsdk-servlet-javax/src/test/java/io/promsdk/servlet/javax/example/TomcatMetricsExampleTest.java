package io.promsdk.servlet.javax.example;

import io.promsdk.exporter.common.testing.ExampleRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's runnable example: it is this source file, and it serves what the README says. */
@Tag("peers")
class TomcatMetricsExampleTest {
  private static final Path SOURCE = Path.of("src/test/java/io/promsdk/servlet/javax/example/TomcatMetricsExample.java");
  @TempDir Path tempDir;

  @Test
  void theReadmeShowsThisExampleAsItIs() throws Exception {
    ExampleRun.assertReadmeShows(SOURCE);
  }

  @Test
  void runsAndServesTheMetrics() throws Exception {
    ExampleRun.assertServes(TomcatMetricsExample.class, tempDir.resolve("example.log"), "jobs_processed_total 1.0");
  }
}
