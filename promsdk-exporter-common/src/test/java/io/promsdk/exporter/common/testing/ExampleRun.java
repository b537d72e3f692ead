package io.promsdk.exporter.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.testsupport.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Checks a module's runnable README example: that the README shows its source unchanged, and that
 * its {@code main(port)} serves the metrics on {@code http://127.0.0.1:port/metrics}.
 */
public final class ExampleRun {
  private ExampleRun() {}

  /** The README in the working directory (the module's) has {@code source} as a java block. */
  public static void assertReadmeShows(Path source) throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    assertThat(readme).contains("```java\n" + Files.readString(source, StandardCharsets.UTF_8) + "```\n");
  }

  /**
   * Runs {@code example}'s {@code main} with a free port in its own JVM (this test's classpath),
   * scrapes it within 20 s and checks the answer contains {@code expected} and the example printed
   * {@code Serving <url>}; the JVM is ended in any case.
   */
  public static void assertServes(Class<?> example, Path log, String expected) throws Exception {
    int port = FreePorts.find();
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), example.getName(), Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      String url = "http://127.0.0.1:" + port + "/metrics";
      Scraper scraper = new Scraper();
      Scraper.Response response = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (response == null && System.nanoTime() < deadline && process.isAlive()) {
        try {
          response = scraper.get(url);
        } catch (IOException notYetListening) {
          Thread.sleep(100);
        }
      }
      assertThat(response).as("an answer within 20 s; output:\n%s", Files.readString(log)).isNotNull();
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.text()).contains(expected);
      assertThat(Files.readString(log)).contains("Serving " + url);
    } finally {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
