package io.promsdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("peers")
class PythonParserTest {

  @Test
  void textFormatUnescapesLabelValuesAndHelp() {
    // Exposition: help "a \\ b \n c" (escaped backslash, escaped newline, quotes stay raw) and
    // a label value with escaped backslash, quote and newline plus non-ASCII and non-BMP text.
    String text =
        "# HELP t_seconds Help \\\\ with \\n newline and \"quotes\" ü\n"
            + "# TYPE t_seconds gauge\n"
            + "t_seconds{path=\"C:\\\\dir\",q=\"say \\\"hi\\\"\",nl=\"a\\nb\",u=\"ü \uD83D\uDE00\"} 1.5\n";

    List<ParsedFamily> families = PythonParser.parsePrometheusText(text);

    assertThat(families)
        .containsExactly(
            new ParsedFamily(
                "t_seconds",
                "gauge",
                "Help \\ with \n newline and \"quotes\" ü",
                "",
                List.of(
                    new ParsedSample(
                        "t_seconds",
                        Map.of(
                            "path", "C:\\dir",
                            "q", "say \"hi\"",
                            "nl", "a\nb",
                            "u", "ü \uD83D\uDE00"),
                        1.5,
                        null))));
    assertThat(families.get(0).samples().get(0).labels().keySet())
        .containsExactly("path", "q", "nl", "u");
  }

  @Test
  void specialValuesAndTimestampsRoundTrip() {
    String text =
        "# TYPE v untyped\n"
            + "v{k=\"nan\"} NaN\n"
            + "v{k=\"pinf\"} +Inf\n"
            + "v{k=\"ninf\"} -Inf 1600000000123\n"
            + "v{k=\"tiny\"} 4.9e-324\n"
            + "v{k=\"big\"} 1.7976931348623157e308\n"
            + "v{k=\"third\"} 0.3333333333333333\n";

    List<ParsedSample> samples = PythonParser.parsePrometheusText(text).get(0).samples();

    assertThat(samples).extracting(ParsedSample::value)
        .containsExactly(
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            Double.MAX_VALUE, 1.0 / 3);
    assertThat(samples.get(2).timestamp()).isEqualTo(1600000000.123);
    assertThat(samples.get(0).timestamp()).isNull();
  }

  @Test
  void textCounterFamilyNameDropsTotal() {
    List<ParsedFamily> families =
        PythonParser.parsePrometheusText(
            "# HELP jobs_total Jobs.\n# TYPE jobs_total counter\njobs_total 7\n");

    assertThat(families).singleElement().satisfies(f -> {
      assertThat(f.name()).isEqualTo("jobs");
      assertThat(f.type()).isEqualTo("counter");
      assertThat(f.samples("jobs_total")).extracting(ParsedSample::value).containsExactly(7.0);
    });
  }

  @Test
  void openMetricsWithUnitCreatedExemplarAndEof() {
    String text =
        """
        # TYPE rpc_seconds histogram
        # UNIT rpc_seconds seconds
        # HELP rpc_seconds RPC latency with a \\\\ and a \\n and a \\".
        rpc_seconds_bucket{le="0.5"} 1 # {trace_id="a\\"b"} 0.25 1600000000.5
        rpc_seconds_bucket{le="+Inf"} 2
        rpc_seconds_count 2
        rpc_seconds_sum 3.25
        rpc_seconds_created 1600000000.0
        # TYPE build info
        build_info{version="1.0"} 1
        # EOF
        """;

    List<ParsedFamily> families = PythonParser.parseOpenMetrics(text);

    assertThat(families).extracting(ParsedFamily::name).containsExactly("rpc_seconds", "build");
    ParsedFamily histogram = families.get(0);
    assertThat(histogram.type()).isEqualTo("histogram");
    assertThat(histogram.unit()).isEqualTo("seconds");
    assertThat(histogram.help()).isEqualTo("RPC latency with a \\ and a \n and a \".");
    assertThat(histogram.samples("rpc_seconds_bucket").get(0))
        .isEqualTo(
            new ParsedSample(
                "rpc_seconds_bucket",
                Map.of("le", "0.5"),
                1.0,
                null,
                new ParsedExemplar(Map.of("trace_id", "a\"b"), 0.25, 1600000000.5)));
    assertThat(histogram.samples("rpc_seconds_created"))
        .extracting(ParsedSample::value)
        .containsExactly(1.6e9);
    assertThat(families.get(1).type()).isEqualTo("info");
  }

  @Test
  void openMetricsWithoutEofIsAParseError() {
    assertThatThrownBy(() -> PythonParser.parseOpenMetrics("# TYPE a gauge\na 1\n"))
        .isInstanceOfSatisfying(
            PythonParser.ParseException.class,
            e -> assertThat(e.pythonError()).isEqualTo("ValueError: Missing # EOF at end"));
  }

  @Test
  void textParseErrorCarriesPythonMessage() {
    assertThatThrownBy(() -> PythonParser.parsePrometheusText("a{b=\"1 1\n"))
        .isInstanceOf(PythonParser.ParseException.class)
        .hasMessageContaining("Prometheus text")
        .hasMessageContaining("Invalid metric name");
  }

  @Test
  void emptyInputHasNoFamilies() {
    assertThat(PythonParser.parsePrometheusText("")).isEmpty();
    assertThat(PythonParser.parseOpenMetrics("# EOF\n")).isEmpty();
  }
}
