package io.promsdk.exposition;

import static io.promsdk.exposition.ExpositionFormat.OPENMETRICS_TEXT;
import static io.promsdk.exposition.ExpositionFormat.PROMETHEUS_PROTOBUF;
import static io.promsdk.exposition.ExpositionFormat.PROMETHEUS_TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.testsupport.Draw;
import io.promsdk.testsupport.Seeded;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.stream.Stream;

/** {@link ExpositionFormat#forAcceptHeader} with what real scrapers and clients send. */
class ContentNegotiationTest {

  static Stream<Arguments> realHeaders() {
    return Stream.of(
        // Prometheus 2.x (2.42 scrape.go, scrapeAcceptHeader).
        Arguments.of("Prometheus 2.42",
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
            OPENMETRICS_TEXT),
        // Prometheus 2.42 with --enable-feature=native-histograms (scrapeAcceptHeaderWithProtobuf):
        // protobuf at q=1 wins.
        Arguments.of("Prometheus 2.42 native histograms",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,"
                + "application/openmetrics-text;version=1.0.0;q=0.8,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
            PROMETHEUS_PROTOBUF),
        // Prometheus 3.x (scrape_test.go TestAcceptHeader), per metric_name_escaping_scheme.
        Arguments.of("Prometheus 3 underscores",
            "application/openmetrics-text;version=1.0.0;escaping=underscores;q=0.6,"
                + "application/openmetrics-text;version=0.0.1;q=0.5,"
                + "text/plain;version=1.0.0;escaping=underscores;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
            OPENMETRICS_TEXT),
        Arguments.of("Prometheus 3 allow-utf-8",
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                + "application/openmetrics-text;version=0.0.1;q=0.5,"
                + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
            OPENMETRICS_TEXT),
        Arguments.of("Prometheus 3 protobuf first, dots",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.6,"
                + "application/openmetrics-text;version=1.0.0;escaping=dots;q=0.5,"
                + "application/openmetrics-text;version=0.0.1;q=0.4,"
                + "text/plain;version=1.0.0;escaping=dots;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1",
            PROMETHEUS_PROTOBUF),
        // Prometheus 3.3 as captured by a target (escaping on every entry).
        Arguments.of("Prometheus 3.3",
            "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
                + "application/openmetrics-text;version=0.0.1;escaping=allow-utf-8;q=0.5,"
                + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
                + "text/plain;version=0.0.4;escaping=allow-utf-8;q=0.3,*/*;q=0.2",
            OPENMETRICS_TEXT),
        // scrape_protocols: [PrometheusText1.0.0, PrometheusText0.0.4]
        Arguments.of("Prometheus 3 text only",
            "text/plain;version=1.0.0;escaping=underscores;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1",
            PROMETHEUS_TEXT),
        // scrape_protocols: [PrometheusProto]
        Arguments.of("Prometheus protobuf only",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.2,*/*;q=0.1",
            PROMETHEUS_PROTOBUF),
        Arguments.of("the samples' exporters, text", "text/plain;version=0.0.4", PROMETHEUS_TEXT),
        Arguments.of("the samples' exporters, OpenMetrics", "application/openmetrics-text;version=1.0.0", OPENMETRICS_TEXT),
        Arguments.of("curl", "*/*", PROMETHEUS_TEXT),
        Arguments.of("Firefox", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", PROMETHEUS_TEXT),
        Arguments.of("Chrome",
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
                + "application/signed-exchange;v=b3;q=0.7",
            PROMETHEUS_TEXT),
        Arguments.of("Java HttpURLConnection", "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2", PROMETHEUS_TEXT),
        Arguments.of("VictoriaMetrics-like", "application/openmetrics-text, text/plain;q=0.9", OPENMETRICS_TEXT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realHeaders")
  void realHeaders(String who, String accept, ExpositionFormat expected) {
    assertThat(ExpositionFormat.forAcceptHeader(accept)).isSameAs(expected);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "garbage", ",,,", ";;;", "/", "text/", "/plain", "text/plain/x", "q=1",
      "application/json", "application/openmetrics-text;version=2.0.0", "text/plain;version=9.9.9",
      "application/openmetrics-text;q=0", "application/openmetrics-text;q=abc", "application/openmetrics-text;q=1.5",
      "application/openmetrics-text;q=-1", "application/openmetrics-text;version=\"1.0.0", "\"application/openmetrics-text\""})
  void fallsBackToTheTextFormat(String accept) {
    assertThat(ExpositionFormat.forAcceptHeader(accept)).isSameAs(PROMETHEUS_TEXT);
  }

  static Stream<Arguments> choices() {
    return Stream.of(
        Arguments.of("application/openmetrics-text", OPENMETRICS_TEXT),
        Arguments.of("application/openmetrics-text;version=0.0.1", OPENMETRICS_TEXT),
        Arguments.of("APPLICATION/OpenMetrics-Text; Version=1.0.0", OPENMETRICS_TEXT),
        Arguments.of("  application/openmetrics-text ; version = 1.0.0 ; q = 0.9 , text/plain ; q = 0.5 ", OPENMETRICS_TEXT),
        Arguments.of("application/openmetrics-text;version=\"1.0.0\";charset=\"utf-8\"", OPENMETRICS_TEXT),
        Arguments.of("application/openmetrics-text;foo=\"a,b;c\";version=1.0.0", OPENMETRICS_TEXT),
        Arguments.of("text/plain;q=0.5, application/openmetrics-text", OPENMETRICS_TEXT),
        Arguments.of("text/plain;q=0.5,garbage;;;,application/openmetrics-text;q=0.6", OPENMETRICS_TEXT),
        Arguments.of("text/plain;version=0.0.4;q=0.5,application/openmetrics-text;q=0.5;version=1.0.0;q=0.6", OPENMETRICS_TEXT),
        Arguments.of("application/*", OPENMETRICS_TEXT),
        Arguments.of("text/plain;q=0, */*", OPENMETRICS_TEXT),
        Arguments.of("application/openmetrics-text;version=2.0.0, application/openmetrics-text;version=1.0.0;q=0.1", OPENMETRICS_TEXT),
        Arguments.of("text/plain", PROMETHEUS_TEXT),
        Arguments.of("text/plain;version=1.0.0;escaping=allow-utf-8", PROMETHEUS_TEXT),
        Arguments.of("text/*", PROMETHEUS_TEXT),
        Arguments.of("*", PROMETHEUS_TEXT),
        // ties go to the earlier range
        Arguments.of("text/plain, application/openmetrics-text", PROMETHEUS_TEXT),
        Arguments.of("text/plain;q=0.5, application/openmetrics-text;q=0.5", PROMETHEUS_TEXT),
        // the most specific range decides a format's q
        Arguments.of("application/openmetrics-text;q=0, */*", PROMETHEUS_TEXT),
        Arguments.of("application/openmetrics-text;version=1.0.0;q=0.1, application/*;q=0.9, text/plain;q=0.5", PROMETHEUS_TEXT),
        Arguments.of("application/openmetrics-text;version=1.0.0;q=0.3,text/plain;version=0.0.4;q=0.4", PROMETHEUS_TEXT),
        Arguments.of("application/openmetrics-text;q=0.001, text/plain;q=0.002", PROMETHEUS_TEXT),
        // protobuf: only when named with proto and encoding=delimited; never through a wildcard
        Arguments.of("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited",
            PROMETHEUS_PROTOBUF),
        Arguments.of("Application/Vnd.Google.Protobuf; Proto=\"io.prometheus.client.MetricFamily\"; Encoding=delimited",
            PROMETHEUS_PROTOBUF),
        Arguments.of("text/plain;q=0.5,application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
            + "encoding=delimited;q=0.6", PROMETHEUS_PROTOBUF),
        Arguments.of("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.5,"
            + "text/plain", PROMETHEUS_TEXT),
        Arguments.of("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0,"
            + "*/*;q=0.1", PROMETHEUS_TEXT),
        Arguments.of("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=text",
            PROMETHEUS_TEXT),
        Arguments.of("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=compact-text",
            PROMETHEUS_TEXT),
        Arguments.of("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily", PROMETHEUS_TEXT),
        Arguments.of("application/vnd.google.protobuf;encoding=delimited", PROMETHEUS_TEXT),
        Arguments.of("application/vnd.google.protobuf;proto=other.Message;encoding=delimited", PROMETHEUS_TEXT),
        Arguments.of("application/vnd.google.protobuf", PROMETHEUS_TEXT),
        Arguments.of("application/*;proto=io.prometheus.client.MetricFamily;encoding=delimited", OPENMETRICS_TEXT));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("choices")
  void chooses(String accept, ExpositionFormat expected) {
    assertThat(ExpositionFormat.forAcceptHeader(accept)).isSameAs(expected);
  }

  @Test
  void neverFailsOnAnyInput() {
    Seeded.check(1000, random -> {
      String accept = accept(random);
      assertThat(ExpositionFormat.forAcceptHeader(accept)).as("Accept: %s", accept)
          .isIn(PROMETHEUS_TEXT, OPENMETRICS_TEXT, PROMETHEUS_PROTOBUF);
    });
  }

  /** Half any UTF-16 text; half pieces of the header's own grammar in any order, to get past its first checks. */
  private static String accept(Random random) {
    if (random.nextBoolean()) {
      return Draw.chars(random, 255);
    }
    StringBuilder sb = new StringBuilder();
    for (int n = Draw.size(random, 0, 20); n > 0; n--) {
      sb.append(random.nextInt(4) == 0 ? Draw.chars(random, 3) : Draw.oneOf(random, "application/openmetrics-text",
          "text/plain", "*/*", "*", "application/*", "text/*", ";", ",", " ", "=", "\"", "q", "q=", "0", "1",
          "0.5", "1.0", "1.5", "-1", "version", "version=1.0.0", "version=0.0.4", "escaping=underscores",
          "charset=utf-8", "e", "\\", "\t", "application/vnd.google.protobuf",
          "proto=io.prometheus.client.MetricFamily", "encoding=delimited"));
    }
    return sb.toString();
  }
}
