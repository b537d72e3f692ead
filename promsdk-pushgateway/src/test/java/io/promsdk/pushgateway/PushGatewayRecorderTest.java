package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.testsupport.FreePorts;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What arrives at a loopback recorder: auth, the handler hook, methods, bodies and faults. */
class PushGatewayRecorderTest {
  private static final String TOKEN = "s3cret-token";

  private Recorder recorder;
  private CollectorRegistry registry;
  private Counter counter;

  @BeforeEach
  void setUp() throws IOException {
    recorder = new Recorder();
    registry = new CollectorRegistry();
    counter = Counter.builder().name("api_called_total").help("How many is the api called")
        .register(registry);
    counter.inc(3);
  }

  @AfterEach
  void tearDown() {
    recorder.close();
  }

  private PushGateway.Builder gateway() {
    return PushGateway.builder().address(recorder.hostPort()).job("my_job")
        .groupingKey("instance", "my.host.ip").registry(registry)
        .requestTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500));
  }

  @Test
  void pushPushAddAndDeleteUseTheProtocolsMethodsAndBodies() throws IOException {
    PushGateway pg = gateway().build();
    pg.push();
    pg.pushAdd();
    pg.delete();
    List<Recorder.Request> requests = recorder.requests();
    assertThat(requests).extracting(Recorder.Request::method).containsExactly("PUT", "POST", "DELETE");
    for (Recorder.Request r : requests) {
      assertThat(r.rawPath()).isEqualTo("/metrics/job/my_job/instance/my.host.ip");
    }
    assertThat(requests.get(0).header("Content-Type"))
        .isEqualTo(ExpositionFormat.PROMETHEUS_TEXT.contentType());
    assertThat(requests.get(0).body()).contains("# TYPE api_called_total counter", "api_called_total 3");
    assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
    assertThat(requests.get(2).rawBody()).isEmpty();
    assertThat(requests.get(2).header("Content-Type")).isNull();
  }

  @Test
  void tokenHeaderQueryParameterBasicAndBearerAuthArrive() throws IOException {
    gateway().header("X-BK-TOKEN", TOKEN).queryParameter("X-BK-TOKEN", "tok en+/").build().push();
    Recorder.Request r = recorder.last();
    assertThat(r.header("X-BK-TOKEN")).isEqualTo(TOKEN);
    assertThat(r.rawQuery()).isEqualTo("X-BK-TOKEN=tok%20en%2B%2F");

    gateway().basicAuth("user", "pässword").build().push();
    assertThat(recorder.last().header("Authorization")).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("user:pässword".getBytes(StandardCharsets.UTF_8)));

    gateway().bearerToken(TOKEN).build().delete();
    assertThat(recorder.last().header("Authorization")).isEqualTo("Bearer " + TOKEN);

    assertThatThrownBy(() -> gateway().basicAuth("u", "p").bearerToken("t"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> gateway().bearerToken("t").header("authorization", "x"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theSeedsHandlerSeesTheRequestAndWrapsTheDefaultSending() throws IOException {
    List<PushRequest> seen = new ArrayList<>();
    List<PushResponse> answers = new ArrayList<>();
    PushHandler bkHandler = (request, next) -> {
      seen.add(request);
      PushRequest changed = request.withHeader("X-BK-TOKEN", TOKEN)
          .withQueryParameter("X-BK-TOKEN", TOKEN).withHeader("Content-Type", "text/plain; version=0.0.4");
      PushResponse response = next.send(changed);
      answers.add(response);
      return response;
    };
    PushGateway pg = gateway().header("X-Other", "kept").handler(bkHandler).build();
    pg.push();

    PushRequest before = seen.get(0);
    assertThat(before.method()).isEqualTo("PUT");
    assertThat(before.uri()).hasToString("http://" + recorder.hostPort() + "/metrics/job/my_job/instance/my.host.ip");
    assertThat(before.header("X-Other")).contains("kept");
    // What collecting the registry left of the 500 ms the push may take.
    assertThat(before.timeout()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(500));
    assertThat(new String(before.body(), StandardCharsets.UTF_8)).contains("api_called_total 3");
    assertThat(answers.get(0).statusCode()).isEqualTo(200);

    Recorder.Request arrived = recorder.last();
    assertThat(arrived.header("X-BK-TOKEN")).isEqualTo(TOKEN);
    assertThat(arrived.header("X-Other")).isEqualTo("kept");
    assertThat(arrived.header("Content-Type")).isEqualTo("text/plain; version=0.0.4");
    assertThat(arrived.rawQuery()).isEqualTo("X-BK-TOKEN=" + TOKEN);
  }

  @Test
  void aHandlerCanAnswerItselfOrTurnAnAnswerIntoAFailure() throws IOException {
    PushGateway offline = gateway().handler((request, next) -> new PushResponse(202, java.util.Map.of(), "")).build();
    offline.push();
    assertThat(recorder.requests()).isEmpty();

    PushGateway strict = gateway().handler((request, next) -> {
      PushResponse r = next.send(request);
      return new PushResponse(418, r.headers(), "refused by handler");
    }).build();
    assertThatThrownBy(strict::push).isInstanceOf(PushException.class).hasMessageContaining("refused by handler");

    PushGateway broken = gateway().handler((request, next) -> null).build();
    assertThatThrownBy(broken::push).isInstanceOf(IllegalStateException.class);

    assertThatThrownBy(() -> gateway().handler((request, next) -> next.send(request.withHeader("X", "a\r\nb")))
        .build().push()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CR or LF");
  }

  @Test
  void gzipCompressesTheBody() throws IOException {
    gateway().gzip(true).build().push();
    Recorder.Request r = recorder.last();
    assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(r.rawBody()[0] & 0xff).isEqualTo(0x1f);
    assertThat(r.body()).contains("api_called_total 3");
  }

  @Test
  void non2xxAnswersThrowWithStatusMessageAndUrlButNoSecret() throws IOException {
    recorder.then(Recorder.Answer.status(500, "gateway broke"), Recorder.Answer.retryAfter(429, "7"));
    PushGateway pg = gateway().header("X-BK-TOKEN", TOKEN).queryParameter("X-BK-TOKEN", TOKEN)
        .basicAuth("u", "s3cret-password").build();
    PushException e = org.junit.jupiter.api.Assertions.assertThrows(PushException.class, pg::push);
    assertThat(e.statusCode()).isEqualTo(500);
    assertThat(e.gatewayMessage()).isEqualTo("gateway broke");
    assertThat(e.method()).isEqualTo("PUT");
    assertThat(e.url()).isEqualTo("http://" + recorder.hostPort()
        + "/metrics/job/my_job/instance/my.host.ip?X-BK-TOKEN=***");
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("HTTP 500", "gateway broke", e.url());

    PushException tooMany = org.junit.jupiter.api.Assertions.assertThrows(PushException.class, pg::pushAdd);
    assertThat(tooMany.retryAfter()).contains(Duration.ofSeconds(7));

    for (String shown : List.of(e.getMessage(), e.toString(), tooMany.getMessage(), pg.toString())) {
      assertThat(shown).doesNotContain(TOKEN).doesNotContain("s3cret");
    }
    assertThat(pg.toString()).contains("X-BK-TOKEN=***", "auth=basic ***");
  }

  @Test
  void aBodyOverTheLimitFailsBeforeSending() {
    for (int i = 0; i < 200; i++) {
      Counter.builder().name("filler_" + i + "_total").help("x".repeat(50)).register(registry).inc();
    }
    PushGateway pg = gateway().maxBodyBytes(5_000).build();
    PushBodyTooLargeException e =
        org.junit.jupiter.api.Assertions.assertThrows(PushBodyTooLargeException.class, pg::push);
    assertThat(e.limit()).isEqualTo(5_000);
    assertThat(e.size()).isGreaterThan(5_000);
    assertThat(e.getMessage()).contains(e.size() + " bytes", "5000");
    assertThat(recorder.requests()).isEmpty();
    assertThat(PushGateway.DEFAULT_MAX_BODY_BYTES).isEqualTo(512_000);
  }

  @Test
  void aHangingGatewayTimesOut() {
    recorder.then(Recorder.Answer.hang(3_000));
    PushGateway pg = gateway().requestTimeout(Duration.ofMillis(300)).build();
    long start = System.nanoTime();
    assertThatThrownBy(pg::push).isInstanceOf(HttpTimeoutException.class).hasMessageContaining("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
  }

  @Test
  void aResetConnectionAndAClosedPortAreIoErrorsNotPushExceptions() throws IOException {
    try (ResetServer reset = new ResetServer()) {
      PushGateway pg = PushGateway.builder().address(reset.hostPort()).job("j").registry(registry)
          .requestTimeout(Duration.ofSeconds(2)).build();
      assertThatThrownBy(pg::push).isInstanceOf(IOException.class).isNotInstanceOf(PushException.class)
          .hasMessageContaining("PUT http://" + reset.hostPort());
      assertThat(reset.connections()).isPositive();
    }
    PushGateway closed = PushGateway.builder().address("127.0.0.1:" + FreePorts.find()).job("j")
        .registry(registry).build();
    assertThatThrownBy(closed::push).isInstanceOf(ConnectException.class).hasMessageContaining("cannot connect");
  }

  /** A token the JDK cannot put into a header: the JDK's message would repeat it. */
  @Test
  void aNonLatin1TokenIsRefusedWithoutEverShowingIt() {
    String token = "bk-\u20ac-s3cret";
    assertThatThrownBy(() -> gateway().header("X-BK-TOKEN", token))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains("X-BK-TOKEN", "U+00FF").doesNotContain("s3cret"));
    assertThatThrownBy(() -> gateway().bearerToken(token)).isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));

    // The seed's way: the handler adds the header, so the failure comes from push() itself.
    PushGateway pg = gateway().handler((request, next) -> next.send(request.withHeader("X-BK-TOKEN", token)))
        .build();
    Throwable e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, pg::push);
    assertThat(stackTrace(e)).contains("X-BK-TOKEN").doesNotContain("s3cret").doesNotContain(token);
    assertThat(recorder.requests()).isEmpty();
  }

  private static String stackTrace(Throwable t) {
    java.io.StringWriter text = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(text));
    return text.toString();
  }

  @Test
  void headersTheFormatAndGzipOwnAreRefusedByTheBuilder() throws IOException {
    assertThatThrownBy(() -> gateway().header("Content-Type", "text/plain"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format(");
    assertThatThrownBy(() -> gateway().header("content-encoding", "gzip"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gzip(true)");
    assertThatThrownBy(() -> gateway().header("Content-Length", "5"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTP client");
    assertThatThrownBy(() -> gateway().header("HOST", "example"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HTTP client");
    gateway().gzip(true).build().push();
    assertThat(recorder.last().headers().get("Content-Type")).hasSize(1);
    assertThat(recorder.last().headers().get("Content-Encoding")).containsExactly("gzip");
  }

  @Test
  void serializingStopsSoonAfterTheLimitNotAfterTheWholeBody() {
    java.util.Random random = new java.util.Random(1);
    for (int i = 0; i < 3000; i++) {
      String help = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
      Counter.builder().name("filler_" + i + "_total").help(help).register(registry).inc();
    }
    // About 300 KB of text, compressing 2 to 3 times; the writer hands over 16 KiB at a time.
    PushBodyTooLargeException plain = org.junit.jupiter.api.Assertions.assertThrows(
        PushBodyTooLargeException.class, gateway().maxBodyBytes(5_000).build()::push);
    assertThat(plain.size()).isBetween(5_001L, 5_000L + 16 * 1024);
    assertThat(plain.limit()).isEqualTo(5_000);
    assertThat(plain.getMessage()).contains("5000 bytes (maxBodyBytes)", plain.size() + " bytes");

    PushBodyTooLargeException compressed = org.junit.jupiter.api.Assertions.assertThrows(
        PushBodyTooLargeException.class, gateway().gzip(true).maxBodyBytes(2_000).build()::push);
    assertThat(compressed.limit()).isEqualTo(2_000);
    assertThat(compressed.size()).isBetween(2_001L, 2_000L + 8 * 1024);
    assertThat(recorder.requests()).isEmpty();
  }

  @Test
  void withGzipTheUncompressedBodyIsBoundedToo() throws IOException {
    // Compresses more than 64 times: the compressed limit alone would let it grow huge.
    for (int i = 0; i < 100; i++) {
      Counter.builder().name("same_" + i + "_total").help("x".repeat(20_000)).register(registry).inc();
    }
    PushBodyTooLargeException e = org.junit.jupiter.api.Assertions.assertThrows(
        PushBodyTooLargeException.class, gateway().gzip(true).maxBodyBytes(4_000).build()::push);
    assertThat(e.limit()).isEqualTo(4_000L * PushGateway.MAX_GZIP_RATIO);
    assertThat(e.size()).isBetween(e.limit() + 1, e.limit() + 16 * 1024);
    assertThat(e.getMessage()).contains("before compression", "4000 bytes (maxBodyBytes)");
    assertThat(recorder.requests()).isEmpty();

    gateway().gzip(true).maxBodyBytes(40_000).build().push(); // 2 MB in, a few KB out: fine
    assertThat(recorder.last().body()).contains("same_99_total 1");
  }

  @Test
  void aGatewayEchoingTheRequestHasEverySecretMasked() {
    String password = "pa55-s3cret";
    String queryToken = "q-s3cret /+&";
    recorder.then(Recorder.Answer.echo(401), Recorder.Answer.echo(403), Recorder.Answer.echo(401));
    PushGateway pg = gateway().header("X-BK-TOKEN", TOKEN).queryParameter("X-BK-TOKEN", queryToken)
        .basicAuth("user", password).build();
    PushException e = org.junit.jupiter.api.Assertions.assertThrows(PushException.class, pg::push);
    assertThat(e.gatewayMessage()).contains("refused; you sent:", "X-bk-token: ***", "query: X-BK-TOKEN=***",
        "Authorization: ***", "text/plain; version=0.0.4"); // what is no secret stays readable

    PushException bearer = org.junit.jupiter.api.Assertions.assertThrows(PushException.class,
        gateway().bearerToken(TOKEN).build()::delete);
    // The seed's handler adds the token itself: the client never saw it configured.
    PushException handled = org.junit.jupiter.api.Assertions.assertThrows(PushException.class,
        gateway().handler((r, next) -> next.send(r.withHeader("X-BK-TOKEN", "handler-s3cret"))).build()::push);
    assertThat(handled.gatewayMessage()).contains("X-bk-token: ***");
    for (PushException each : List.of(e, bearer, handled)) {
      assertThat(each.getMessage() + each.gatewayMessage()).doesNotContain("s3cret").doesNotContain(TOKEN)
          .doesNotContain("q-s3cret").doesNotContain("q%2Ds3cret").doesNotContain(
              Base64.getEncoder().encodeToString(("user:" + password).getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** The Python habit, push_to_gateway(..) per push: 200 one-shot gateways must not cost 600 threads. */
  @Test
  void oneShotGatewaysShareTheirHttpClientSoThreadsStayBounded() throws IOException {
    gateway().build().push(); // the shared client for these settings now exists
    long selectorsBefore = selectorThreads();
    int threadsBefore = Thread.activeCount();
    long start = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      gateway().build().push();
    }
    assertThat(recorder.requests()).hasSize(201);
    assertThat(selectorThreads()).isLessThanOrEqualTo(selectorsBefore);
    assertThat(Thread.activeCount() - threadsBefore).isLessThan(20);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));

    // Other settings get other clients, never more than the cache holds.
    for (int i = 1; i <= SharedClients.MAX_CLIENTS + 4; i++) {
      gateway().connectTimeout(Duration.ofMillis(1000 + i)).build();
    }
    assertThat(SharedClients.size()).isEqualTo(SharedClients.MAX_CLIENTS);
  }

  private static long selectorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
        .count();
  }

  @Test
  void openMetricsIsRefusedBecauseTheGatewayCannotReadIt() {
    assertThatThrownBy(() -> gateway().format(ExpositionFormat.OPENMETRICS_TEXT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PROMETHEUS_TEXT");
  }
}
