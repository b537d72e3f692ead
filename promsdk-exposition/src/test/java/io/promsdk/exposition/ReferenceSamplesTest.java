package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.promsdk.exposition.ExpositionLines.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Our output for the seed's four metrics against what client_java 1.10 and client_python 0.16
 * print for them ({@code shared/samples}, see its README).
 *
 * <p>Where the specs leave a choice, the clients differ from each other and we follow one:
 *
 * <ul>
 *   <li>Series order within a family: client_java sorts by label values, client_python keeps
 *       insertion order, we keep the order of the snapshot (text format: "reproducible sorting
 *       ... is preferred but not required"; OpenMetrics: no order required for Metrics).
 *   <li>HELP/TYPE order in OpenMetrics: client_java writes TYPE first, client_python HELP first;
 *       the spec says the order SHOULD be TYPE, UNIT, HELP, which we follow. In the text format
 *       all three write HELP first ("in no particular order").
 *   <li>Counts: client_python writes {@code 10.0}, client_java and we write {@code 10}. Both are
 *       the same value; OpenMetrics only requires count values to be integers.
 *   <li>{@code _created}: client_python writes it in both formats (in the text format as separate
 *       {@code x_created} gauge families), client_java in neither (by default); we follow
 *       client_java by default, as each {@code _created} is one more series per child in
 *       Prometheus 2.x. With {@link ExpositionOptions#createdTimestamps()} we write it in
 *       OpenMetrics when the data point has one, and never in the text format, which has no such
 *       concept.
 *   <li>client_python's summary has no quantiles (its Summary type cannot compute them).
 * </ul>
 */
class ReferenceSamplesTest {
  /** client_python's created timestamps, truncated to the milliseconds our snapshots hold. */
  private static final long[] PYTHON_CREATED = {
    1795609737569L, 1795609737569L, 1795609737569L, 1795609737569L
  };

  static String reference(String file) throws IOException {
    // /work/main is the reactor root and the tests run in /work/main/promsdk-exposition.
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("../shared/samples"))) {
      dir = dir.getParent();
    }
    assertThat(dir)
        .as("shared/samples (../shared/samples from the repository root) not found above %s",
            Path.of("").toAbsolutePath())
        .isNotNull();
    Path path = dir.resolve("../shared/samples").resolve(file).normalize();
    assertThat(path).as("reference sample %s", path).isRegularFile();
    return Files.readString(path, StandardCharsets.UTF_8);
  }

  @Test
  void textFormatIsByteIdenticalToClientJava() throws IOException {
    // Same series order (sorted) and no created timestamps, as client_java's default.
    String ours = Expositions.write(ExpositionFormat.PROMETHEUS_TEXT, SeedMetrics.snapshots());

    assertThat(ours).isEqualTo(reference("client_java-text.txt"));
  }

  @Test
  void openMetricsIsByteIdenticalToClientJava() throws IOException {
    // The snapshots have created timestamps; by default, as client_java, we leave them out.
    String ours = Expositions.write(ExpositionFormat.OPENMETRICS_TEXT,
        SeedMetrics.snapshots(true, PYTHON_CREATED));

    assertThat(ours).isEqualTo(reference("client_java-openmetrics.txt"));
  }

  @Test
  void textFormatAgreesWithClientPython() throws IOException {
    String python = reference("client_python-text.txt");
    String ours = Expositions.write(ExpositionFormat.PROMETHEUS_TEXT,
        SeedMetrics.snapshots(false, PYTHON_CREATED));

    // The metadata lines are identical, apart from client_python's extra _created families.
    assertThat(ExpositionLines.metadata(ours))
        .containsExactlyElementsOf(ExpositionLines.metadata(python).stream()
            .filter(m -> !m.name().endsWith("_created"))
            .toList());
    // The same series with the same values, in the same order; except _created and the summary
    // quantiles client_python doesn't have.
    assertThat(values(ours, s -> !isQuantile(s)))
        .isEqualTo(values(python, s -> !s.name().endsWith("_created")));
    // Sample lines whose value is not a count are identical, e.g. counter values as 3.0.
    assertThat(python.lines()).contains(
        "api_called_total{inner_ip=\"127.0.0.1\"} 3.0",
        "api_called_total{inner_ip=\"10.0.0.2\"} 1.0",
        "cpu_usage 42.5",
        "task_time_histogram_sum 26.099999999999998",
        "task_time_summary_sum 26.099999999999998");
    assertThat(ours.lines()).contains(python.lines()
        .filter(l -> l.startsWith("api_called_total") || l.startsWith("cpu_usage ")
            || l.contains("_sum "))
        .toArray(String[]::new));
  }

  @Test
  void openMetricsAgreesWithClientPython() throws IOException {
    String python = reference("client_python-openmetrics.txt");
    String ours = Expositions.write(ExpositionFormat.OPENMETRICS_TEXT,
        SeedMetrics.snapshots(false, PYTHON_CREATED), Expositions.WITH_CREATED);

    // Same metadata, except that we order TYPE before HELP as the spec recommends.
    assertThat(ExpositionLines.metadata(ours)).containsExactlyInAnyOrderElementsOf(
        ExpositionLines.metadata(python));
    for (int i = 0; i < ExpositionLines.metadata(ours).size(); i += 2) {
      assertThat(ExpositionLines.metadata(ours).get(i).keyword()).isEqualTo("TYPE");
    }
    // Same series in the same order with the same values; _created to the millisecond.
    Map<String, Double> ourValues = values(ours, s -> !isQuantile(s));
    Map<String, Double> pythonValues = values(python, s -> true);
    assertThat(ourValues.keySet()).containsExactlyElementsOf(pythonValues.keySet());
    pythonValues.forEach((series, value) ->
        assertThat(ourValues.get(series)).as(series).isCloseTo(value, within(0.001)));
    assertThat(ours).endsWith("\n# EOF\n");
    assertThat(python).endsWith("\n# EOF\n");
  }

  @Test
  void bothClientsAgreeWithUsOnTheNumbersTheSpecsFix() throws IOException {
    String java = reference("client_java-text.txt");
    String python = reference("client_python-text.txt");
    String ours = Expositions.write(ExpositionFormat.PROMETHEUS_TEXT, SeedMetrics.snapshots());

    // Canonical le values, +Inf, and counts equal to the +Inf bucket.
    for (String exposition : List.of(java, python, ours)) {
      List<Sample> buckets = ExpositionLines.samples(exposition).stream()
          .filter(s -> s.name().equals("task_time_histogram_bucket"))
          .toList();
      assertThat(buckets).extracting(s -> s.labels().get("le"))
          .containsExactly("1.0", "2.0", "3.0", "4.0", "5.0", "+Inf");
      assertThat(buckets).extracting(Sample::doubleValue)
          .containsExactly(2.0, 4.0, 6.0, 8.0, 9.0, 10.0);
    }
    assertThat(ExpositionLines.samples(java).stream()
        .filter(s -> s.name().equals("task_time_summary"))
        .map(s -> s.labels().get("quantile")))
        .containsExactly("0.5", "0.9", "0.99");
  }

  private static boolean isQuantile(Sample s) {
    return s.labels().containsKey("quantile"); // client_python's summary has none
  }

  /** Series to value, in order, of the samples {@code keep} accepts. */
  private static Map<String, Double> values(String exposition, Predicate<Sample> keep) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (Sample s : ExpositionLines.samples(exposition)) {
      if (keep.test(s)) {
        values.put(s.series(), s.doubleValue());
      }
    }
    return values;
  }
}
