package io.promsdk.tracer.otel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent supplier against the real OpenTelemetry Java agent: a JVM started with {@code
 * -javaagent}, whose class path has promsdk-core and this module but no OpenTelemetry API, counts
 * a request the agent traces; the counter's exemplar has that span's ids, found through the
 * agent's relocated API. All exporters are off: the child sends nothing anywhere.
 */
@Tag("peers")
class OpenTelemetryAgentPeerTest {

  @Test
  void underTheAgentWithoutTheApiTheAgentsSpanGivesTheExemplar(@TempDir Path dir) throws Exception {
    Path agent = Path.of(System.getProperty("promsdk.test.otelAgentJar"));
    assertThat(agent).as("the agent jar, a test dependency of this module").isRegularFile();
    // promsdk-core, this module's classes and its test classes (for AgentChild); no OpenTelemetry jar.
    String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> e.contains("promsdk-core") || e.contains("promsdk-tracer-otel"))
        .collect(Collectors.joining(File.pathSeparator));
    assertThat(classPath).doesNotContain("opentelemetry-api");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-javaagent:" + agent,
        "-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
        "-Dotel.instrumentation.methods.include=" + AgentChild.class.getName() + "[handle]",
        "-cp", classPath, AgentChild.class.getName()));
    Path output = dir.resolve("child.log");
    Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    boolean done = child.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    String log = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(done).as("the child exits within 120 s; its output:%n%s", log).isTrue();
    assertThat(child.exitValue()).as(log).isZero();
    assertThat(log).contains("supplier=" + OpenTelemetryAgentSpanContextSupplier.class.getName());
    assertThat(log).containsPattern("trace_id=[0-9a-f]{32}\\R").doesNotContain("trace_id=00000000000000000000000000000000");
    assertThat(log).containsPattern("span_id=[0-9a-f]{16}\\R");
  }
}
