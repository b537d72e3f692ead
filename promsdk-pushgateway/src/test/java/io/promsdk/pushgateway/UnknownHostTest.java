package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host names, in a child JVM whose resolver reads only a hosts file of ours ({@code
 * jdk.net.hosts.file}): no name lookup leaves the machine, every name maps to 127.0.0.1 or to
 * nothing.
 */
@Tag("peers")
class UnknownHostTest {
  @TempDir Path dir;

  @Test
  void anUnknownHostIsNamedNotCalledARefusedConnection() throws Exception {
    try (Recorder recorder = new Recorder()) {
      Path hosts = dir.resolve("hosts");
      Files.writeString(hosts, "127.0.0.1 pushgw.test\n127.0.0.1 my_gw\n");
      String port = recorder.hostPort().substring(recorder.hostPort().indexOf(':') + 1);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process child = new ProcessBuilder(java, "-Djdk.net.hosts.file=" + hosts,
          "-cp", System.getProperty("java.class.path"), Main.class.getName(), port)
          .redirectErrorStream(true).start();
      String out;
      try {
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child JVM exited").isTrue();
        out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } finally {
        child.destroyForcibly();
      }
      assertThat(out)
          .contains("known: pushed")
          .contains("unknown: java.net.ConnectException: PUT http://nosuch-gw.test:" + port
              + "/metrics/job/hosts: unknown host nosuch-gw.test")
          .doesNotContain("connection refused")
          .contains("underscore: java.lang.IllegalArgumentException: the gateway host 'my_gw'"
              + " contains '_'");
      assertThat(recorder.requests()).hasSize(1);
    }
  }

  /** Pushes to a name the hosts file maps, one it does not, and one with an underscore. */
  static final class Main {
    public static void main(String[] args) {
      CollectorRegistry registry = new CollectorRegistry();
      Counter.builder().name("api_called_total").help("h").register(registry).inc();
      for (String[] attempt : new String[][] {
          {"known", "pushgw.test"}, {"unknown", "nosuch-gw.test"}, {"underscore", "my_gw"}}) {
        try {
          PushGateway.builder().address(attempt[1] + ":" + args[0]).job("hosts").registry(registry)
              .connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(3))
              .build().push();
          System.out.println(attempt[0] + ": pushed");
        } catch (Exception e) {
          System.out.println(attempt[0] + ": " + e);
        }
      }
    }
  }
}
