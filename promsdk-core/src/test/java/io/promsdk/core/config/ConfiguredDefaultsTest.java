package io.promsdk.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Histogram;
import io.promsdk.core.metrics.Summary;
import io.promsdk.core.model.HistogramSnapshot;
import io.promsdk.core.model.SummarySnapshot;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the runtime configuration changes in the metrics' builders, and that code wins. */
class ConfiguredDefaultsTest {
  private static HistogramSnapshot.HistogramDataPoint observed(Histogram.Builder b) {
    Histogram h = b.name("h_seconds").help("h").register(new CollectorRegistry());
    h.observe(0.3);
    return h.snapshot().dataPoints().get(0);
  }

  private static double[] bounds(HistogramSnapshot.HistogramDataPoint p) {
    double[] b = new double[p.buckets().size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = p.buckets().upperBound(i);
    }
    return b;
  }

  @Test
  void histogramKindAndBucketsFollowTheConfigurationUnlessTheCodeChooses() {
    PromsdkConfig classic = PromsdkConfig.of(Map.of("promsdk.histogram.kind", "classic", "promsdk.histogram.buckets", "0.1,1"));
    assertThat(observed(Histogram.builder(classic)).nativeBuckets()).isNull();
    assertThat(bounds(observed(Histogram.builder(classic)))).containsExactly(0.1, 1, Double.POSITIVE_INFINITY);
    // Code wins: explicit buckets, or a native option that asks for native buckets.
    assertThat(bounds(observed(Histogram.builder(classic).buckets(5)))).containsExactly(5, Double.POSITIVE_INFINITY);
    assertThat(observed(Histogram.builder(classic).nativeOnly()).nativeBuckets()).isNotNull();
    assertThat(observed(Histogram.builder(classic).nativeMaxNumberOfBuckets(40)).nativeBuckets()).isNotNull();

    PromsdkConfig nativ = PromsdkConfig.of(Map.of("promsdk.histogram.kind", "native"));
    assertThat(bounds(observed(Histogram.builder(nativ)))).containsExactly(Double.POSITIVE_INFINITY);
    assertThat(bounds(observed(Histogram.builder(nativ).buckets(1, 2)))).containsExactly(1, 2, Double.POSITIVE_INFINITY);
    assertThat(observed(Histogram.builder(nativ).classicOnly()).nativeBuckets()).isNull();

    PromsdkConfig none = PromsdkConfig.empty();
    assertThat(observed(Histogram.builder(none)).nativeBuckets()).isNotNull();
    assertThat(bounds(observed(Histogram.builder(none)))).hasSize(12);
  }

  @Test
  void summaryQuantilesAndWindowFollowTheConfigurationUnlessTheCodeChooses() {
    PromsdkConfig config = PromsdkConfig.of(Map.of("promsdk.summary.quantiles", "0.5:0.05,0.9:0.01",
        "promsdk.summary.maxAge", "1m", "promsdk.summary.ageBuckets", "2"));
    Summary configured = Summary.builder(config).name("s").help("s").register(new CollectorRegistry());
    configured.observe(1);
    SummarySnapshot.SummaryDataPoint p = configured.snapshot().dataPoints().get(0);
    assertThat(p.quantileCount()).isEqualTo(2);
    assertThat(p.quantile(0)).isEqualTo(0.5);
    assertThat(p.quantile(1)).isEqualTo(0.9);
    Summary coded = Summary.builder(config).name("s2").help("s").quantile(0.99, 0.001).register(new CollectorRegistry());
    coded.observe(1);
    assertThat(coded.snapshot().dataPoints().get(0).quantileCount()).isEqualTo(1);
  }

  /**
   * Without code: a JVM of its own, configured by environment variables and a bundled
   * promsdk.properties, builds metrics with the configured defaults; an unknown key stops its
   * first builder with a message naming the key.
   */
  @Test
  void environmentAndBundledFileConfigureAJvmWithoutCode(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("promsdk.properties"), "promsdk.summary.quantiles=0.5:0.05\npromsdk.exemplars=false\n");
    String out = runMain(dir, Map.of("PROMSDK_HISTOGRAM_KIND", "classic", "PROMSDK_EXEMPLARS", "true",
        "PROMSDK_CARDINALITY_LIMIT", "2"));
    assertThat(out).contains("native=false", "quantiles=1", "exemplars=true", "series=[_overflow_, a, b]");
    String failed = runMain(dir, Map.of("PROMSDK_HISTOGRAM_KINDS", "classic"));
    assertThat(failed).contains("PromsdkConfigException: promsdk configuration: unknown key PROMSDK_HISTOGRAM_KINDS"
        + " (environment variable PROMSDK_HISTOGRAM_KINDS)");
  }

  private static String runMain(Path classPathDir, Map<String, String> env) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp",
        classPathDir + File.pathSeparator + System.getProperty("java.class.path"), Main.class.getName())
        .redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("PROMSDK_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Builds one histogram and one summary with no settings in code, and prints what they became. */
  public static final class Main {
    public static void main(String[] args) {
      CollectorRegistry registry = new CollectorRegistry();
      Histogram h = Histogram.builder().name("h_seconds").help("h").register(registry);
      h.observe(1);
      Summary s = Summary.builder().name("s").help("s").register(registry);
      s.observe(1);
      Counter c = Counter.builder().name("c_total").help("c").labelNames("k").register(registry);
      for (String k : new String[] {"a", "b", "c", "d"}) {
        c.labelValues(k).inc();
      }
      System.out.println("native=" + (h.snapshot().dataPoints().get(0).nativeBuckets() != null)
          + " quantiles=" + s.snapshot().dataPoints().get(0).quantileCount()
          + " exemplars=" + io.promsdk.core.exemplars.Exemplars.enabled()
          + " series=" + c.snapshot().dataPoints().stream().map(p -> p.labels().get("k")).sorted().toList());
    }
  }
}
