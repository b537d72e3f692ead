package io.promsdk.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromsdkConfigTest {
  @TempDir Path dir;

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  private ClassLoader classPathWith(String content) throws IOException {
    Path root = Files.createDirectories(dir.resolve("cp"));
    Files.writeString(root.resolve("promsdk.properties"), content);
    return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
  }

  @Test
  void nothingConfiguredLeavesEveryValueUnset() {
    PromsdkConfig c = PromsdkConfig.load(Map.of("PATH", "/usr/bin"), props("java.version", "17"), null);
    assertThat(c.exporterPort()).isEmpty();
    assertThat(c.histogramKind()).isEmpty();
    assertThat(c.pushHeaders()).isEmpty();
    assertThat(c.toString()).isEqualTo("PromsdkConfig[]");
  }

  @Test
  void laterLayersOverrideEarlierOnesKeyByKey() throws IOException {
    ClassLoader cp = classPathWith("promsdk.exporter.port=9001\npromsdk.push.job=bundled\npromsdk.histogram.kind=native\n");
    Path file = Files.writeString(dir.resolve("ops.properties"), "promsdk.exporter.port=9002\npromsdk.push.job=ops\n");
    Map<String, String> env = Map.of("PROMSDK_CONFIG", file.toString(), "PROMSDK_EXPORTER_PORT", "9003");
    PromsdkConfig c = PromsdkConfig.load(env, props("promsdk.push.job", "sysprop"), cp);
    assertThat(c.histogramKind()).contains(HistogramKind.NATIVE);       // classpath only
    assertThat(c.exporterPort()).hasValue(9003);                         // env over both files
    assertThat(c.pushJob()).contains("sysprop");                         // system property over all
    assertThat(c.sourceOf("promsdk.exporter.port")).contains("environment variable PROMSDK_EXPORTER_PORT");
    assertThat(c.sourceOf("promsdk.histogram.kind").orElseThrow()).startsWith("file ").endsWith("promsdk.properties");
  }

  @Test
  void theFileSystemPropertyWinsOverTheFileVariable() throws IOException {
    Path a = Files.writeString(dir.resolve("a.properties"), "promsdk.push.job=a\n");
    Path b = Files.writeString(dir.resolve("b.properties"), "promsdk.push.job=b\n");
    PromsdkConfig c = PromsdkConfig.load(Map.of("PROMSDK_CONFIG", a.toString()), props("promsdk.config", b.toString()), null);
    assertThat(c.pushJob()).contains("b");
  }

  @Test
  void aMissingConfigFileStopsLoadingNamingTheKey() {
    assertThatThrownBy(() -> PromsdkConfig.load(Map.of("PROMSDK_CONFIG", dir.resolve("nope").toString()), props(), null))
        .isInstanceOf(PromsdkConfigException.class)
        .hasMessageContaining("PROMSDK_CONFIG=")
        .hasMessageContaining("readable properties file");
  }

  /** Properties.load throws IllegalArgumentException here: in PromsdkConfig.get() that was an ExceptionInInitializerError. */
  @Test
  void aFileWithAMalformedUnicodeEscapeStopsLoadingAsAConfigurationError() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.properties"), "promsdk.push.job=\\uZZZZ\n");
    assertThatThrownBy(() -> PromsdkConfig.load(Map.of("PROMSDK_CONFIG", file.toString()), props(), null))
        .isInstanceOf(PromsdkConfigException.class)
        .hasMessageContaining("PROMSDK_CONFIG=")
        .hasMessageContaining("readable properties file");
    ClassLoader cp = classPathWith("promsdk.push.job=\\uZZZZ\n");
    assertThatThrownBy(() -> PromsdkConfig.load(Map.of(), props(), cp))
        .isInstanceOf(PromsdkConfigException.class)
        .hasMessageContaining("promsdk.properties");
  }

  @Test
  void environmentVariablesAreTheKeysInUpperCaseWithCamelCaseSplit() {
    Map<String, String> env = Map.of(
        "PROMSDK_CREATED_TIMESTAMPS", "true",
        "PROMSDK_EXEMPLARS_INTERVAL_MILLIS", "250",
        "PROMSDK_PUSH_GROUPING_KEY", "instance=h1, zone=a",
        "PROMSDK_PUSH_HEADERS", "X-BK-TOKEN=abc",
        "PROMSDK_SUMMARY_QUANTILES", "0.5:0.05,0.99:0.001",
        "PROMSDK_SUMMARY_MAX_AGE", "2m",
        "PROMSDK_HISTOGRAM_BUCKETS", "0.1, 1,10");
    PromsdkConfig c = PromsdkConfig.load(env, props(), null);
    assertThat(c.createdTimestamps()).contains(true);
    assertThat(c.exemplarsSampleInterval()).contains(Duration.ofMillis(250));
    assertThat(c.pushGroupingKey()).containsExactly(Map.entry("instance", "h1"), Map.entry("zone", "a"));
    assertThat(c.pushHeaders()).containsExactly(Map.entry("X-BK-TOKEN", "abc"));
    assertThat(c.summaryQuantiles()).contains(List.of(new PromsdkConfig.Quantile(0.5, 0.05), new PromsdkConfig.Quantile(0.99, 0.001)));
    assertThat(c.summaryMaxAge()).contains(Duration.ofMinutes(2));
    assertThat(c.histogramBuckets().orElseThrow()).containsExactly(0.1, 1, 10);
    for (ConfigKey key : ConfigKey.values()) {
      assertThat(key.environmentVariable()).matches("PROMSDK(_[A-Z]+)+");
    }
    assertThat(ConfigKey.PUSH_GROUPING_KEY.environmentVariable()).isEqualTo("PROMSDK_PUSH_GROUPING_KEY");
  }

  @Test
  void mapKeysTakeOneEntryPerKeyInFilesAndSystemPropertiesMergedAcrossLayers() throws IOException {
    ClassLoader cp = classPathWith("promsdk.push.headers.X-BK-TOKEN=bundled\npromsdk.push.groupingKey.instance=h1\n");
    PromsdkConfig c = PromsdkConfig.load(Map.of("PROMSDK_PUSH_GROUPING_KEY", "zone=a"),
        props("promsdk.push.headers.X-BK-TOKEN", "fromSysprop"), cp);
    assertThat(c.pushHeaders()).containsExactly(Map.entry("X-BK-TOKEN", "fromSysprop"));
    assertThat(c.pushGroupingKey()).containsExactly(Map.entry("instance", "h1"), Map.entry("zone", "a"));
    assertThat(c.toString()).doesNotContain("fromSysprop").contains("promsdk.push.headers");
  }

  /**
   * The Spring Boot starter reads the same system properties and environment through Spring's
   * relaxed binding: its spellings mean the same keys here, and its own keys are left to it.
   */
  @Test
  void springBootSpellingsAreTheSameKeysAndTheStartersOwnKeysAreLeftAlone() {
    PromsdkConfig c = PromsdkConfig.load(
        Map.of("PROMSDK_PUSH_GROUPINGKEY", "zone=a", "PROMSDK_ENDPOINT_PATH", "/m", "PROMSDK_JVM_ENABLED", "false",
            "PROMSDK_PUSH_HEADERS_X_BK_TOKEN", "t"),
        props("promsdk.push.grouping-key.instance", "h1", "promsdk.push.headers.X-BK-TOKEN", "abc",
            "promsdk.endpoint.path", "/metrics2", "promsdk.http.enabled", "false", "promsdk.Push.Job", "j"),
        null);
    assertThat(c.pushGroupingKey()).containsExactly(Map.entry("zone", "a"), Map.entry("instance", "h1"));
    assertThat(c.pushHeaders()).containsExactly(Map.entry("X-BK-TOKEN", "abc"));
    assertThat(c.pushJob()).contains("j");
    assertThat(PromsdkConfig.load(Map.of(), props("promsdk.seed", "1", "promsdk.case", "2", "promsdk.test.x", "y"), null))
        .hasToString("PromsdkConfig[]");
    assertThat(PromsdkConfig.load(Map.of("PROMSDK_SCRAPE_MAX_BUFFERED_BYTES", "0"), props(), null).scrapeMaxBufferedBytes())
        .hasValue(0);
    assertThatThrownBy(() -> PromsdkConfig.load(Map.of(), props("promsdk.endpointx.path", "/m"), null))
        .hasMessageContaining("unknown key promsdk.endpointx.path");
  }

  /** Only an underscore after the key's variable makes a variable the starter's: a typo is reported. */
  @Test
  void aVariableThatOnlyBeginsLikeAStarterOrMapKeyIsUnknown() {
    for (String typo : new String[] {"PROMSDK_PUSH_GROUPING_KEYS", "PROMSDK_PUSH_HEADERSX", "PROMSDK_HTTPSERVER_PORT",
        "PROMSDK_ENDPOINTS_PATH"}) {
      assertThatThrownBy(() -> PromsdkConfig.load(Map.of(typo, "a=b"), props(), null))
          .as(typo).isInstanceOf(PromsdkConfigException.class)
          .hasMessageContaining("unknown key " + typo);
    }
    assertThat(PromsdkConfig.load(Map.of("PROMSDK_PUSH_GROUPINGKEY_INSTANCE", "h1", "PROMSDK_HTTP_PORT", "1",
        "PROMSDK_ENDPOINT_PATH", "/m"), props(), null)).hasToString("PromsdkConfig[]");
  }

  @Test
  void durationsTakeUnitsOrIso8601() {
    assertThat(PromsdkConfig.of(Map.of("promsdk.push.interval", "500ms")).pushInterval()).contains(Duration.ofMillis(500));
    assertThat(PromsdkConfig.of(Map.of("promsdk.push.interval", "15s")).pushInterval()).contains(Duration.ofSeconds(15));
    assertThat(PromsdkConfig.of(Map.of("promsdk.push.interval", "1h")).pushInterval()).contains(Duration.ofHours(1));
    assertThat(PromsdkConfig.of(Map.of("promsdk.push.interval", "pt90s")).pushInterval()).contains(Duration.ofSeconds(90));
    for (String bad : new String[] {"15", "0s", "-1m", "fast", "PTX"}) {
      assertThatThrownBy(() -> PromsdkConfig.of(Map.of("promsdk.push.interval", bad)))
          .as(bad).isInstanceOf(PromsdkConfigException.class)
          .hasMessageContaining("promsdk.push.interval=" + bad + " (code)")
          .hasMessageContaining("the rule: a positive duration");
    }
  }

  @Test
  void anUnknownKeyStopsLoadingNamingItAndItsSource() {
    assertThatThrownBy(() -> PromsdkConfig.load(Map.of(), props("promsdk.exporter.prot", "9400"), null))
        .isInstanceOf(PromsdkConfigException.class)
        .hasMessageContaining("unknown key promsdk.exporter.prot (system property -Dpromsdk.exporter.prot)")
        .hasMessageContaining("promsdk.exporter.port")
        .extracting(e -> ((PromsdkConfigException) e).key()).isEqualTo("promsdk.exporter.prot");
    assertThatThrownBy(() -> PromsdkConfig.load(Map.of("PROMSDK_EXPORTER_PROT", "1"), props(), null))
        .hasMessageContaining("unknown key PROMSDK_EXPORTER_PROT (environment variable PROMSDK_EXPORTER_PROT)");
    assertThatThrownBy(() -> PromsdkConfig.of(Map.of("promsdk.push.groupingKey.", "x")))
        .hasMessageContaining("unknown key promsdk.push.groupingKey.");
  }

  @Test
  void malformedValuesNameTheKeySourceAndRule() {
    Object[][] cases = {
        {"promsdk.exporter.port", "abc", "not an integer"},
        {"promsdk.exporter.port", "70000", "an integer from 0 to 65535"},
        {"promsdk.exemplars", "yes", "true or false"},
        {"promsdk.exemplars.intervalMillis", "0", "a positive number of milliseconds"},
        {"promsdk.histogram.kind", "exponential", "classic, native, classicAndNative"},
        {"promsdk.histogram.buckets", "1,0.5", "0.5 does not exceed 1"},
        {"promsdk.histogram.buckets", "1,Infinity", "not a finite number"},
        {"promsdk.summary.quantiles", "0.5", "lacks ':error'"},
        {"promsdk.summary.quantiles", "1.5:0.01", "outside (0, 1)"},
        {"promsdk.summary.ageBuckets", "0", "a positive integer"},
        {"promsdk.cardinalityLimit", "-5", "not positive"},
        {"promsdk.push.job", " ", "a non-empty string"},
        {"promsdk.push.groupingKey", "instance", "'instance' is no name=value pair"},
        {"promsdk.push.groupingKey", "zone=a,zone=b", "'zone' repeats an earlier name"},
    };
    for (Object[] c : cases) {
      assertThatThrownBy(() -> PromsdkConfig.of(Map.of((String) c[0], (String) c[1])))
          .as(c[0] + "=" + c[1]).isInstanceOf(PromsdkConfigException.class)
          .hasMessageStartingWith("promsdk configuration: " + c[0] + "=" + c[1] + " (code): ")
          .hasMessageContaining((String) c[2]);
    }
  }

  /** Headers carry tokens: a malformed value is named by key, source and position, never shown. */
  @Test
  void aMalformedHeaderValueIsNeverPrinted() {
    for (String bad : new String[] {"X-BK-TOKEN:s3cret-value", "X-A=ok,Authorization: Bearer s3cret-value"}) {
      assertThatThrownBy(() -> PromsdkConfig.load(Map.of("PROMSDK_PUSH_HEADERS", bad), props(), null))
          .as(bad).isInstanceOf(PromsdkConfigException.class)
          .hasMessageStartingWith("promsdk configuration: promsdk.push.headers=*** (environment variable PROMSDK_PUSH_HEADERS): ")
          .hasMessageContaining("no name=value pair")
          .hasMessageNotContaining("s3cret");
    }
  }

  @Test
  void theExemplarAndCreatedTimestampPropertiesOfEarlierReleasesStillWork() {
    PromsdkConfig c = PromsdkConfig.load(Map.of(),
        props("promsdk.exemplars", "false", "promsdk.createdTimestamps", "true", "promsdk.exemplars.intervalMillis", "10"), null);
    assertThat(c.exemplarsEnabled()).contains(false);
    assertThat(c.createdTimestamps()).contains(true);
    assertThat(c.exemplarsSampleInterval()).contains(Duration.ofMillis(10));
  }

  @Test
  void aNullValueInCodeIsRefusedNamingItsKey() {
    Map<String, String> m = new java.util.HashMap<>();
    m.put("promsdk.push.job", null);
    assertThatThrownBy(() -> PromsdkConfig.of(m))
        .isInstanceOf(PromsdkConfigException.class)
        .hasMessageContaining("promsdk.push.job");
  }

  @Test
  void everyKeyIsDocumentedInTheCoreReadme() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    for (ConfigKey key : ConfigKey.values()) {
      assertThat(readme).as(key.key()).contains("`" + key.key() + "`").contains("`" + key.environmentVariable() + "`");
    }
  }
}
