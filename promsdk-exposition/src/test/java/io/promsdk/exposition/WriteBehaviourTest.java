package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import io.promsdk.testsupport.Seeded;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** How {@link ExpositionFormat#write} treats its stream and concurrent callers. */
class WriteBehaviourTest {

  @Test
  void concurrentScrapesGetIdenticalOutput() {
    Seeded.check(2, random -> concurrentScrapesGetIdenticalOutput(RandomFamilies.families(random, 50, 50)));
  }

  private static void concurrentScrapesGetIdenticalOutput(List<MetricSnapshot<?>> families) throws Exception {
    MetricSnapshots snapshots = new MetricSnapshots(families);
    String text = Expositions.write(ExpositionFormat.PROMETHEUS_TEXT, snapshots);
    String om = Expositions.write(ExpositionFormat.OPENMETRICS_TEXT, snapshots);

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            if (!Expositions.write(ExpositionFormat.PROMETHEUS_TEXT, snapshots).equals(text)
                || !Expositions.write(ExpositionFormat.OPENMETRICS_TEXT, snapshots).equals(om)) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theStreamIsNeitherFlushedNorClosed() throws IOException {
    List<String> calls = new ArrayList<>();
    OutputStream out = new OutputStream() {
      @Override
      public void write(int b) {
        calls.add("write");
      }

      @Override
      public void write(byte[] b, int off, int len) {
        calls.add("write");
      }

      @Override
      public void flush() {
        calls.add("flush");
      }

      @Override
      public void close() {
        calls.add("close");
      }
    };

    ExpositionFormat.OPENMETRICS_TEXT.write(out, SeedMetrics.snapshots());

    assertThat(calls).containsOnly("write");
  }

  @Test
  void aFailingStreamPropagatesAndLeavesTheWriterUsable() throws IOException {
    OutputStream broken = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        throw new IOException("connection reset");
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        throw new IOException("connection reset");
      }
    };

    assertThatThrownBy(() -> ExpositionFormat.PROMETHEUS_TEXT.write(broken, SeedMetrics.snapshots()))
        .isInstanceOf(IOException.class).hasMessage("connection reset");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormat.PROMETHEUS_TEXT.write(out, SeedMetrics.snapshots());
    assertThat(out.toString()).startsWith("# HELP api_called_total api called count\n");
  }

  @Test
  void nullArgumentsAreRejected() {
    assertThatThrownBy(() -> ExpositionFormat.PROMETHEUS_TEXT.write(null, MetricSnapshots.EMPTY))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ExpositionFormat.OPENMETRICS_TEXT.write(new ByteArrayOutputStream(), (MetricSnapshots) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ExpositionFormat.OPENMETRICS_TEXT.write(new ByteArrayOutputStream(), (CollectorRegistry) null))
        .isInstanceOf(NullPointerException.class);
  }

}
