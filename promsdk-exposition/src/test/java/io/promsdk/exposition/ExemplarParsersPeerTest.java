package io.promsdk.exposition;

import static io.promsdk.exposition.ExemplarFixture.SPAN;
import static io.promsdk.exposition.ExemplarFixture.TIMESTAMP;
import static io.promsdk.exposition.ExemplarFixture.TRACE;
import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.testsupport.ParsedExemplar;
import io.promsdk.testsupport.ParsedFamily;
import io.promsdk.testsupport.ParsedSample;
import io.promsdk.testsupport.Promtool;
import io.promsdk.testsupport.PythonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * OpenMetrics exemplars read back by the Python client's parser (the exemplar on its sample,
 * labels unescaped, value and timestamp), and the Prometheus text format 0.0.4 of the same
 * registry accepted by promtool (whose 0.0.4 parser rejects an exemplar, see {@link Promtool}).
 */
@Tag("peers")
class ExemplarParsersPeerTest {

  private static String write(ExpositionFormat format, CollectorRegistry registry) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    format.write(out, registry);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void pythonReadsLiveExemplarsOnTotalAndBucketLines() throws Exception {
    long before = System.currentTimeMillis();
    CollectorRegistry registry = ExemplarFixture.registry();
    long after = System.currentTimeMillis();
    List<ParsedFamily> families = PythonParser.parseOpenMetrics(write(ExpositionFormat.OPENMETRICS_TEXT, registry));

    List<ParsedSample> totals = families.get(0).samples("requests_total");
    ParsedExemplar e = totals.get(0).exemplar();
    assertThat(e.labels()).isEqualTo(Map.of("trace_id", TRACE, "span_id", SPAN));
    assertThat(e.value()).isEqualTo(2.0);
    assertThat(e.timestamp() * 1000).isBetween(before - 1.0, after + 1.0);
    assertThat(totals.get(1).exemplar()).isNull();

    List<ParsedSample> buckets = families.get(1).samples("latency_seconds_bucket");
    assertThat(buckets).extracting(ParsedSample::exemplar).extracting(x -> x == null ? null : x.value())
        .containsExactly(null, 0.5, 3.0);
    assertThat(buckets.get(2).exemplar().labels()).containsEntry("trace_id", "other");
    assertThat(families.get(1).samples("latency_seconds_count").get(0).exemplar()).isNull();
  }

  @Test
  void pythonReadsEscapedLabelsAndTimestampsOfSnapshots() {
    List<ParsedFamily> families = PythonParser.parseOpenMetrics(
        Expositions.write(ExpositionFormat.OPENMETRICS_TEXT, ExemplarFixture.snapshots()));
    ParsedExemplar counter = families.get(0).samples("jobs_total").get(0).exemplar();
    assertThat(counter).isEqualTo(new ParsedExemplar(Map.of("trace_id", ExemplarFixture.AWKWARD), 1.0,
        TIMESTAMP / 1000.0));
    ParsedExemplar empty = families.get(0).samples("jobs_total").get(1).exemplar();
    assertThat(empty).isEqualTo(new ParsedExemplar(Map.of(), 1.0, null));
    ParsedExemplar bucket = families.get(1).samples("sizes_bucket").get(1).exemplar();
    assertThat(bucket.value()).isEqualTo(10.0);
    assertThat(bucket.labels()).containsEntry("trace_id", ExemplarFixture.AWKWARD);
  }

  @Test
  void promtoolAcceptsTheTextFormatOfTheSameRegistry() throws Exception {
    Promtool.Result result = Promtool.checkMetrics(write(ExpositionFormat.PROMETHEUS_TEXT, ExemplarFixture.registry()));
    assertThat(result.parseError()).as(result.output()).isEmpty();
  }
}
