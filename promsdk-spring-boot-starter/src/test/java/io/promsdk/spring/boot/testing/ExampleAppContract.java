package io.promsdk.spring.boot.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.testsupport.FreePorts;
import io.promsdk.testsupport.PrometheusServer;
import io.promsdk.testsupport.PushgatewayServer;
import io.promsdk.testsupport.TokenFront;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What every example app (examples/spring-boot-3-app, examples/spring-boot-4-app) must show with
 * nothing but the starter and properties, checked against real peers on 127.0.0.1: a Prometheus
 * scraping the app, and a Pushgateway behind a {@link TokenFront} that wants {@code X-BK-TOKEN}.
 * An app's test extends it and names its application class; the contract is compiled against Boot
 * 3.5 and names only Boot API that 4.0 kept ({@link SpringApplicationBuilder}), so that it runs on
 * both.
 *
 * <p>One app, one Prometheus and one gateway per class, started once; the final-push and
 * bad-property tests start short-lived apps of their own.
 */
@Tag("peers")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ExampleAppContract {
  private static final String TOKEN = "s3cret-token";
  private static final String JOB = "example_app";
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(5)).build();

  private PushgatewayServer gateway;
  private TokenFront front;
  private ConfigurableApplicationContext app;
  private PrometheusServer prometheus;
  private int port;

  /** The example's {@code @SpringBootApplication} class. */
  protected abstract Class<?> applicationClass();

  @BeforeAll
  void startPeersAndApp() throws IOException {
    gateway = PushgatewayServer.start();
    front = new TokenFront(gateway.baseUrl(), "X-BK-TOKEN", TOKEN);
    port = FreePorts.find();
    app = startApp(port, pushProperties(JOB));
    prometheus = PrometheusServer.start(PrometheusServer.scrapeJob("app", "127.0.0.1:" + port));
  }

  @AfterAll
  void stopAll() {
    for (AutoCloseable c : new AutoCloseable[] {prometheus, app, front, gateway}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the others
      }
    }
  }

  @Test
  void requestsShowUpInPrometheusUnderTheRouteTemplateBesideJvmFamilies() {
    assertThat(get(port, "/users/1", Map.of()).statusCode()).isEqualTo(200);
    assertThat(get(port, "/users/2", Map.of()).statusCode()).isEqualTo(200);
    assertThat(get(port, "/no/such/route", Map.of()).statusCode()).isEqualTo(404);

    List<PrometheusServer.QueryResult> users = prometheus.awaitQuery(
        "http_server_requests_seconds_count{job=\"app\",uri=\"/users/{id}\",method=\"GET\","
            + "status=\"200\",outcome=\"SUCCESS\"}",
        r -> r.size() == 1 && r.get(0).value() == 2, PEER_TIMEOUT);
    assertThat(users.get(0).labels()).containsEntry("exception", "none");
    // An unknown path folds into NOT_FOUND, never its raw path nor Spring's resource pattern /**.
    List<PrometheusServer.QueryResult> notFound = prometheus.awaitQuery(
        "http_server_requests_seconds_count{job=\"app\",status=\"404\"}",
        r -> r.size() == 1 && r.get(0).value() == 1, PEER_TIMEOUT);
    assertThat(notFound.get(0).labels()).containsEntry("uri", "NOT_FOUND")
        .containsEntry("outcome", "CLIENT_ERROR");
    for (String family : List.of("jvm_memory_used_bytes", "jvm_threads_current",
        "jvm_gc_collection_seconds_count", "process_cpu_seconds_total")) {
      assertThat(prometheus.query(family + "{job=\"app\"}")).as(family).isNotEmpty();
    }
  }

  @Test
  void scrapeEndpointNegotiatesFiltersAndCompressesLikeTheOtherExporters() {
    HttpResponse<String> openMetrics = get(port, "/metrics?name[]=jvm_threads_current",
        Map.of("Accept", "application/openmetrics-text;version=1.0.0"));
    assertThat(openMetrics.statusCode()).isEqualTo(200);
    assertThat(openMetrics.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/openmetrics-text");
    assertThat(openMetrics.body()).contains("jvm_threads_current ").endsWith("# EOF\n")
        .doesNotContain("jvm_memory_used_bytes");

    HttpResponse<String> gzip = get(port, "/metrics", Map.of("Accept-Encoding", "gzip"));
    assertThat(gzip.headers().firstValue("Content-Encoding")).contains("gzip");

    assertThat(post(port, "/metrics").statusCode()).isEqualTo(405);
  }

  @Test
  void actuatorEndpointServesTheSameRegistry() {
    HttpResponse<String> text = get(port, "/actuator/promsdk?name[]=jvm_threads_current",
        Map.of("Accept", "text/plain"));
    assertThat(text.statusCode()).isEqualTo(200);
    assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(text.body()).contains("# TYPE jvm_threads_current gauge")
        .doesNotContain("jvm_memory_used_bytes");

    HttpResponse<String> openMetrics = get(port, "/actuator/promsdk",
        Map.of("Accept", "application/openmetrics-text;version=1.0.0"));
    assertThat(openMetrics.statusCode()).isEqualTo(200);
    assertThat(openMetrics.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/openmetrics-text");
    assertThat(openMetrics.body()).contains("jvm_memory_used_bytes").endsWith("# EOF\n");
  }

  @Test
  void pushReachesTheGatewayWithTheToken() {
    PushgatewayServer.Group group = awaitGroup(JOB, g -> g.families().containsKey("jvm_memory_used_bytes"));
    assertThat(group.labels()).containsEntry("instance", "example-host");
    assertThat(group.lastPushSuccessful()).isTrue();
    assertThat(front.accepted()).isNotEmpty().allMatch(TOKEN::equals);
  }

  @Test
  void theLastPushRunsWhenTheContextCloses() {
    String job = JOB + "_final";
    int otherPort = FreePorts.find();
    // Interval 1h: the first push runs at start, before any request; only the push at close can
    // carry the three requests below.
    try (ConfigurableApplicationContext shortLived = startApp(otherPort, pushProperties(job))) {
      awaitGroup(job, g -> true);
      for (int i = 0; i < 3; i++) {
        assertThat(get(otherPort, "/users/7", Map.of()).statusCode()).isEqualTo(200);
      }
    }
    PushgatewayServer.Group group = awaitGroup(job, g -> true);
    assertThat(group.family("http_server_requests_seconds").samples())
        .filteredOn(s -> s.name().equals("http_server_requests_seconds_count")
            && "/users/{id}".equals(s.labels().get("uri")))
        .singleElement().extracting(PushgatewayServer.Sample::value).isEqualTo("3");
  }

  @Test
  void aBadPropertyStopsStartupNamingIt() {
    assertThatThrownBy(() -> startApp(FreePorts.find(), pushProperties(JOB + "_bad", "-5s")).close())
        .hasStackTraceContaining("promsdk.push.interval");
    assertThatThrownBy(() -> startApp(FreePorts.find(), "promsdk.endpoint.path=metrics").close())
        .hasStackTraceContaining("promsdk.endpoint.path");
  }

  private String[] pushProperties(String job) {
    return pushProperties(job, "1h");
  }

  private String[] pushProperties(String job, String interval) {
    return List.of(
        "promsdk.push.address=" + front.hostPort(),
        "promsdk.push.job=" + job,
        "promsdk.push.grouping-key.instance=example-host",
        "promsdk.push.headers.X-BK-TOKEN=" + TOKEN,
        "promsdk.push.interval=" + interval).toArray(String[]::new);
  }

  private ConfigurableApplicationContext startApp(int appPort, String... properties) {
    List<String> p = new ArrayList<>(List.of(
        "server.port=" + appPort,
        "server.address=127.0.0.1",
        "spring.main.banner-mode=off",
        "management.endpoints.web.exposure.include=health,promsdk"));
    p.addAll(List.of(properties));
    // As command-line arguments: they override the app's application.properties.
    return new SpringApplicationBuilder(applicationClass())
        .run(p.stream().map(property -> "--" + property).toArray(String[]::new));
  }

  private PushgatewayServer.Group awaitGroup(String job, Predicate<PushgatewayServer.Group> until) {
    long deadline = System.nanoTime() + PEER_TIMEOUT.toNanos();
    while (true) {
      Optional<PushgatewayServer.Group> group = gateway.groups().stream()
          .filter(g -> job.equals(g.labels().get("job"))).filter(until).findFirst();
      if (group.isPresent()) {
        return group.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no group job=" + job + " within " + PEER_TIMEOUT + "; groups: "
            + gateway.groups());
      }
      sleep(100);
    }
  }

  private static HttpResponse<String> get(int appPort, String pathAndQuery, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(appPort, pathAndQuery)).GET()
        .timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    return send(request.build());
  }

  private static HttpResponse<String> post(int appPort, String path) {
    return send(HttpRequest.newBuilder(uri(appPort, path)).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private static URI uri(int appPort, String pathAndQuery) {
    // name[] is sent as the scrapers send it: the brackets percent-encoded.
    return URI.create("http://127.0.0.1:" + appPort + pathAndQuery.replace("[]", "%5B%5D"));
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }


  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
