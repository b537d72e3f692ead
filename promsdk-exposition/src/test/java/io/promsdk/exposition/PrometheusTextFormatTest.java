package io.promsdk.exposition;

import static io.promsdk.exposition.Expositions.text;
import static io.promsdk.exposition.Families.counter;
import static io.promsdk.exposition.Families.counterPoint;
import static io.promsdk.exposition.Families.gauge;
import static io.promsdk.exposition.Families.gaugeHistogram;
import static io.promsdk.exposition.Families.gaugePoint;
import static io.promsdk.exposition.Families.histogram;
import static io.promsdk.exposition.Families.histogramPoint;
import static io.promsdk.exposition.Families.info;
import static io.promsdk.exposition.Families.meta;
import static io.promsdk.exposition.Families.stateSet;
import static io.promsdk.exposition.Families.summary;
import static io.promsdk.exposition.Families.summaryPoint;
import static io.promsdk.exposition.Families.unknown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.CounterSnapshot.CounterDataPoint;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.Quantiles;
import io.promsdk.core.model.StateSetSnapshot.StateSetDataPoint;
import io.promsdk.core.model.SummarySnapshot;
import io.promsdk.core.model.SummarySnapshot.SummaryDataPoint;
import io.promsdk.core.model.Unit;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Prometheus text format 0.0.4, rule by rule. */
class PrometheusTextFormatTest {

  @Test
  void nameAndContentType() {
    assertThat(ExpositionFormat.PROMETHEUS_TEXT.name()).isEqualTo("PrometheusText0.0.4");
    assertThat(ExpositionFormat.PROMETHEUS_TEXT.contentType())
        .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(ExpositionFormat.PROMETHEUS_TEXT).hasToString("PrometheusText0.0.4");
  }

  @Test
  void counterIsWrittenUnderItsTotalNameWithoutCreated() {
    CounterSnapshot c = new CounterSnapshot(meta("requests", "Requests."),
        List.of(new CounterDataPoint(7, Labels.of("path", "/"), 1700000000123L, 0)));

    assertThat(text(c)).isEqualTo("""
        # HELP requests_total Requests.
        # TYPE requests_total counter
        requests_total{path="/"} 7.0
        """);
  }

  @Test
  void gaugeKeepsLabelOrderAndSeriesOrder() {
    assertThat(text(gauge("temp", gaugePoint(-1.5, "z", "1", "a", "2"), gaugePoint(3, "z", "0", "a", "1"))))
        .isEqualTo("""
            # HELP temp h
            # TYPE temp gauge
            temp{z="1",a="2"} -1.5
            temp{z="0",a="1"} 3.0
            """);
  }

  @Test
  void unknownIsUntyped() {
    assertThat(text(unknown("legacy", 2.5))).isEqualTo("""
        # HELP legacy h
        # TYPE legacy untyped
        legacy 2.5
        """);
  }

  @Test
  void infoIsAGaugeNamedWithInfoSuffixValuedOne() {
    assertThat(text(info("build", "version", "1.2", "commit", "abc"))).isEqualTo("""
        # HELP build_info h
        # TYPE build_info gauge
        build_info{version="1.2",commit="abc"} 1
        """);
  }

  @Test
  void stateSetIsAGaugeWithOneSamplePerStateLabelledByTheMetricName() {
    StateSetDataPoint d = new StateSetDataPoint(new String[] {"ready", "busy"},
        new boolean[] {true, false}, Labels.of("pool", "a"));

    assertThat(text(stateSet("state", d))).isEqualTo("""
        # HELP state h
        # TYPE state gauge
        state{pool="a",state="ready"} 1
        state{pool="a",state="busy"} 0
        """);
  }

  @Test
  void histogramHasCumulativeBucketsWithLeLastThenCountAndSum() {
    assertThat(text(histogram("latency_seconds",
        histogramPoint(new double[] {0.005, 0.5, 1, 100000, 1e6}, new long[] {0, 1, 3, 3, 4, 5}, 7.25, "m", "GET"))))
        .isEqualTo("""
            # HELP latency_seconds h
            # TYPE latency_seconds histogram
            latency_seconds_bucket{m="GET",le="0.005"} 0
            latency_seconds_bucket{m="GET",le="0.5"} 1
            latency_seconds_bucket{m="GET",le="1.0"} 3
            latency_seconds_bucket{m="GET",le="100000.0"} 3
            latency_seconds_bucket{m="GET",le="1e+06"} 4
            latency_seconds_bucket{m="GET",le="+Inf"} 5
            latency_seconds_count{m="GET"} 5
            latency_seconds_sum{m="GET"} 7.25
            """);
  }

  @Test
  void gaugeHistogramIsAHistogramAndKeepsANaNSum() {
    assertThat(text(gaugeHistogram("queue_age", histogramPoint(new double[] {-1}, new long[] {1, 2}, Double.NaN))))
        .isEqualTo("""
            # HELP queue_age h
            # TYPE queue_age histogram
            queue_age_bucket{le="-1.0"} 1
            queue_age_bucket{le="+Inf"} 2
            queue_age_count 2
            queue_age_sum NaN
            """);
  }

  @Test
  void summaryHasQuantilesThenCountAndSum() {
    assertThat(text(summary("rpc_seconds",
        summaryPoint(4, 2.5, new double[] {0, 0.5, 0.95, 0.999, 1}, new double[] {0.1, -0.2, Double.NaN, 1, 2}, "rpc", "x"))))
        .isEqualTo("""
            # HELP rpc_seconds h
            # TYPE rpc_seconds summary
            rpc_seconds{rpc="x",quantile="0.0"} 0.1
            rpc_seconds{rpc="x",quantile="0.5"} -0.2
            rpc_seconds{rpc="x",quantile="0.95"} NaN
            rpc_seconds{rpc="x",quantile="0.999"} 1.0
            rpc_seconds{rpc="x",quantile="1.0"} 2.0
            rpc_seconds_count{rpc="x"} 4
            rpc_seconds_sum{rpc="x"} 2.5
            """);
  }

  @Test
  void emptyFamiliesHaveOnlyTheirMetadata() {
    assertThat(text(new GaugeSnapshot(meta("idle", "Idle."), List.of()),
        new SummarySnapshot(meta("rpc", ""), List.of())))
        .isEqualTo("""
            # HELP idle Idle.
            # TYPE idle gauge
            # TYPE rpc summary
            """);
    assertThat(text()).isEmpty();
  }

  @Test
  void helpEscapesBackslashAndNewlineButNotQuotes() {
    GaugeSnapshot g = new GaugeSnapshot(meta("g", "a\\b\nc \"q\" ü ☃ 𝄞"), List.of());

    assertThat(text(g)).startsWith("# HELP g a\\\\b\\nc \"q\" ü ☃ 𝄞\n");
  }

  @Test
  void labelValuesEscapeBackslashQuoteAndNewline() {
    assertThat(text(gauge("g", gaugePoint(1, "path", "C:\\DIR\\F.TXT", "err", "not found:\n\"F.TXT\"", "u", "ü☃𝄞"))))
        .endsWith("g{path=\"C:\\\\DIR\\\\F.TXT\",err=\"not found:\\n\\\"F.TXT\\\"\",u=\"ü☃𝄞\"} 1.0\n");
  }

  @Test
  void specialAndExtremeValues() {
    String out = text(gauge("g",
        gaugePoint(Double.NaN, "v", "nan"),
        gaugePoint(Double.POSITIVE_INFINITY, "v", "pinf"),
        gaugePoint(Double.NEGATIVE_INFINITY, "v", "ninf"),
        gaugePoint(-0.0, "v", "nzero"),
        gaugePoint(1e300, "v", "huge"),
        gaugePoint(4.9e-324, "v", "tiny"),
        gaugePoint(123456789012.0, "v", "integral"),
        gaugePoint(-17, "v", "negative")));

    assertThat(out.lines().skip(2).map(l -> l.substring(l.indexOf("} ") + 2))).containsExactly(
        "NaN", "+Inf", "-Inf", "-0.0", "1.0E300", "4.9E-324", "123456789012.0", "-17.0");
  }

  @Test
  void timestampsAreIntegerMillisecondsOnEverySampleOfTheDataPoint() {
    String out = text(
        gauge("g", new GaugeDataPoint(1, Labels.EMPTY, 1520879607789L)),
        histogram("h", histogramPoint(new double[] {1}, new long[] {1, 1}, 0.5, Labels.EMPTY, 0, 1520879607789L)),
        summary("s", new SummaryDataPoint(1, 2, Quantiles.EMPTY, Labels.EMPTY, 5, 42)));

    assertThat(out.lines().filter(l -> !l.startsWith("#"))).containsExactly(
        "g 1.0 1520879607789",
        "h_bucket{le=\"1.0\"} 1 1520879607789",
        "h_bucket{le=\"+Inf\"} 1 1520879607789",
        "h_count 1 1520879607789",
        "h_sum 0.5 1520879607789",
        "s_count 1 42",
        "s_sum 2.0 42");
  }

  @Test
  void unitIsNotWrittenButStaysInTheName() {
    assertThat(text(new GaugeSnapshot(meta("size_bytes", "Size.", Unit.BYTES), List.of(gaugePoint(1)))))
        .isEqualTo("""
            # HELP size_bytes Size.
            # TYPE size_bytes gauge
            size_bytes 1.0
            """);
  }

  @Test
  void familiesAreWrittenInOrderAndNotInterleaved() {
    String out = text(counter("a", counterPoint(1, "k", "1"), counterPoint(2, "k", "2")),
        gauge("b", gaugePoint(1, "k", "1"), gaugePoint(2, "k", "2")));

    assertThat(out.lines().map(l -> l.startsWith("#") ? l.split(" ")[2] : l.substring(0, 1)))
        .containsExactly("a_total", "a_total", "a", "a", "b", "b", "b", "b");
  }

  @Test
  void aGaugeNamedLikeACountersSampleIsRefusedBeforeWriting() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(() -> ExpositionFormat.PROMETHEUS_TEXT.write(out, MetricSnapshots.of(
        counter("x", counterPoint(1)), gauge("x_total", gaugePoint(1)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x' (counter)")
        .hasMessageContaining("'x_total' (gauge)")
        .hasMessageContaining("'x_total' in the Prometheus text format");
    assertThat(out.size()).isZero();
  }

  @Test
  void collisionsAreTheNamesThisFormatWrites() {
    // A histogram x writes x_bucket, x_count and x_sum; a summary x writes x, x_count and x_sum.
    assertThatThrownBy(() -> text(histogram("x"), gauge("x_count")))
        .hasMessageContaining("'x_count'");
    assertThatThrownBy(() -> text(gauge("x_sum"), summary("x")))
        .hasMessageContaining("'x_sum'");
    assertThatThrownBy(() -> text(gauge("x"), gauge("x")))
        .hasMessageContaining("'x'");
    assertThatThrownBy(() -> text(info("x"), gauge("x_info")))
        .hasMessageContaining("'x_info'");
    // Counter x is written as x_total here, so a gauge x does not collide (it does in OpenMetrics).
    assertThat(text(counter("x", counterPoint(1)), gauge("x", gaugePoint(2))))
        .contains("x_total 1.0\n", "x 2.0\n");
  }

  @Test
  void aStateSetWhoseNameIsNoLabelNameIsRefused() {
    assertThatThrownBy(() -> text(stateSet("job:state",
        new StateSetDataPoint(new String[] {"a"}, new boolean[] {true}, Labels.EMPTY))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("state set 'job:state'");
  }

  @Test
  void theNameCheckNoticesWhenTheFamiliesChange() {
    MetricSnapshots ok = MetricSnapshots.of(counter("x", counterPoint(1)));
    text(ok.get(0));
    text(ok.get(0)); // remembered

    assertThatThrownBy(() -> text(ok.get(0), gauge("x_total")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(text(ok.get(0))).contains("x_total 1.0");
  }
}
