package io.promsdk.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.exposition.ExpositionFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Each row of {@link ServletFilterBenchmark} records what it claims: both libraries count the
 * requests under the route template, and the observation leaves nothing on the reused request that
 * would make the next request skip its own observation. Times nothing.
 */
class ServletFilterBenchmarkTest {
  private static final String USERS_200 = "uri=\"/users/{id}\"";

  @Test
  void promsdkRecordsEachRequestUnderItsTemplate() throws Exception {
    ServletFilterBenchmark.Promsdk promsdk = new ServletFilterBenchmark.Promsdk();
    promsdk.setup(); // 1 + 8 requests
    for (int i = 0; i < 4; i++) {
      new ServletFilterBenchmark.DefaultTimer().promsdk(promsdk);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormat.PROMETHEUS_TEXT.write(out, promsdk.registry);
    String text = out.toString(StandardCharsets.UTF_8);
    // /users/{id} 200 is index 0: the setup's first request, then 2 of its 8 cycled, then 1 of 4.
    assertThat(text).contains("http_server_requests_seconds_count{method=\"GET\"," + USERS_200
        + ",status=\"200\",outcome=\"SUCCESS\",exception=\"none\"} 4")
        .contains("uri=\"/orders/{id}\",status=\"201\"")
        .doesNotContain("/users/42");
  }

  @Test
  void springObservationRecordsEachRequestUnderItsTemplate() throws Exception {
    ServletFilterBenchmark.Spring spring = new ServletFilterBenchmark.Spring();
    spring.setup();
    for (int i = 0; i < 4; i++) {
      new ServletFilterBenchmark.DefaultTimer().micrometer(spring);
    }
    String text = spring.meters.scrape();
    // Every request started an observation of its own: the same 4 as promsdk's.
    assertThat(text).containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"200\"[^}]*"
        + "uri=\"/users/\\{id\\}\"[^}]*\\} 4")
        .contains("http_server_requests_active_seconds")
        .doesNotContain("http_server_requests_seconds_bucket");
    // The next request on a reused mock starts clean, as a new container request would: without
    // this the filter would fetch the last observation instead of starting one.
    for (var request : spring.requests) {
      assertThat(ServerHttpObservationFilter.findObservationContext(request)).isEmpty();
    }
  }

  @Test
  void percentilesHistogramGivesMicrometerBuckets() throws Exception {
    ServletFilterBenchmark.SpringHistogram spring = new ServletFilterBenchmark.SpringHistogram();
    spring.setup();
    new ServletFilterBenchmark.PercentilesHistogram().micrometer(spring);
    assertThat(spring.meters.scrape()).contains("http_server_requests_seconds_bucket{");
  }
}
