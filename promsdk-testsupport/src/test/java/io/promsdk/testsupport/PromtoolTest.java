package io.promsdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runs the real promtool; the OpenMetrics cases pin down what the Javadoc of Promtool claims. */
@Tag("peers")
class PromtoolTest {

  @Test
  void acceptsCleanTextFormat() {
    Promtool.Result result =
        Promtool.checkMetrics(
            """
            # HELP requests_total Requests served.
            # TYPE requests_total counter
            requests_total{path="/a\\\\b",q="\\"x\\""} 3
            requests_total{path="/n\\nl"} NaN
            # HELP temperature_celsius Temperature.
            # TYPE temperature_celsius gauge
            temperature_celsius -Inf 1600000000123
            """);

    assertThat(result.ok()).as(result.output()).isTrue();
    assertThat(result.output()).isEmpty();
    assertThat(result.parseError()).isEmpty();
    assertThat(result.lintProblems()).isEmpty();
  }

  @Test
  void reportsLintProblemsApartFromParseErrors() {
    Promtool.Result result =
        Promtool.checkMetrics(
            """
            # TYPE requests counter
            requests 1
            # HELP latency_milliseconds Latency.
            # TYPE latency_milliseconds gauge
            latency_milliseconds 1
            """);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.parseError()).isEmpty();
    assertThat(result.lintProblems())
        .containsExactlyInAnyOrder(
            "requests counter metrics should have \"_total\" suffix",
            "requests no help text",
            "latency_milliseconds use base unit \"seconds\" instead of \"milliseconds\"");
  }

  @Test
  void reportsParseErrorWithoutPrefix() {
    Promtool.Result result =
        Promtool.checkMetrics("# HELP a A\n# TYPE a gauge\na{l=\"unterminated 1\n");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.lintProblems()).isEmpty();
    assertThat(result.parseError())
        .hasValueSatisfying(
            e -> assertThat(e).startsWith("text format parsing error in line 3:"));
    assertThat(result.output()).startsWith("error while linting: ");
  }

  @Test
  void openMetricsEofAndUnitAreIgnoredAsComments() {
    String openMetrics =
        """
        # HELP job_duration_seconds Duration.
        # TYPE job_duration_seconds gauge
        # UNIT job_duration_seconds seconds
        job_duration_seconds 1.5
        # EOF
        """;

    Promtool.Result result = Promtool.checkMetrics(openMetrics);
    assertThat(result.ok()).as(result.output()).isTrue();

    // Not an end marker to promtool: what follows is still parsed.
    Promtool.Result afterEof =
        Promtool.checkMetrics(openMetrics + "# HELP x X\n# TYPE x gauge\nx{bad\n");
    assertThat(afterEof.parseError()).hasValueSatisfying(e -> assertThat(e).contains("line 8"));
  }

  @Test
  void openMetricsCounterAndCreatedBecomeUnrelatedFamilies() {
    Promtool.Result result =
        Promtool.checkMetrics(
            """
            # TYPE requests counter
            # HELP requests Requests.
            requests_total 1
            requests_created 1.6e9
            # EOF
            """);

    assertThat(result.lintProblems())
        .containsExactlyInAnyOrder(
            "requests_total no help text", "requests_created no help text");
  }

  @Test
  void openMetricsExemplarsAndTypesAreParseErrors() {
    assertThat(
            Promtool.checkMetrics(
                    "# HELP a_total A\n# TYPE a_total counter\n"
                        + "a_total 1 # {trace_id=\"abc\"} 1.0\n# EOF\n")
                .parseError())
        .hasValueSatisfying(e -> assertThat(e).contains("expected integer as timestamp"));
    assertThat(
            Promtool.checkMetrics("# HELP a A\n# TYPE a gauge\na 1 1600000000.5\n# EOF\n")
                .parseError())
        .hasValueSatisfying(e -> assertThat(e).contains("expected integer as timestamp"));
    assertThat(
            Promtool.checkMetrics("# HELP a_info A\n# TYPE a_info info\na_info 1\n# EOF\n")
                .parseError())
        .hasValueSatisfying(e -> assertThat(e).contains("unknown metric type \"info\""));
  }
}
