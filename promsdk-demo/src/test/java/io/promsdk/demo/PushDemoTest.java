package io.promsdk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.testsupport.TokenFront;
import io.promsdk.testsupport.PushgatewayServer;
import io.promsdk.testsupport.PushgatewayServer.Group;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The push demo with a token, end to end: the real {@code PushDemo} through a loopback front that
 * requires {@code X-BK-TOKEN} (like the users' platform) to a real Pushgateway.
 */
@Tag("peers")
class PushDemoTest {
  private static final String TOKEN = "demo-s3cret-token";

  private static PushgatewayServer gateway;
  private static TokenFront front;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws IOException {
    gateway = PushgatewayServer.start();
    front = new TokenFront(gateway.baseUrl(), "X-BK-TOKEN", TOKEN);
  }

  @AfterAll
  static void stop() {
    if (front != null) {
      front.close();
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  private int push(Map<String, String> env, String... args) {
    return PushDemo.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
  }

  private Group group(String job) {
    return gateway.groups().stream().filter(g -> job.equals(g.labels().get("job"))).findFirst()
        .orElseThrow(() -> new AssertionError("no group for job " + job + " in " + gateway.groups()));
  }

  @Test
  void theTokenFlagReachesTheFrontAndTheFourMetricsTheGateway() {
    int before = front.accepted().size();
    int exit = Demo.run(new String[] {"--push", "--gateway", front.hostPort(), "--job", "demo_token",
            "--token", TOKEN, "--count", "1"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(exit).as(printed()).isZero();
    assertThat(front.accepted().subList(before, front.accepted().size())).containsExactly(TOKEN);
    Group group = group("demo_token");
    assertThat(group.labels()).containsEntry("instance", "my.host.ip");
    assertThat(group.families().keySet()).contains("api_called_total", "cpu_usage", "task_time_histogram",
        "task_time_summary");
    assertThat(group.family("task_time_histogram").type()).isEqualTo("HISTOGRAM");
    assertThat(group.family("task_time_summary").type()).isEqualTo("SUMMARY");
    assertThat(printed()).contains("X-BK-TOKEN from --token", "X-BK-TOKEN: ***", "pushed")
        .doesNotContain(TOKEN);
  }

  @Test
  void theTokenCanComeFromTheEnvironmentInsteadOfTheCommandLine() {
    assertThat(push(Map.of("X_BK_TOKEN", TOKEN), "--gateway", front.hostPort(), "--job", "demo_env",
        "--count", "1")).as(printed()).isZero();
    assertThat(push(Map.of("MY_TOKEN", TOKEN, "X_BK_TOKEN", "wrong"), "--gateway", front.hostPort(),
        "--job", "demo_env", "--token-env", "MY_TOKEN", "--count", "1")).as(printed()).isZero();
    assertThat(printed()).contains("X-BK-TOKEN from $X_BK_TOKEN",
        "X-BK-TOKEN from $MY_TOKEN").doesNotContain(TOKEN);
    assertThat(group("demo_env").families()).containsKey("api_called_total");

    // The front refuses a wrong token; the demo reports it and exits 1.
    assertThat(push(Map.of("X_BK_TOKEN", "wrong-token"), "--gateway", front.hostPort(), "--job",
        "demo_env", "--count", "1")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("HTTP 401");
  }

  @Test
  void aFlagIsNeverTakenAsTheValueOfTheOneBefore() {
    assertThat(push(Map.of(), "--token", "--job", "x", "--gateway", front.hostPort())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--token needs a value", "--token-env", "Usage:");
    err.reset();
    assertThat(push(Map.of(), "--gateway", "--job", "x")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--gateway needs a value");
    err.reset();
    assertThat(push(Map.of(), "--gateway", front.hostPort(), "--job", "x", "--token-env", "NOT_SET_ANYWHERE"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("NOT_SET_ANYWHERE is not set");
    err.reset();
    assertThat(push(Map.of("T", "x"), "--gateway", front.hostPort(), "--job", "x", "--token", "a",
        "--token-env", "T")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("either --token or --token-env");
  }

  /** A token no header can carry: refused up front, by the header's name, never shown. */
  @Test
  void aTokenBeyondLatin1IsRefusedWithoutPrintingIt() {
    String token = "bk-\u20ac-s3cret";
    assertThat(push(Map.of(), "--gateway", front.hostPort(), "--job", "demo_euro", "--token", token,
        "--count", "1")).isEqualTo(2);
    assertThat(push(Map.of("X_BK_TOKEN", token), "--gateway", front.hostPort(), "--job", "demo_euro",
        "--count", "1")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("X-BK-TOKEN", "U+00FF");
    assertThat(printed()).doesNotContain("s3cret");
  }

  @Test
  void helpDocumentsTheTokenOptions() {
    assertThat(push(Map.of(), "--push", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--token-env NAME", "$X_BK_TOKEN",
        "(default: $X_BK_TOKEN, else no token)", "may not start with --");
  }
}
