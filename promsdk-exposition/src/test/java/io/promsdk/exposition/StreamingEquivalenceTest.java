package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.testsupport.Seeded;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Writing a registry streams promsdk's metrics instead of snapshotting them, and must not change
 * a byte: for random registries of real metrics, in both formats, with and without {@code
 * _created}, with and without a name filter, the output (or, with strict collectors, the exception)
 * is the one {@code write(out, registry.collect(filter))} gives. Each registry is written twice in
 * each format: the first scrape renders the label pairs the live series keep, the later ones copy
 * them.
 */
class StreamingEquivalenceTest {

  @Test
  void streamingWritesWhatTheSnapshotsWrite() {
    Seeded.check(300, random -> streamingWritesWhatTheSnapshotsWrite(random.nextLong(),
        RandomFamilies.families(random, 0, 3), random.nextBoolean(), random.nextBoolean()));
  }

  private static void streamingWritesWhatTheSnapshotsWrite(long seed, List<MetricSnapshot<?>> custom,
      boolean created, boolean filtered) {
    CollectorRegistry registry = RandomRegistries.registry(seed, custom);
    // Keeps families whose name has an even hash: any subset will do, it only has to be stable.
    Predicate<String> filter = filtered ? name -> name.hashCode() % 2 == 0 : name -> true;
    // Strict: a collision fails both paths alike. Leaving failing collectors out (the default) is
    // CollectorIsolationPropertyTest's subject.
    ExpositionOptions options = ExpositionOptions.builder().createdTimestamps(created).strictCollectors(true).build();
    for (ExpositionFormat format : List.of(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.OPENMETRICS_TEXT,
        ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.OPENMETRICS_TEXT)) {
      String expected = write(out -> format.write(out, registry.collect(filter), options));
      String streamed = write(out -> {
        if (filtered) {
          format.write(out, registry, (name, type) -> filter.test(name), options);
        } else if (created || expected.contains("\n!! ")) {
          format.write(out, registry, (name, type) -> true, options);
        } else {
          format.write(out, registry); // the defaults (no _created) write the same when nothing fails
        }
      });
      assertThat(streamed).as(format.name()).isEqualTo(expected);
    }
  }

  interface Write {
    void to(ByteArrayOutputStream out) throws Exception;
  }

  /** The output, then the exception if one was thrown: both paths must fail alike. */
  static String write(Write write) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String failure = "";
    try {
      write.to(out);
    } catch (Exception e) {
      failure = "\n!! " + e.getClass().getName() + ": " + e.getMessage();
    }
    return out.toString(StandardCharsets.UTF_8) + failure;
  }
}
