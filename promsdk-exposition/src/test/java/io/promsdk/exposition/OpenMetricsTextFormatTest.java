package io.promsdk.exposition;

import static io.promsdk.exposition.Expositions.openMetrics;
import static io.promsdk.exposition.Expositions.openMetricsWithCreated;
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
import io.promsdk.core.model.HistogramSnapshot;
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

/** The OpenMetrics 1.0 text format, rule by rule. */
class OpenMetricsTextFormatTest {

  @Test
  void nameAndContentType() {
    assertThat(ExpositionFormat.OPENMETRICS_TEXT.name()).isEqualTo("OpenMetricsText1.0.0");
    assertThat(ExpositionFormat.OPENMETRICS_TEXT.contentType())
        .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
  }

  @Test
  void anEmptyExpositionIsJustEof() {
    assertThat(openMetrics()).isEqualTo("# EOF\n");
  }

  @Test
  void counterHasTypeUnderTheFamilyNameTotalAndCreatedInSeconds() {
    CounterSnapshot c = new CounterSnapshot(meta("cpu_seconds", "CPU time.", Unit.SECONDS), List.of(
        new CounterDataPoint(4.5, Labels.of("mode", "user"), 1520430000123L, 0),
        new CounterDataPoint(1, Labels.of("mode", "system"))));

    assertThat(openMetricsWithCreated(c)).isEqualTo("""
        # TYPE cpu_seconds counter
        # UNIT cpu_seconds seconds
        # HELP cpu_seconds CPU time.
        cpu_seconds_total{mode="user"} 4.5
        cpu_seconds_created{mode="user"} 1520430000.123
        cpu_seconds_total{mode="system"} 1.0
        # EOF
        """);
  }

  @Test
  void createdSamplesAreLeftOutByDefault() {
    CounterSnapshot c = new CounterSnapshot(meta("cpu_seconds", "CPU time.", Unit.SECONDS), List.of(
        new CounterDataPoint(4.5, Labels.of("mode", "user"), 1520430000123L, 0)));
    SummarySnapshot s = new SummarySnapshot(meta("rpc", ""), List.of(new SummaryDataPoint(
        3, 9.5, Quantiles.of(new double[0], new double[0]), Labels.EMPTY, 1605281325000L, 0)));
    HistogramSnapshot h = histogram("foo", histogramPoint(
        new double[] {1}, new long[] {1, 2}, 3, Labels.EMPTY, 1520430000123L, 0));

    assertThat(openMetrics(c, s, h)).isEqualTo("""
        # TYPE cpu_seconds counter
        # UNIT cpu_seconds seconds
        # HELP cpu_seconds CPU time.
        cpu_seconds_total{mode="user"} 4.5
        # TYPE rpc summary
        rpc_count 3
        rpc_sum 9.5
        # TYPE foo histogram
        # HELP foo h
        foo_bucket{le="1.0"} 1
        foo_bucket{le="+Inf"} 2
        foo_count 2
        foo_sum 3.0
        # EOF
        """);
    assertThat(openMetricsWithCreated(c, s, h)).contains(
        "cpu_seconds_created{mode=\"user\"} 1520430000.123\n",
        "rpc_created 1605281325.000\n", "foo_created 1520430000.123\n");
  }

  @Test
  void timestampsAreSecondsWithMillisecondsOnEverySampleIncludingCreated() {
    String out = openMetricsWithCreated(
        new CounterSnapshot(meta("c", ""), List.of(new CounterDataPoint(1, Labels.EMPTY, 1520430000123L, 1520879607789L))),
        new GaugeSnapshot(meta("g", ""), List.of(
            new GaugeDataPoint(1, Labels.of("t", "a"), 5),
            new GaugeDataPoint(2, Labels.of("t", "b"), -1500),
            new GaugeDataPoint(3, Labels.of("t", "c"), -1))));

    assertThat(out.lines().filter(l -> !l.startsWith("#"))).containsExactly(
        "c_total 1.0 1520879607.789",
        "c_created 1520430000.123 1520879607.789",
        "g{t=\"a\"} 1.0 0.005",
        "g{t=\"b\"} 2.0 -1.500",
        "g{t=\"c\"} 3.0 -0.001");
  }

  @Test
  void helpEscapesBackslashNewlineAndQuotes() {
    assertThat(openMetrics(new GaugeSnapshot(meta("g", "a\\b\nc \"q\" ☃"), List.of())))
        .isEqualTo("# TYPE g gauge\n# HELP g a\\\\b\\nc \\\"q\\\" ☃\n# EOF\n");
  }

  @Test
  void gaugeAndUnknown() {
    assertThat(openMetrics(gauge("g", gaugePoint(17, "a", "x\"y")), unknown("u", -2.5))).isEqualTo("""
        # TYPE g gauge
        # HELP g h
        g{a="x\\"y"} 17.0
        # TYPE u unknown
        # HELP u h
        u -2.5
        # EOF
        """);
  }

  @Test
  void infoHasInfoTypeAndInfoSamplesValuedOne() {
    assertThat(openMetrics(info("target", "env", "prod"))).isEqualTo("""
        # TYPE target info
        # HELP target h
        target_info{env="prod"} 1
        # EOF
        """);
  }

  @Test
  void stateSetHasOneSamplePerState() {
    StateSetDataPoint d = new StateSetDataPoint(new String[] {"a", "bb", "ccc"},
        new boolean[] {false, true, false}, Labels.of("entity", "replica"));

    assertThat(openMetrics(stateSet("foo", d))).isEqualTo("""
        # TYPE foo stateset
        # HELP foo h
        foo{entity="replica",foo="a"} 0
        foo{entity="replica",foo="bb"} 1
        foo{entity="replica",foo="ccc"} 0
        # EOF
        """);
  }

  @Test
  void histogramWithCanonicalLeCountSumAndCreated() {
    HistogramSnapshot h = histogram("foo", histogramPoint(
        new double[] {0, 1e-5, 1e-4, 0.1, 1, 10, 100000, 1e6, 1e23, 1.1e23},
        new long[] {0, 0, 5, 8, 10, 11, 11, 15, 16, 17, 17}, 324789.3, Labels.EMPTY, 1520430000123L, 0));

    assertThat(openMetricsWithCreated(h)).isEqualTo("""
        # TYPE foo histogram
        # HELP foo h
        foo_bucket{le="0.0"} 0
        foo_bucket{le="1e-05"} 0
        foo_bucket{le="0.0001"} 5
        foo_bucket{le="0.1"} 8
        foo_bucket{le="1.0"} 10
        foo_bucket{le="10.0"} 11
        foo_bucket{le="100000.0"} 11
        foo_bucket{le="1e+06"} 15
        foo_bucket{le="1e+23"} 16
        foo_bucket{le="1.1e+23"} 17
        foo_bucket{le="+Inf"} 17
        foo_count 17
        foo_sum 324789.3
        foo_created 1520430000.123
        # EOF
        """);
  }

  @Test
  void gaugeHistogramHasGcountAndGsumAndNoCreated() {
    HistogramSnapshot h = new HistogramSnapshot(true, meta("queue", ""), List.of(histogramPoint(
        new double[] {0.01, 0.1}, new long[] {20, 25, 42}, 3289.3, Labels.EMPTY, 1520430000123L, 0)));

    assertThat(openMetricsWithCreated(h)).isEqualTo("""
        # TYPE queue gaugehistogram
        queue_bucket{le="0.01"} 20
        queue_bucket{le="0.1"} 25
        queue_bucket{le="+Inf"} 42
        queue_gcount 42
        queue_gsum 3289.3
        # EOF
        """);
  }

  @Test
  void summaryHasQuantilesCountSumAndCreated() {
    SummarySnapshot s = new SummarySnapshot(meta("rpc", ""), List.of(new SummaryDataPoint(
        807283, 9036.32, Quantiles.of(new double[] {0.5, 0.99}, new double[] {0.2, Double.NaN}),
        Labels.of("path", "/api"), 1605281325000L, 0)));

    assertThat(openMetricsWithCreated(s)).isEqualTo("""
        # TYPE rpc summary
        rpc{path="/api",quantile="0.5"} 0.2
        rpc{path="/api",quantile="0.99"} NaN
        rpc_count{path="/api"} 807283
        rpc_sum{path="/api"} 9036.32
        rpc_created{path="/api"} 1605281325.000
        # EOF
        """);
  }

  @Test
  void valuesTheSpecForbidsAreLeftOut() {
    String out = openMetrics(
        counter("nan_counter", counterPoint(1, "k", "kept")), // NaN counters: refused by the model
        histogram("nan_sum", histogramPoint(new double[] {1}, new long[] {1, 1}, Double.NaN)),
        histogram("negative_sum", histogramPoint(new double[] {1}, new long[] {1, 1}, -3)),
        histogram("negative_bucket", histogramPoint(new double[] {-1}, new long[] {1, 1}, 2)),
        gaugeHistogram("gauge_nan", histogramPoint(new double[] {1}, new long[] {1, 1}, Double.NaN)),
        gaugeHistogram("gauge_negative", histogramPoint(new double[] {1}, new long[] {1, 1}, -3)),
        gaugeHistogram("gauge_negative_ok", histogramPoint(new double[] {-5}, new long[] {1, 1}, -3)),
        summary("summary", summaryPoint(2, -1, new double[] {0.5, 0.9}, new double[] {-0.5, 3})));

    assertThat(out.lines().filter(l -> !l.startsWith("#"))).containsExactly(
        "nan_counter_total{k=\"kept\"} 1.0",
        "nan_sum_bucket{le=\"1.0\"} 1", "nan_sum_bucket{le=\"+Inf\"} 1",
        "negative_sum_bucket{le=\"1.0\"} 1", "negative_sum_bucket{le=\"+Inf\"} 1",
        "negative_bucket_bucket{le=\"-1.0\"} 1", "negative_bucket_bucket{le=\"+Inf\"} 1",
        "gauge_nan_bucket{le=\"1.0\"} 1", "gauge_nan_bucket{le=\"+Inf\"} 1",
        "gauge_negative_bucket{le=\"1.0\"} 1", "gauge_negative_bucket{le=\"+Inf\"} 1",
        "gauge_negative_ok_bucket{le=\"-5.0\"} 1", "gauge_negative_ok_bucket{le=\"+Inf\"} 1",
        "gauge_negative_ok_gcount 1", "gauge_negative_ok_gsum -3.0",
        "summary{quantile=\"0.9\"} 3.0", "summary_count 2");
  }

  @Test
  void theTextFormatKeepsWhatOpenMetricsLeavesOut() {
    String text = Expositions.text(
        summary("s", summaryPoint(2, -1, new double[] {0.5}, new double[] {-0.5})));

    assertThat(text).contains("s{quantile=\"0.5\"} -0.5\n", "s_sum -1.0\n");
  }

  @Test
  void collisionsIncludeEveryNameTheTypeMayWrite() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> ExpositionFormat.OPENMETRICS_TEXT.write(out, MetricSnapshots.of(
        counter("x", counterPoint(1)), gauge("x_created", gaugePoint(1)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'x_created' in OpenMetrics");
    assertThat(out.size()).isZero();

    assertThatThrownBy(() -> openMetrics(counter("x"), gauge("x"))).hasMessageContaining("'x'");
    assertThatThrownBy(() -> openMetrics(counter("x"), gauge("x_total"))).hasMessageContaining("'x_total'");
    assertThatThrownBy(() -> openMetrics(gaugeHistogram("x"), gauge("x_gsum"))).hasMessageContaining("'x_gsum'");
    assertThatThrownBy(() -> openMetrics(summary("x"), info("x"))).hasMessageContaining("'x'");
    // A gauge histogram has no _created, a gauge has no suffix.
    assertThat(openMetrics(gaugeHistogram("x"), gauge("x_created"), gauge("x_total")))
        .contains("# TYPE x_created gauge");
  }
}
