package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.testsupport.ParsedFamily;
import io.promsdk.testsupport.Promtool;
import io.promsdk.testsupport.PythonParser;
import io.promsdk.testsupport.Seeded;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Our output checked by real peers: {@code promtool check metrics} (Prometheus 2.42, which only
 * parses the text format 0.0.4; OpenMetrics input fails on its types and float timestamps, see
 * {@link Promtool}) and the Python client's text and OpenMetrics parsers, which must read back
 * the same names, types, help, units, labels, values and timestamps.
 *
 * <p>Each process start costs 0.1-0.3 s, so every check batches many families into one
 * exposition.
 */
@Tag("peers")
class PeerValidationTest {

  @Test
  void seedMetricsPassPromtool() {
    String text = Expositions.write(ExpositionFormat.PROMETHEUS_TEXT, SeedMetrics.snapshots());

    Promtool.Result result = Promtool.checkMetrics(text);

    // The only complaints are about the seed's own names, none about the format.
    assertThat(result.parseError()).isEmpty();
    assertThat(result.lintProblems()).containsExactly(
        "task_time_histogram metric name should not include type 'histogram'",
        "task_time_summary metric name should not include type 'summary'");
  }

  @Test
  void promtoolIsCleanForACleanExposition() {
    String text = Expositions.text(
        Families.counter("http_requests", Families.counterPoint(3, "code", "200")),
        Families.histogram("request_duration_seconds",
            Families.histogramPoint(new double[] {0.1, 1}, new long[] {1, 2, 3}, 1.5)));

    Promtool.Result result = Promtool.checkMetrics(text);

    assertThat(result.ok()).as(result.output()).isTrue();
  }

  @Test
  void seedMetricsParseBackWithPython() {
    MetricSnapshots seed = SeedMetrics.snapshots(false, new long[] {1795609737569L, 1795609737570L, 1795609737568L, 0});
    List<MetricSnapshot<?>> families = seed.asList();

    ExpectedParse.assertMatches(
        PythonParser.parsePrometheusText(Expositions.write(ExpositionFormat.PROMETHEUS_TEXT, seed)),
        ExpectedParse.text(families));
    List<ParsedFamily> om = PythonParser.parseOpenMetrics(
        Expositions.write(ExpositionFormat.OPENMETRICS_TEXT, seed, Expositions.WITH_CREATED));
    ExpectedParse.assertMatches(om, ExpectedParse.openMetrics(families));
    assertThat(om).extracting(ParsedFamily::name, ParsedFamily::type).containsExactly(
        org.assertj.core.groups.Tuple.tuple("api_called", "counter"),
        org.assertj.core.groups.Tuple.tuple("cpu_usage", "gauge"),
        org.assertj.core.groups.Tuple.tuple("task_time_histogram", "histogram"),
        org.assertj.core.groups.Tuple.tuple("task_time_summary", "summary"));
  }

  /** About 400 random families of every type, in batches of 40 to 60. */
  @Test
  void randomFamiliesPassPromtoolAndParseBackInBothFormats() {
    Seeded.check(8, random -> randomFamiliesPassPromtoolAndParseBackInBothFormats(RandomFamilies.families(random, 40, 60)));
  }

  private static void randomFamiliesPassPromtoolAndParseBackInBothFormats(List<MetricSnapshot<?>> families) {
    MetricSnapshots snapshots = new MetricSnapshots(families);
    String text = Expositions.write(ExpositionFormat.PROMETHEUS_TEXT, snapshots);
    // With _created, off by default, so that the parsers check those lines too.
    String openMetrics = Expositions.write(ExpositionFormat.OPENMETRICS_TEXT, snapshots, Expositions.WITH_CREATED);

    Promtool.Result promtool = Promtool.checkMetrics(text);
    assertThat(promtool.parseError()).as("promtool on\n%s", text).isEmpty();
    ExpectedParse.assertMatches(PythonParser.parsePrometheusText(text), ExpectedParse.text(families));
    ExpectedParse.assertMatches(PythonParser.parseOpenMetrics(openMetrics), ExpectedParse.openMetrics(families));
  }
}
