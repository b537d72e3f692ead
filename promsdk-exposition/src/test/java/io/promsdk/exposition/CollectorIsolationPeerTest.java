package io.promsdk.exposition;

import static io.promsdk.exposition.CollectorIsolation.ALL;
import static io.promsdk.exposition.CollectorIsolation.named;
import static io.promsdk.exposition.CollectorIsolation.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.model.GaugeSnapshot;
import io.promsdk.core.model.GaugeSnapshot.GaugeDataPoint;
import io.promsdk.core.model.Labels;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.testsupport.ParsedFamily;
import io.promsdk.testsupport.Promtool;
import io.promsdk.testsupport.PythonParser;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What is written when collectors are left out is a valid exposition for the real peers:
 * promtool (text format) and the Python client's parsers (both formats) read it, failure counter
 * included, with the failing and the colliding collectors absent.
 */
@Tag("peers")
class CollectorIsolationPeerTest {

  @Test
  void promtoolAndPythonReadTheOutputWithCollectorsLeftOut() throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Counter.builder().name("jobs_total").help("Jobs done.").labelNames("queue").register(registry)
        .labelValues("mail").inc(4);
    Histogram.builder().name("job_seconds").help("Job time.").buckets(0.1, 1).register(registry).observe(0.5);
    registry.register(named("broken", () -> {
      throw new IllegalStateException("database down");
    }));
    registry.register(named("squatter", () -> List.of(new GaugeSnapshot(
        new MetricMetadata("job_seconds_count", "Collides with the histogram."),
        List.of(new GaugeDataPoint(1, Labels.EMPTY))))));

    String text = write(ExpositionFormat.PROMETHEUS_TEXT, registry, ALL, ExpositionOptions.defaults());
    Promtool.Result promtool = Promtool.checkMetrics(text);
    assertThat(promtool.parseError()).as(promtool.output()).isEmpty();

    List<ParsedFamily> fromText = PythonParser.parsePrometheusText(text);
    List<ParsedFamily> fromOpenMetrics = PythonParser.parseOpenMetrics(
        write(ExpositionFormat.OPENMETRICS_TEXT, registry, ALL, ExpositionOptions.defaults()));
    for (List<ParsedFamily> families : List.of(fromText, fromOpenMetrics)) {
      assertThat(families).extracting(ParsedFamily::name)
          .containsExactly("jobs", "job_seconds", "promsdk_collector_failures");
      assertThat(families.get(2).type()).isEqualTo("counter");
      assertThat(families.get(2).samples("promsdk_collector_failures_total"))
          .extracting(s -> s.labels().get("collector"))
          .containsExactlyInAnyOrder("broken", "squatter");
    }
  }
}
