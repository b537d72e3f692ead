package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Checks what the README and {@code queryParameter}'s Javadoc say about the JDK HTTP client's own
 * debug log at FINE: it shows a token sent as a query parameter, not one sent as a header. If a
 * JDK changes that, this fails and the documentation must change with it.
 */
class JdkClientLoggingTest {
  private static final String QUERY_TOKEN = "query-token-7f3a";
  private static final String HEADER_TOKEN = "header-token-9c1b";

  @Test
  void theJdkClientsFineLogShowsAQueryTokenButNoHeaderValue() throws Exception {
    try (LogCapture debug = new LogCapture("jdk.internal.httpclient.debug");
        Recorder recorder = new Recorder()) {
      // A connect timeout of its own: a new JDK client, created while FINE is on.
      PushGateway.builder().address(recorder.hostPort()).job("logging")
          .registry(new CollectorRegistry()).connectTimeout(Duration.ofMillis(4_321))
          .queryParameter("X-BK-TOKEN", QUERY_TOKEN).header("X-Other-Token", HEADER_TOKEN)
          .build().push();
      assertThat(recorder.last().rawQuery()).isEqualTo("X-BK-TOKEN=" + QUERY_TOKEN);
      assertThat(debug.text()).containsPattern("send http://\\S+\\?X-BK-TOKEN=" + QUERY_TOKEN + " PUT")
          .doesNotContain(HEADER_TOKEN);
    }
  }
}
