package io.promsdk.pushgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.testsupport.Draw;
import io.promsdk.testsupport.Seeded;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GroupingPathTest {

  @Test
  void aNullGroupingValueIsRefusedNamingTheLabel() {
    assertThatThrownBy(() -> PushGateway.builder().groupingKey("instance", null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("'instance'");
  }
  private static final URI BASE = URI.create("http://127.0.0.1:9091");

  private static String path(String job, Map<String, String> labels) {
    return GroupingPath.groupUri(BASE, job, new TreeMap<>(labels)).getRawPath();
  }

  @Test
  void plainValuesStayReadableAndLabelsAreSorted() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("zone", "eu-1");
    labels.put("instance", "my.host.ip");
    assertThat(path("my_job", labels))
        .isEqualTo("/metrics/job/my_job/instance/my.host.ip/zone/eu-1");
  }

  @Test
  void specialValuesGoAsUrlSafeBase64WithPadding() {
    assertThat(path("j", Map.of("path", "/var/tmp"))).isEqualTo("/metrics/job/j/path@base64/L3Zhci90bXA=");
    assertThat(path("j", Map.of("first", ""))).isEqualTo("/metrics/job/j/first@base64/=");
    assertThat(path("j", Map.of("v", "a b"))).isEqualTo("/metrics/job/j/v@base64/YSBi");
    // The README's own example value, URL-safe alphabet ('_' and '-', never '/' or '+').
    assertThat(path("titan", Map.of("name", "Προμηθεύς")))
        .isEqualTo("/metrics/job/titan/name@base64/zqDPgc6_zrzOt864zrXPjc-C");
    assertThat(path("a/b", Map.of())).isEqualTo("/metrics/job@base64/YS9i");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "a b", "+", "%", "a+b", "%2F", ".", "..", "é", "a:b", "a@b", "?", "#", "&=;"})
  void everyValueOutsideTheUnreservedSetIsBase64(String value) {
    String encoded = path("j", Map.of("v", value));
    assertThat(encoded).startsWith("/metrics/job/j/v@base64/");
    String b64 = encoded.substring("/metrics/job/j/v@base64/".length());
    assertThat(b64).matches("[A-Za-z0-9_=-]+");
    assertThat(decode(b64)).isEqualTo(value);
  }

  @Test
  void anyValueRoundTrips() {
    Seeded.check(300, random -> {
      // Label values are UTF-8: Draw makes no lone surrogate, which has no UTF-8 form. Half the
      // values are mostly unreserved characters, where the choice between plain and base64 is made.
      String value = random.nextBoolean() ? Draw.string(random, 255) : Draw.of(random, "aZ09-._~/%+@: é", 0, 8);
      String segment = path("j", Map.of("v", value)).substring("/metrics/job/j/".length());
      String decoded = segment.startsWith("v@base64/")
          ? decode(segment.substring("v@base64/".length()))
          : segment.substring("v/".length());
      assertThat(decoded).isEqualTo(value);
      assertThat(segment).doesNotContain("//").doesNotEndWith("/");
    });
  }

  private static String decode(String b64) {
    return b64.equals("=") ? "" : new String(Base64.getUrlDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  @Test
  void jobIsRequired() {
    assertThatThrownBy(() -> path("", Map.of())).hasMessageContaining("job");
    assertThatThrownBy(() -> PushGateway.builder().address("h:1").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("job");
    assertThatThrownBy(() -> PushGateway.builder().job("j").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("address");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1a", "a-b", "a b", "__reserved", "job", "a@base64"})
  void invalidGroupingLabelNamesAreRefused(String name) {
    assertThatThrownBy(() -> GroupingPath.checkLabelName(name))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'");
  }

  @Test
  void addressForms() {
    assertThat(GroupingPath.parseAddress("host:9091")).hasToString("http://host:9091");
    assertThat(GroupingPath.parseAddress("[::1]:9091")).hasToString("http://[::1]:9091");
    assertThat(GroupingPath.parseAddress("HTTPS://gw.example/prefix/")).hasToString("https://gw.example/prefix");
    assertThat(GroupingPath.groupUri(GroupingPath.parseAddress("https://gw/a/b"), "j", new TreeMap<>()))
        .hasToString("https://gw/a/b/metrics/job/j");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://h:1", "http://user:s3cret@h:1", "http://h:1/?token=s3cret", "http://h:1/#x", " "})
  void badAddressesAreRefusedWithoutEchoingThem(String address) {
    assertThatThrownBy(() -> GroupingPath.parseAddress(address))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
  }
}
