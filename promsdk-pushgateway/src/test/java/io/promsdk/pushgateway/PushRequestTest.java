package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.exporter.common.push.Retry;
import io.promsdk.exporter.common.push.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PushRequestTest {
  private static final PushRequest REQUEST =
      PushRequest.of("PUT", URI.create("http://127.0.0.1:9091/metrics/job/j"), Duration.ofSeconds(1));

  @ParameterizedTest
  @ValueSource(strings = {"tok\r\nX-Evil: 1", "tok\nen", "tok\ren", "a\u0000b", "tok\u20acen", "tok\u0100",
      "tok\uD83D\uDE00", "tok\u007f"})
  void headerValuesWithLineBreaksOrControlsAreRefusedWithoutEchoingThem(String value) {
    assertThatThrownBy(() -> REQUEST.withHeader("X-BK-TOKEN", value))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains("X-BK-TOKEN").doesNotContain("tok"));
    assertThatThrownBy(() -> PushGateway.builder().header("X-BK-TOKEN", value))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void visibleAsciiSpaceTabAndObsTextAreAllowedInHeaderValues() {
    String value = "Bearer a-Z_0.9~+/= \t\u0080\u00e4\u00ff!";
    assertThat(REQUEST.withHeader("X-BK-TOKEN", value).header("X-BK-TOKEN")).contains(value);
    assertThat(HttpSender.toHttpRequest(REQUEST.withHeader("X-BK-TOKEN", value)).headers()
        .firstValue("X-BK-TOKEN")).contains(value);
  }

  /** Whatever our own check misses, the JDK's message, which repeats the value, never escapes. */
  @Test
  void theJdksRefusalsAreReworded() {
    String token = "tok\u20acen-s3cret";
    java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(REQUEST.uri());
    assertThatThrownBy(() -> HttpSender.setHeader(builder, "X-BK-TOKEN", token))
        .isInstanceOf(IllegalArgumentException.class).hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).contains("X-BK-TOKEN").doesNotContain("s3cret"));
    // A handler may send to a URI the JDK refuses (a host with '_'); the JDK repeats the query.
    PushRequest odd = REQUEST.withUri(URI.create("http://my_host:9091/metrics/job/j"))
        .withQueryParameter("X-BK-TOKEN", "s3cret");
    assertThatThrownBy(() -> HttpSender.toHttpRequest(odd))
        .isInstanceOf(IllegalArgumentException.class).hasNoCause()
        .satisfies(e -> assertThat(e.getMessage()).contains("X-BK-TOKEN=***").doesNotContain("s3cret"));
  }

  @Test
  void secretValuesCoverEveryFormAnEchoCouldTake() {
    String basic = java.util.Base64.getEncoder().encodeToString("user:pa55word".getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
    PushRequest r = REQUEST.withHeader("Content-Type", "text/plain").withHeader("X-BK-TOKEN", "tok1")
        .withHeader("Authorization", "Basic " + basic).withQueryParameter("t", "a b/c");
    assertThat(r.secretValues()).contains("tok1", "Basic " + basic, basic, "user:pa55word", "pa55word",
        "a%20b%2Fc", "a b/c").doesNotContain("text/plain");
    assertThat(Secret.maskAll("got tok1, a%20b%2Fc and user:pa55word; line 1", r.secretValues()))
        .isEqualTo("got ***, *** and ***; line 1");
    assertThat(Secret.maskAll("short abc stays", java.util.Set.of("abc"))).isEqualTo("short abc stays");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Host", "content-length", "Connection", "", "Bad Name", "a:b"})
  void invalidOrClientOwnedHeaderNamesAreRefused(String name) {
    assertThatThrownBy(() -> REQUEST.withHeader(name, "v")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headersAreCaseInsensitiveAndCopiesLeaveTheOriginalAlone() {
    PushRequest changed = REQUEST.withHeader("X-BK-TOKEN", "a").addHeader("x-bk-token", "b");
    assertThat(changed.headers().get("X-Bk-Token")).containsExactly("a", "b");
    assertThat(changed.withHeader("x-bk-token", "c").header("X-BK-TOKEN")).contains("c");
    assertThat(changed.withoutHeader("X-BK-TOKEN").headers()).isEmpty();
    assertThat(REQUEST.headers()).isEmpty();
    byte[] body = {1, 2, 3};
    PushRequest withBody = REQUEST.withBody(body);
    body[0] = 9;
    withBody.body()[1] = 9;
    assertThat(withBody.body()).containsExactly(1, 2, 3);
  }

  @Test
  void queryParametersArePercentEncodedWithoutPlus() {
    PushRequest r = REQUEST.withQueryParameter("X-BK-TOKEN", "a b+c/é&=").withQueryParameter("x", "1");
    assertThat(r.uri().getRawQuery()).isEqualTo("X-BK-TOKEN=a%20b%2Bc%2F%C3%A9%26%3D&x=1");
    assertThat(r.uri().getRawPath()).isEqualTo("/metrics/job/j");
  }

  @Test
  void toStringAndRedactedUriMaskSecrets() {
    PushRequest r = REQUEST.withHeader("Content-Type", "text/plain")
        .withHeader("X-BK-TOKEN", "s3cret-header")
        .withHeader("Authorization", "Bearer s3cret-bearer")
        .withQueryParameter("X-BK-TOKEN", "s3cret-query");
    assertThat(r.toString())
        .contains("PUT http://127.0.0.1:9091/metrics/job/j?X-BK-TOKEN=***", "Content-Type: text/plain",
            "X-BK-TOKEN: ***", "Authorization: ***")
        .doesNotContain("s3cret");
    assertThat(r.redactedUri()).doesNotContain("s3cret");
    assertThat(r.header("X-BK-TOKEN")).contains("s3cret-header");
  }

  @Test
  void responseBodiesAreBounded() {
    PushResponse response = new PushResponse(500, java.util.Map.of("retry-after", List.of("3")),
        "x".repeat(100_000));
    assertThat(response.body()).hasSize(PushResponse.MAX_BODY_CHARS + 3);
    assertThat(response.header("Retry-After")).contains("3");
  }

  @Test
  void backoffDoublesWithJitterAndIsCapped() {
    Duration initial = Duration.ofMillis(100);
    Duration max = Duration.ofMillis(1000);
    for (int attempt = 0; attempt < 40; attempt++) {
      long base = Math.min(100L << Math.min(attempt, 20), 1000) * 1_000_000L;
      assertThat(Retry.backoffNanos(attempt, initial, max)).isBetween(base / 2, base);
    }
  }
}
