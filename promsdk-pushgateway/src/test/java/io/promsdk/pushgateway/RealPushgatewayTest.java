package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.PushgatewayServer;
import io.promsdk.testsupport.PushgatewayServer.Group;
import io.promsdk.testsupport.PushgatewayServer.Sample;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Against the Debian {@code prometheus-pushgateway}, read back through its APIs. */
@Tag("peers")
class RealPushgatewayTest {
  private static PushgatewayServer gateway;

  @BeforeAll
  static void start() {
    gateway = PushgatewayServer.start();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static PushGateway.Builder client(String job, CollectorRegistry registry) {
    return PushGateway.builder().address(gateway.hostPort()).job(job).registry(registry);
  }

  private static Optional<Group> group(Map<String, String> labels) {
    return gateway.groups().stream().filter(g -> g.labels().equals(labels)).findFirst();
  }

  private static String value(Group group, String family) {
    List<Sample> samples = group.family(family).samples();
    assertThat(samples).hasSize(1);
    return samples.get(0).value();
  }

  @Test
  void pushReplacesPushAddMergesAndDeleteRemoves() throws IOException {
    CollectorRegistry both = new CollectorRegistry();
    Counter.builder().name("a_total").help("a").register(both).inc(1);
    Gauge.builder().name("b").help("b").register(both).set(2);
    CollectorRegistry onlyA = new CollectorRegistry();
    Counter.builder().name("a_total").help("a").register(onlyA).inc(10);
    Map<String, String> key = Map.of("job", "semantics", "instance", "my.host.ip");

    client("semantics", both).groupingKey("instance", "my.host.ip").build().push();
    Group g = group(key).orElseThrow();
    assertThat(value(g, "a_total")).isEqualTo("1");
    assertThat(value(g, "b")).isEqualTo("2");
    assertThat(g.family("a_total").type()).isEqualTo("COUNTER");
    assertThat(g.family("b").help()).isEqualTo("b");
    assertThat(gateway.metricsText())
        .contains("a_total{instance=\"my.host.ip\",job=\"semantics\"} 1", "b{instance=\"my.host.ip\",job=\"semantics\"} 2");

    PushGateway addA = client("semantics", onlyA).groupingKey("instance", "my.host.ip").build();
    addA.pushAdd(); // POST: a replaced, b kept
    g = group(key).orElseThrow();
    assertThat(value(g, "a_total")).isEqualTo("10");
    assertThat(value(g, "b")).isEqualTo("2");

    addA.push(); // PUT: the group is now exactly onlyA
    g = group(key).orElseThrow();
    assertThat(value(g, "a_total")).isEqualTo("10");
    assertThat(g.families()).doesNotContainKey("b");

    addA.delete();
    assertThat(group(key)).isEmpty();
    addA.delete(); // deleting a missing group succeeds
  }

  @Test
  void groupingValuesLandAsTheExactOriginal() throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.builder().name("grouping_probe").help("p").register(registry).set(1);
    List<String> values = List.of("/var/tmp", "a b", "", "+", "a+b", "%", "%2F", "100%", "Προμηθεύς",
        "日本", ".", "..", "a/b c+d%e", "x=y&z", "my.host.ip", "~-_.");
    for (int i = 0; i < values.size(); i++) {
      client("grouping/" + i + " job", registry).groupingKey("v", values.get(i))
          .groupingKey("instance", "i").build().push();
    }
    for (int i = 0; i < values.size(); i++) {
      Map<String, String> expected = Map.of("job", "grouping/" + i + " job", "v", values.get(i), "instance", "i");
      assertThat(group(expected)).as("value '%s'", values.get(i)).isPresent();
    }
  }

  @Test
  void anInconsistentPushSurfacesTheGatewaysMessage() throws IOException {
    CollectorRegistry asCounter = new CollectorRegistry();
    Counter.builder().name("clash_total").help("c").register(asCounter).inc();
    CollectorRegistry asGauge = new CollectorRegistry();
    Gauge.builder().name("clash_total").help("c").register(asGauge).set(1);
    client("clash_a", asCounter).build().push();

    PushGateway other = client("clash_b", asGauge).build();
    PushException e = org.junit.jupiter.api.Assertions.assertThrows(PushException.class, other::push);
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.gatewayMessage()).contains("inconsistent", "clash_total");
    assertThat(e.url()).isEqualTo(gateway.baseUrl() + "/metrics/job/clash_b");
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void gzipTokenHeaderAndPathPrefixlessUrlWorkWithAStockGateway() throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Counter.builder().name("gzipped_total").help("g").register(registry).inc(5);
    PushGateway pg = PushGateway.builder().address(gateway.baseUrl() + "/").job("gzip").registry(registry)
        .gzip(true).handler((request, next) -> next.send(request.withHeader("X-BK-TOKEN", "t")))
        .build();
    pg.push();
    assertThat(value(group(Map.of("job", "gzip")).orElseThrow(), "gzipped_total")).isEqualTo("5");
  }

  @Test
  void prometheusScrapingTheGatewayWithHonorLabelsSeesThePushedValues() throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    Gauge.builder().name("scraped_through_gateway").help("s").register(registry).set(42.5);
    client("scraped", registry).groupingKey("instance", "my.host.ip").build().push();

    try (PrometheusServer prometheus = PrometheusServer.start(
        PrometheusServer.scrapeJob("pushgateway", gateway.hostPort(), "honor_labels: true"))) {
      List<PrometheusServer.QueryResult> result = prometheus.awaitQuery(
          "scraped_through_gateway", r -> !r.isEmpty(), Duration.ofSeconds(30));
      assertThat(result).hasSize(1);
      assertThat(result.get(0).value()).isEqualTo(42.5);
      assertThat(result.get(0).labels())
          .containsEntry("job", "scraped").containsEntry("instance", "my.host.ip");
    }
  }
}
