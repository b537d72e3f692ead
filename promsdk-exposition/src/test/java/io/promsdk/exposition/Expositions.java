package io.promsdk.exposition;

import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test helpers: write snapshots to a String. */
final class Expositions {
  private Expositions() {}

  static String write(ExpositionFormat format, MetricSnapshots snapshots) {
    return write(format, snapshots, ExpositionOptions.defaults());
  }

  static String write(ExpositionFormat format, MetricSnapshots snapshots, ExpositionOptions options) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      format.write(out, snapshots, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static String text(MetricSnapshot<?>... families) {
    return write(ExpositionFormat.PROMETHEUS_TEXT, MetricSnapshots.of(families));
  }

  static String openMetrics(MetricSnapshot<?>... families) {
    return write(ExpositionFormat.OPENMETRICS_TEXT, MetricSnapshots.of(families));
  }

  /** Options with {@code _created} samples on, which are off by default. */
  static final ExpositionOptions WITH_CREATED = ExpositionOptions.builder().createdTimestamps(true).build();

  static String openMetricsWithCreated(MetricSnapshot<?>... families) {
    return write(ExpositionFormat.OPENMETRICS_TEXT, MetricSnapshots.of(families), WITH_CREATED);
  }
}
