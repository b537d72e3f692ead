package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.MetricSnapshot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Writing a registry streams promsdk's metrics instead of snapshotting them, and must not change
 * a byte: for random registries of real metrics, in both formats, with and without {@code
 * _created}, with and without a name filter, the output (or the exception) is the one {@code
 * write(out, registry.collect(filter))} gives.
 */
class StreamingEquivalenceTest {

  @Property(tries = 300)
  void streamingWritesWhatTheSnapshotsWrite(@ForAll long seed,
      @ForAll("custom") List<MetricSnapshot<?>> custom, @ForAll boolean created,
      @ForAll boolean filtered) throws Exception {
    CollectorRegistry registry = RandomRegistries.registry(seed, custom);
    // Keeps families whose name has an even hash: any subset will do, it only has to be stable.
    Predicate<String> filter = filtered ? name -> name.hashCode() % 2 == 0 : name -> true;
    ExpositionOptions options = ExpositionOptions.builder().createdTimestamps(created).build();
    for (ExpositionFormat format : List.of(ExpositionFormat.PROMETHEUS_TEXT, ExpositionFormat.OPENMETRICS_TEXT)) {
      String expected = write(out -> format.write(out, registry.collect(filter), options));
      String streamed = write(out -> {
        if (filtered) {
          format.write(out, registry, (name, type) -> filter.test(name), options);
        } else if (created) {
          format.write(out, registry, (name, type) -> true, options);
        } else {
          format.write(out, registry); // the defaults: no _created
        }
      });
      assertThat(streamed).as(format.name()).isEqualTo(expected);
    }
  }

  @Provide
  Arbitrary<List<MetricSnapshot<?>>> custom() {
    return RandomFamilies.families(0, 3);
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
