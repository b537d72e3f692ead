package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Summary;
import io.promsdk.testsupport.ParsedFamily;
import io.promsdk.testsupport.Promtool;
import io.promsdk.testsupport.PythonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed's four metrics built with the real metric classes (not hand-made snapshots), after the
 * operations of {@code shared/samples/README.md}, against client_java's output, promtool and the
 * Python client's parsers.
 */
@Tag("peers")
class SeedMetricsEndToEndTest {
  private final CollectorRegistry registry = new CollectorRegistry();

  @BeforeEach
  void recordTheSamplesOperations() {
    Counter counter = Counter.builder().name("api_called_total").help("api called count")
        .labelNames("inner_ip").register(registry);
    Gauge gauge = Gauge.builder().name("cpu_usage").help("cpu usage").register(registry);
    Histogram histogram = Histogram.builder().name("task_time_histogram").help("task time histogram")
        .buckets(1, 2, 3, 4, 5).register(registry);
    Summary summary = Summary.builder().name("task_time_summary").help("task time summary")
        .quantile(0.5, 0.05).quantile(0.9, 0.01).quantile(0.99, 0.001).register(registry);
    counter.labelValues("127.0.0.1").inc(3);
    counter.labelValues("10.0.0.2").inc(1);
    gauge.set(42.5);
    for (double v : SeedMetrics.OBSERVATIONS) {
      histogram.observe(v);
      summary.observe(v);
    }
  }

  @Test
  void textFormatHasExactlyClientJavasLines() throws IOException {
    String ours = Expositions.write(ExpositionFormat.PROMETHEUS_TEXT, registry.collect());
    // Only the order of the two counter series differs: client_java sorts by label value, we keep
    // insertion order (the text format prefers but does not require a reproducible order).
    assertThat(sortedLines(ours)).isEqualTo(sortedLines(ReferenceSamplesTest.reference("client_java-text.txt")));
  }

  @Test
  void openMetricsHasExactlyClientJavasLinesByDefault() throws IOException {
    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    ExpositionFormat.OPENMETRICS_TEXT.write(streamed, registry);
    for (String ours : List.of(streamed.toString(StandardCharsets.UTF_8),
        Expositions.write(ExpositionFormat.OPENMETRICS_TEXT, registry.collect()))) {
      assertThat(ours).doesNotContain("_created");
      // 16 samples: 2 counter series, 1 gauge, 6 buckets + count + sum, 3 quantiles + count + sum.
      assertThat(sampleLines(ours)).hasSize(16);
      assertThat(sortedLines(ours))
          .isEqualTo(sortedLines(ReferenceSamplesTest.reference("client_java-openmetrics.txt")));
    }
  }

  @Test
  void openMetricsHasClientJavasLinesPlusCreatedWhenAsked() throws IOException {
    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    ExpositionFormat.OPENMETRICS_TEXT.write(streamed, registry, (name, type) -> true, Expositions.WITH_CREATED);
    String ours = streamed.toString(StandardCharsets.UTF_8);
    assertThat(ours).endsWith("# EOF\n");
    List<String> created = Arrays.stream(ours.split("\n")).filter(l -> l.contains("_created")).toList();
    // One _created per counter series, histogram and summary, which client_java omits by default.
    assertThat(created).hasSize(4);
    assertThat(sampleLines(ours)).hasSize(20);
    String withoutCreated = String.join("\n",
        Arrays.stream(ours.split("\n")).filter(l -> !l.contains("_created")).toList()) + "\n";
    assertThat(sortedLines(withoutCreated))
        .isEqualTo(sortedLines(ReferenceSamplesTest.reference("client_java-openmetrics.txt")));
  }

  @Test
  void promtoolAndPythonAcceptBothFormats() {
    String text = Expositions.write(ExpositionFormat.PROMETHEUS_TEXT, registry.collect());
    Promtool.Result result = Promtool.checkMetrics(text);
    assertThat(result.parseError()).as(result.output()).isEmpty();

    List<ParsedFamily> fromText = PythonParser.parsePrometheusText(text);
    List<ParsedFamily> fromOpenMetrics = PythonParser.parseOpenMetrics(
        Expositions.write(ExpositionFormat.OPENMETRICS_TEXT, registry.collect()));
    for (List<ParsedFamily> families : List.of(fromText, fromOpenMetrics)) {
      assertThat(families).extracting(ParsedFamily::name)
          .containsExactly("api_called", "cpu_usage", "task_time_histogram", "task_time_summary");
      assertThat(families.get(0).samples("api_called_total")).hasSize(2);
      assertThat(families.get(2).samples("task_time_histogram_bucket")).hasSize(6);
      assertThat(families.get(3).samples("task_time_summary")).extracting(s -> s.value())
          .containsExactly(2.2, 4.5, 5.5);
    }
  }

  private static List<String> sampleLines(String exposition) {
    return exposition.lines().filter(l -> !l.startsWith("#")).toList();
  }

  private static List<String> sortedLines(String exposition) {
    return Arrays.stream(exposition.split("\n")).sorted().toList();
  }
}
