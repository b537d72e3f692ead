package io.promsdk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.testsupport.FreePorts;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.PrometheusServer.QueryResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user does: start the demo as its own JVM, point a real Prometheus at it, stop it. */
@Tag("peers")
class DemoPrometheusTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  @TempDir Path tempDir;

  @Test
  void prometheusScrapesTheDemoProcess() throws Exception {
    int port = FreePorts.find();
    Path log = tempDir.resolve("demo.log");
    Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Demo.class.getName(),
        "--port", Integer.toString(port), "--interval", "1")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try (PrometheusServer prometheus = PrometheusServer.start(PrometheusServer.scrapeJob("demo", "127.0.0.1:" + port))) {
      try {
        prometheus.awaitTargetsUp(TIMEOUT);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\ndemo output:\n" + Files.readString(log), e);
      }
      assertThat(Files.readString(log)).contains("serving", "http://127.0.0.1:" + port + "/metrics");
      await(prometheus, "api_called_total", v -> v >= 1);
      await(prometheus, "cpu_usage", v -> v >= 0 && v < 1);
      await(prometheus, "histogram_quantile(0.5, task_time_histogram_bucket)", v -> v > 0 && v <= 6);
      await(prometheus, "task_time_summary{quantile=\"0.99\"}", v -> v >= 1 && v <= 100);
      await(prometheus, "task_time_summary_count", v -> v >= 1);
    } finally {
      demo.destroy();
      boolean stopped = demo.waitFor(10, TimeUnit.SECONDS);
      if (!stopped) {
        demo.destroyForcibly();
        demo.waitFor(10, TimeUnit.SECONDS);
      }
      assertThat(stopped).as("the demo stops on SIGTERM").isTrue();
    }
  }

  private static void await(PrometheusServer prometheus, String promql, Predicate<Double> ok) {
    prometheus.awaitQuery(promql, (List<QueryResult> r) -> r.size() == 1 && ok.test(r.get(0).value()), TIMEOUT);
  }
}
