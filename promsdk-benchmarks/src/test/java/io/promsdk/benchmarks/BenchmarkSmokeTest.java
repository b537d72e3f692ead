package io.promsdk.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.opentelemetry.sdk.metrics.data.MetricData;
import io.promsdk.core.model.Quantiles;
import io.promsdk.core.model.SummarySnapshot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Runs every benchmark method once, as CI can afford, and checks that each library did the work the
 * benchmark claims: the counter moved, the scrape holds the expected series. Times nothing.
 */
class BenchmarkSmokeTest {

  private static final Blackhole BH = new Blackhole(
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  @Test
  void counterInc() {
    CounterIncBenchmark b = new CounterIncBenchmark.T1();
    b.setup();
    b.promsdk();
    b.clientJava();
    b.simpleclient();
    b.micrometer();
    b.otel();
    b.dropwizard();
    assertThat(b.promsdk.get()).isEqualTo(1.0);
    assertThat(b.clientJava.get()).isEqualTo(1.0);
    assertThat(b.simpleclient.get()).isEqualTo(1.0);
    assertThat(b.micrometer.count()).isEqualTo(1.0);
    assertThat(b.dropwizard.getCount()).isEqualTo(1);
    assertThat(otelPoints(b.otelReader.collect())).isEqualTo(1);
    b.tearDown();
  }

  @Test
  void labelledCounter() {
    LabelledCounterBenchmark.Series s = new LabelledCounterBenchmark.Series();
    s.setup();
    LabelledCounterBenchmark.Cursor c = new LabelledCounterBenchmark.Cursor();
    LabelledCounterBenchmark.Lookup lookup = new LabelledCounterBenchmark.Lookup();
    LabelledCounterBenchmark.CachedChild cached = new LabelledCounterBenchmark.CachedChild();
    for (int i = 0; i < Inputs.LABEL_SETS; i++) {
      lookup.promsdk(s, c);
      lookup.clientJava(s, c);
      lookup.simpleclient(s, c);
      lookup.micrometer(s, c);
      lookup.otel(s, c);
      lookup.dropwizard(s, c);
      cached.promsdk(s, c);
      cached.clientJava(s, c);
      cached.simpleclient(s, c);
      cached.micrometer(s, c);
      cached.otel(s, c);
      cached.dropwizard(s, c);
    }
    // Every call hit one of the 8 pre-created series: no library made a new one.
    assertThat(s.promsdk.collect().iterator().next().dataPoints()).hasSize(Inputs.LABEL_SETS);
    // 8 lookups and 8 cached increments per library, whichever series the cursor picked.
    double promsdk = 0, clientJava = 0, simpleclient = 0, micrometer = 0;
    long dropwizard = 0;
    for (int i = 0; i < Inputs.LABEL_SETS; i++) {
      promsdk += s.promsdkChildren[i].get();
      clientJava += s.clientJavaChildren[i].get();
      simpleclient += s.simpleclientChildren[i].get();
      micrometer += s.micrometerChildren[i].count();
      dropwizard += s.dropwizardChildren[i].getCount();
    }
    int expected = 2 * Inputs.LABEL_SETS;
    assertThat(promsdk).isEqualTo(expected);
    assertThat(clientJava).isEqualTo(expected);
    assertThat(simpleclient).isEqualTo(expected);
    assertThat(micrometer).isEqualTo(expected);
    assertThat(dropwizard).isEqualTo(expected);
    assertThat(s.micrometerRegistry.getMeters()).hasSize(Inputs.LABEL_SETS);
    assertThat(otelPoints(s.otelReader.collect())).isEqualTo(Inputs.LABEL_SETS);
    s.tearDown();
  }

  @Test
  void histogramObserve() {
    HistogramObserveBenchmark b = new HistogramObserveBenchmark.T2();
    b.setup();
    Cursor c = new Cursor();
    b.promsdk(c);
    b.clientJava(c);
    b.simpleclient(c);
    b.micrometer(c);
    b.otel(c);
    assertThat(b.promsdk.snapshot().dataPoints().get(0).count()).isEqualTo(1);
    assertThat(b.promsdk.snapshot().dataPoints().get(0).buckets().size()).isEqualTo(12);
    assertThat(b.clientJava.collect().getDataPoints().get(0).getCount()).isEqualTo(1);
    assertThat(b.clientJava.collect().getDataPoints().get(0).getClassicBuckets().size()).isEqualTo(12);
    assertThat(b.clientJava.collect().getDataPoints().get(0).hasNativeHistogramData()).isFalse();
    assertThat(b.micrometer.count()).isEqualTo(1);
    assertThat(otelPoints(b.otelReader.collect())).isEqualTo(1);
    b.tearDown();
  }

  @Test
  void summaryObserve() {
    SummaryObserveBenchmark b = new SummaryObserveBenchmark();
    b.setup();
    Cursor c = new Cursor();
    for (int i = 0; i < 1000; i++) {
      b.promsdk(c);
      b.clientJava(c);
      b.simpleclient(c);
      b.micrometer(c);
      b.dropwizard(c);
    }
    assertThat(b.promsdk.snapshot().dataPoints().get(0).count()).isEqualTo(1000);
    assertThat(b.promsdk.snapshot().dataPoints().get(0).quantiles().size()).isEqualTo(3);
    assertThat(b.clientJava.collect().getDataPoints().get(0).getCount()).isEqualTo(1000);
    assertThat(b.micrometer.count()).isEqualTo(1000);
    assertThat(b.dropwizard.getCount()).isEqualTo(1000);
  }

  /**
   * The summary benchmark only means something if promsdk still keeps its promise: each reported
   * quantile's rank is within the declared rank error of the target rank.
   */
  @Test
  void promsdkSummaryMeetsDeclaredQuantileErrors() {
    io.promsdk.core.metrics.Summary summary =
        SummaryObserveBenchmark.promsdkSummary(new io.promsdk.core.CollectorRegistry());
    int n = 200_000;
    List<Double> values = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      values.add((double) i); // value i has rank i: the rank of any reported value is the value
    }
    Collections.shuffle(values, new Random(7));
    for (double v : values) {
      summary.observe(v);
    }
    SummarySnapshot.SummaryDataPoint point = summary.snapshot().dataPoints().get(0);
    assertThat(point.count()).isEqualTo(n);
    Quantiles q = point.quantiles();
    assertThat(q.size()).isEqualTo(Inputs.QUANTILES.length);
    for (int i = 0; i < q.size(); i++) {
      int k = Arrays.binarySearch(Inputs.QUANTILES, q.quantile(i));
      assertThat(k).isGreaterThanOrEqualTo(0);
      double allowed = Inputs.QUANTILE_ERRORS[k] * n;
      assertThat(Math.abs(q.value(i) - q.quantile(i) * n))
          .as("rank of the %s quantile, allowed error %s", q.quantile(i), Inputs.QUANTILE_ERRORS[k])
          .isLessThanOrEqualTo(allowed + 1);
    }
  }

  @Test
  void expositionProducesTheSameSeriesInEveryLibrary() throws Exception {
    for (String format : new String[] {"text", "openmetrics"}) {
      for (String library : new String[] {"promsdk", "promsdkStreaming", "clientJava", "simpleclient", "micrometer"}) {
        ExpositionBenchmark b = new ExpositionBenchmark();
        b.series = 1000;
        b.format = format;
        b.setup(library, "text".equals(format));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.scrape(library, out);
        String body = out.toString(StandardCharsets.UTF_8);
        String what = library + " " + format;
        if ("promsdkStreaming".equals(library)) { // the same bytes as the snapshot path
          ByteArrayOutputStream snapshotPath = new ByteArrayOutputStream();
          b.promsdk(snapshotPath);
          assertThat(body.equals(snapshotPath.toString(StandardCharsets.UTF_8))).as(what).isTrue();
        }
        // Booleans, not the body itself, so that a failure does not print 100 KB.
        assertThat(countLines(body, "requests_total{method=\"")).as(what).isEqualTo(1000);
        assertThat(body.contains("requests_total{method=\"GET\",path=\"/api/v1/items/0\"")).as(what).isTrue();
        assertThat(body.contains("path=\"/api/v1/items/999\"")).as(what).isTrue();
        assertThat(countLines(body, "latency_seconds_count{handler=\"")).as(what).isEqualTo(20);
        assertThat(countLines(body, "latency_seconds_bucket{handler=\"")).as(what).isEqualTo(20 * 12);
        assertThat(body.contains("handler=\"handler_19\"")).as(what).isTrue();
        assertThat(body.contains("# TYPE requests")).as(what).isTrue();
        assertThat(body.endsWith("# EOF\n")).as(what).isEqualTo("openmetrics".equals(format));
        // And the benchmark method itself runs.
        switch (library) {
          case "promsdk" -> b.promsdk(BH);
          case "promsdkStreaming" -> b.promsdkStreaming(BH);
          case "clientJava" -> b.clientJava(BH);
          case "simpleclient" -> b.simpleclient(BH);
          default -> b.micrometer(BH);
        }
      }
    }
    ExpositionBenchmark otel = new ExpositionBenchmark();
    otel.series = 1000;
    otel.format = "text";
    otel.setup("otel", true);
    Collection<MetricData> data = otel.otel.collect();
    assertThat(otelPoints(data)).isEqualTo(1000 + 20);
    otel.otel(BH);
    otel.tearDown();
  }

  /**
   * The service-shaped fixture is built alike in both libraries: every scrape holds the same
   * 1,020 series and the same 1,310 samples with the same values (labels compared as sets, as
   * client_java sorts them; sums to 12 digits, as the two libraries add observations differently).
   */
  @Test
  void serviceScrapeHasTheSameSamplesInBothLibraries() throws Exception {
    assertThat(ServiceFixture.seriesCount()).isEqualTo(1020);
    int expectedSamples = 1000 + 10 * (12 + 2) + 10 * (15 + 2);
    for (String format : new String[] {"text", "openmetrics"}) {
      Map<String, Double> reference = null;
      for (String library : new String[] {"promsdk", "promsdkStreaming", "clientJava"}) {
        String body = ServiceScrapeBenchmark.scrapeText(library, format);
        String what = library + " " + format;
        Map<String, Double> samples = samples(body);
        assertThat(samples).as(what).hasSize(expectedSamples);
        assertThat(SampleLineCount.sampleLines(body)).as(what).isEqualTo(expectedSamples);
        assertThat(countLines(body, "# TYPE ")).as(what).isEqualTo(12);
        assertThat(body.contains("_created")).as(what).isFalse();
        assertThat(body.endsWith("# EOF\n")).as(what).isEqualTo("openmetrics".equals(format));
        if (reference == null) {
          reference = samples;
        } else {
          assertThat(samples.keySet()).as(what).isEqualTo(reference.keySet());
          for (Map.Entry<String, Double> e : reference.entrySet()) {
            double v = samples.get(e.getKey());
            if (e.getKey().contains("_sum")) {
              assertThat(v).as(what + " " + e.getKey()).isCloseTo(e.getValue(), within(Math.abs(v) * 1e-12));
            } else {
              assertThat(v).as(what + " " + e.getKey()).isEqualTo(e.getValue());
            }
          }
        }
        ServiceScrapeBenchmark b = new ServiceScrapeBenchmark(); // and the benchmark method runs
        b.format = format;
        b.setup(library);
        switch (library) {
          case "promsdk" -> b.promsdk(BH);
          case "promsdkStreaming" -> b.promsdkStreaming(BH);
          default -> b.clientJava(BH);
        }
      }
    }
  }

  /** Each sample line as {@code name{labels sorted by name}} to its value; {@code le} as a number. */
  private static Map<String, Double> samples(String body) {
    Map<String, Double> samples = new HashMap<>();
    for (String line : body.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      int brace = line.indexOf('{');
      String name = brace < 0 ? line.substring(0, space) : line.substring(0, brace);
      TreeMap<String, String> labels = new TreeMap<>();
      if (brace >= 0) {
        Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}')));
        while (m.find()) {
          String value = m.group(1).equals("le") ? Double.toString(parse(m.group(2))) : m.group(2);
          labels.put(m.group(1), value);
        }
      }
      Double previous = samples.put(name + labels, parse(line.substring(space + 1)));
      assertThat(previous).as("a repeated sample: %s", line).isNull();
    }
    return samples;
  }

  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

  private static double parse(String value) {
    return switch (value) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(value);
    };
  }

  @Test
  void protobufExpositionHoldsEverySeriesInBothLibraries() throws Exception {
    for (String library : new String[] {"promsdk", "promsdkStreaming", "clientJava"}) {
      ExpositionBenchmark b = new ExpositionBenchmark();
      b.series = 1000;
      b.format = "protobuf";
      b.setup(library, false);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      b.scrape(library, out);
      // Protobuf strings are their UTF-8 bytes: count them in the binary body.
      String body = out.toString(StandardCharsets.ISO_8859_1);
      String what = library + " protobuf";
      if ("promsdkStreaming".equals(library)) {
        ByteArrayOutputStream snapshotPath = new ByteArrayOutputStream();
        b.promsdk(snapshotPath);
        assertThat(Arrays.equals(out.toByteArray(), snapshotPath.toByteArray())).as(what).isTrue();
      }
      assertThat(countOccurrences(body, "/api/v1/items/")).as(what).isEqualTo(1000);
      assertThat(countOccurrences(body, "handler_")).as(what).isEqualTo(20);
      assertThat(body.contains("requests_total")).as(what).isTrue();
      switch (library) {
        case "promsdk" -> b.promsdk(BH);
        case "promsdkStreaming" -> b.promsdkStreaming(BH);
        default -> b.clientJava(BH);
      }
    }
  }

  private static int countOccurrences(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void httpScrape() throws Exception {
    for (String library : new String[] {"promsdk", "clientJava"}) {
      for (boolean gzip : new boolean[] {false, true}) {
        HttpScrapeBenchmark b = new HttpScrapeBenchmark();
        b.series = 1000;
        b.gzip = gzip;
        b.start(library);
        try {
          String body = new String(b.body(), StandardCharsets.UTF_8);
          assertThat(countLines(body, "requests_total{method=\"")).as(library).isEqualTo(1000);
          assertThat(countLines(body, "latency_seconds_bucket{handler=\"")).as(library).isEqualTo(240);
          long bytes = "promsdk".equals(library) ? b.promsdk() : b.clientJava();
          if (gzip) {
            assertThat(bytes).as(library).isLessThan(body.length() / 3);
          } else {
            assertThat(bytes).as(library).isEqualTo(body.length());
          }
        } finally {
          b.tearDown();
        }
      }
    }
  }

  @Test
  void memoryFootprintBuildsEveryLibrary() {
    String[] values = {"/a", "/b", "/c"};
    String[] names = {"requests.GET./a", "requests.GET./b", "requests.GET./c"};
    for (String kind : MemoryFootprint.KINDS) {
      for (String library : MemoryFootprint.LIBRARIES) {
        if (MemoryFootprint.supported(library, kind)) {
          Object built = MemoryFootprint.build(library, kind, values, names);
          assertThat(built).as(library + " " + kind).isNotNull();
          if (built instanceof OtelReader r) {
            assertThat(otelPoints(r.collect())).isEqualTo(3);
            r.close();
          }
        }
      }
    }
  }

  private static int countLines(String body, String prefix) {
    int n = 0;
    for (String line : body.split("\n")) {
      if (line.startsWith(prefix)) {
        n++;
      }
    }
    return n;
  }

  private static int otelPoints(Collection<MetricData> data) {
    int n = 0;
    for (MetricData d : data) {
      n += d.getData().getPoints().size();
    }
    return n;
  }
}
