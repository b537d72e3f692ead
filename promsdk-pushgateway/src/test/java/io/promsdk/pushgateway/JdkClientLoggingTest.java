package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
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
    Logger debug = Logger.getLogger("jdk.internal.httpclient.debug");
    Level before = debug.getLevel();
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(new java.util.logging.SimpleFormatter().formatMessage(record));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    capture.setLevel(Level.ALL);
    debug.setLevel(Level.FINE);
    debug.addHandler(capture);
    try (Recorder recorder = new Recorder()) {
      // A connect timeout of its own: a new JDK client, created while FINE is on.
      PushGateway.builder().address(recorder.hostPort()).job("logging")
          .registry(new CollectorRegistry()).connectTimeout(Duration.ofMillis(4_321))
          .queryParameter("X-BK-TOKEN", QUERY_TOKEN).header("X-Other-Token", HEADER_TOKEN)
          .build().push();
      assertThat(recorder.last().rawQuery()).isEqualTo("X-BK-TOKEN=" + QUERY_TOKEN);
    } finally {
      debug.removeHandler(capture);
      debug.setLevel(before);
    }
    assertThat(logged).anyMatch(line -> line.contains("send http://")
        && line.contains("?X-BK-TOKEN=" + QUERY_TOKEN + " PUT"));
    assertThat(logged).noneMatch(line -> line.contains(HEADER_TOKEN));
  }
}
