package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Summary;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.testsupport.PushgatewayServer;
import io.promsdk.testsupport.PushgatewayServer.Family;
import io.promsdk.testsupport.PushgatewayServer.Group;
import io.promsdk.testsupport.PushgatewayServer.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code format(ExpositionFormat.PROMETHEUS_PROTOBUF)} pushes into a real Pushgateway 1.5.1, plain
 * and gzipped, and its {@code /api/v1/metrics} gives back the values, types and help that the same
 * registry pushed as text gives.
 */
@Tag("peers")
class ProtobufPushTest {

  @Test
  void protobufPushesReadBackAsTheTextPushDoes() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Counter requests = Counter.builder().name("jobs_processed_total").help("Jobs processed.")
        .labelNames("queue").register(registry);
    requests.labelValues("high").inc(7);
    requests.labelValues("low").inc(2.5);
    Gauge.builder().name("last_duration_seconds").help("Duration of the last run.").register(registry).set(12.25);
    Histogram h = Histogram.builder().name("batch_size").help("Batch sizes.").buckets(1, 10).register(registry);
    h.observe(0.5);
    h.observe(5);
    h.observe(50);
    Summary s = Summary.builder().name("payload_bytes").help("Payloads.").register(registry);
    s.observe(100);
    s.observe(300);

    try (PushgatewayServer gateway = PushgatewayServer.start()) {
      push(gateway, "text", registry, ExpositionFormat.PROMETHEUS_TEXT, false);
      push(gateway, "proto", registry, ExpositionFormat.PROMETHEUS_PROTOBUF, false);
      push(gateway, "proto_gzip", registry, ExpositionFormat.PROMETHEUS_PROTOBUF, true);
      List<Group> groups = gateway.groups();
      Map<String, Family> text = families(groups, "text");
      Family counter = text.get("jobs_processed_total");
      assertThat(counter.type()).isEqualTo("COUNTER");
      assertThat(counter.help()).isEqualTo("Jobs processed.");
      assertThat(counter.samples()).extracting(Sample::value).containsExactlyInAnyOrder("7", "2.5");
      assertThat(text.get("last_duration_seconds").samples()).extracting(Sample::value).containsExactly("12.25");
      assertThat(text.get("batch_size").type()).isEqualTo("HISTOGRAM");
      assertThat(text.get("batch_size").samples()).extracting(Sample::name, Sample::value).contains(
          org.assertj.core.groups.Tuple.tuple("batch_size_count", "3"),
          org.assertj.core.groups.Tuple.tuple("batch_size_sum", "55.5"));
      assertThat(text.get("payload_bytes").samples()).extracting(Sample::name, Sample::value).contains(
          org.assertj.core.groups.Tuple.tuple("payload_bytes_count", "2"),
          org.assertj.core.groups.Tuple.tuple("payload_bytes_sum", "400"));
      assertThat(families(groups, "proto")).isEqualTo(text);
      assertThat(families(groups, "proto_gzip")).isEqualTo(text);
    }
  }

  private static void push(PushgatewayServer gateway, String job, CollectorRegistry registry,
      ExpositionFormat format, boolean gzip) throws Exception {
    PushGateway.builder().address(gateway.hostPort()).job(job).registry(registry).format(format).gzip(gzip)
        .build().push();
  }

  /**
   * The pushed families of {@code job}, the gateway's own push-time gauges left out, with the
   * {@code job} label dropped from every sample so that two jobs' families compare equal.
   */
  private static Map<String, Family> families(List<Group> groups, String job) {
    Group group = groups.stream().filter(g -> job.equals(g.labels().get("job"))).findFirst().orElseThrow(
        () -> new AssertionError("no group for job " + job + " in " + groups));
    assertThat(group.lastPushSuccessful()).as("last push of %s", job).isTrue();
    Map<String, Family> families = new LinkedHashMap<>();
    group.families().forEach((name, family) -> {
      if (!name.startsWith("push_")) {
        List<Sample> samples = new ArrayList<>();
        for (Sample sample : family.samples()) {
          Map<String, String> labels = new LinkedHashMap<>(sample.labels());
          labels.remove("job");
          samples.add(new Sample(sample.name(), labels, sample.value()));
        }
        families.put(name, new Family(family.name(), family.type(), family.help(), samples));
      }
    });
    return families;
  }
}
