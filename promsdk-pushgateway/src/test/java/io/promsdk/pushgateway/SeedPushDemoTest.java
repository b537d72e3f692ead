package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Summary;
import io.promsdk.testsupport.TokenFront;
import io.promsdk.testsupport.PushgatewayServer;
import io.promsdk.testsupport.PushgatewayServer.Group;
import io.promsdk.testsupport.PushgatewayServer.Sample;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed's {@code push_demo}, line for line in Java, through a token-checking front (like the
 * users' platform: X-BK-TOKEN required, bodies up to 500 KB) to a real Pushgateway.
 */
@Tag("peers")
class SeedPushDemoTest {
  private static final String TOKEN = "bk-token-123";
  private static final String JOBNAME = "seed_push_demo";

  @Test
  void theSeedsPushDemoReachesARealGatewayWithItsToken() throws Exception {
    try (PushgatewayServer gateway = PushgatewayServer.start();
        TokenFront front = new TokenFront(gateway.baseUrl(), "X-BK-TOKEN", TOKEN)) {
      String addr = front.hostPort();
      CollectorRegistry registry = new CollectorRegistry();
      Counter counter = Counter.builder().name("api_called_total").help("How many is the api called")
          .register(registry);
      Gauge gauge = Gauge.builder().name("cpu_usage").help("simulate the cpu usage metric").register(registry);
      Histogram histogram = Histogram.builder().name("task_time_histogram")
          .help("analyze the time of task with histogram").buckets(1, 2, 3, 4, 5).register(registry);
      Summary summary = Summary.builder().name("task_time_summary")
          .help("analyze the time of task with summary").register(registry);

      List<String> printed = new CopyOnWriteArrayList<>();
      PushHandler bkHandler = (request, next) -> {
        PushRequest withToken = request.withHeader("X-BK-TOKEN", TOKEN);
        printed.add(withToken.toString()); // the seed prints its headers; ours are masked
        return next.send(withToken);
      };
      PushGateway pg = PushGateway.builder().address(addr).job(JOBNAME)
          .registry(registry).groupingKey("instance", "my.host.ip").handler(bkHandler).build();

      Random random = new Random(1);
      for (int i = 0; i < 3; i++) {
        counter.inc(1);
        gauge.set(random.nextDouble());
        histogram.observe(3);
        summary.observe(1 + random.nextInt(100));
        pg.push();
      }

      assertThat(front.accepted()).containsExactly(TOKEN, TOKEN, TOKEN);
      assertThat(printed).allMatch(line -> line.contains("X-BK-TOKEN: ***") && !line.contains(TOKEN));
      Group group = gateway.groups().stream()
          .filter(g -> JOBNAME.equals(g.labels().get("job"))).findFirst().orElseThrow();
      assertThat(group.labels()).containsEntry("instance", "my.host.ip");
      assertThat(value(group, "api_called_total", "api_called_total")).isEqualTo("3");
      assertThat(group.family("cpu_usage").type()).isEqualTo("GAUGE");
      assertThat(group.family("task_time_histogram").type()).isEqualTo("HISTOGRAM");
      assertThat(value(group, "task_time_histogram", "task_time_histogram_count")).isEqualTo("3");
      assertThat(value(group, "task_time_histogram", "task_time_histogram_sum")).isEqualTo("9");
      assertThat(group.family("task_time_summary").type()).isEqualTo("SUMMARY");
      assertThat(value(group, "task_time_summary", "task_time_summary_count")).isEqualTo("3");

      PushGateway withoutToken = PushGateway.builder().address(addr).job(JOBNAME).registry(registry).build();
      PushException e = org.junit.jupiter.api.Assertions.assertThrows(PushException.class, withoutToken::push);
      assertThat(e.statusCode()).isEqualTo(401);
      assertThat(e.gatewayMessage()).isEqualTo("invalid X-BK-TOKEN");
    }
  }

  private static String value(Group group, String family, String sample) {
    return group.family(family).samples().stream().filter(s -> s.name().equals(sample))
        .map(Sample::value).findFirst().orElseThrow();
  }
}
