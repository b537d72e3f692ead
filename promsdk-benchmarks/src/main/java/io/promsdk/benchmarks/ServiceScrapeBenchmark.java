package io.promsdk.benchmarks;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.exposition.ExpositionOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One scrape, collect + write, of the service-shaped registry of {@link ServiceFixture} (10
 * counter families x 100 label sets, 2 histogram families x 10) to a discarding stream, in the
 * Prometheus text format 0.0.4 or OpenMetrics, promsdk beside client_java 1.10. Run with
 * {@code -prof gc} for bytes per scrape; {@code SampleLineCount} counts the sample lines each
 * scrape writes, so that the report can give nanoseconds per sample line.
 *
 * <p>Both libraries run with their defaults, as a service would: no {@code _created} samples in
 * OpenMetrics (off by default in promsdk and in client_java's writer), no exemplars (client_java's
 * metrics are built {@code withoutExemplars()}, promsdk has none). {@code promsdk} collects
 * snapshots and writes them; {@code promsdkStreaming} writes the registry itself, as the HTTP
 * server and the push client do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Threads(1)
public class ServiceScrapeBenchmark {

  @Param({"text", "openmetrics"})
  public String format;

  io.promsdk.core.CollectorRegistry promsdk;
  ExpositionFormat promsdkFormat;
  io.prometheus.metrics.model.registry.PrometheusRegistry clientJava;
  ExpositionFormatWriter clientJavaWriter;

  /** Builds only the registry of the library this benchmark measures. */
  @Setup
  public void setup(BenchmarkParams params) {
    String benchmark = params.getBenchmark();
    setup(benchmark.substring(benchmark.lastIndexOf('.') + 1));
  }

  void setup(String library) {
    boolean text = "text".equals(format);
    switch (library) {
      case "promsdk", "promsdkStreaming" -> {
        promsdk = ServiceFixture.promsdk();
        promsdkFormat = text ? ExpositionFormat.PROMETHEUS_TEXT : ExpositionFormat.OPENMETRICS_TEXT;
      }
      case "clientJava" -> {
        clientJava = ServiceFixture.clientJava();
        clientJavaWriter = text ? PrometheusTextFormatWriter.create() : OpenMetricsTextFormatWriter.create();
      }
      default -> throw new IllegalArgumentException(library);
    }
  }

  @Benchmark
  public void promsdk(Blackhole bh) throws IOException {
    promsdk(new DiscardingOutputStream(bh));
  }

  @Benchmark
  public void promsdkStreaming(Blackhole bh) throws IOException {
    promsdkStreaming(new DiscardingOutputStream(bh));
  }

  @Benchmark
  public void clientJava(Blackhole bh) throws IOException {
    clientJava(new DiscardingOutputStream(bh));
  }

  // One scrape per library, to any stream: the benchmarks above, SampleLineCount and the smoke
  // test share these.

  void promsdk(OutputStream out) throws IOException {
    promsdkFormat.write(out, promsdk.collect(), ExpositionOptions.defaults());
  }

  void promsdkStreaming(OutputStream out) throws IOException {
    promsdkFormat.write(out, promsdk, (name, type) -> true, ExpositionOptions.defaults());
  }

  void clientJava(OutputStream out) throws IOException {
    clientJavaWriter.write(out, clientJava.scrape(), EscapingScheme.DEFAULT);
  }

  /** The text of one scrape by {@code library} (a benchmark method's name) in {@code format}. */
  static String scrapeText(String library, String format) throws IOException {
    ServiceScrapeBenchmark b = new ServiceScrapeBenchmark();
    b.format = format;
    b.setup(library);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    b.scrape(library, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** One scrape by {@code library} (a benchmark method's name) into {@code out}. */
  void scrape(String library, OutputStream out) throws IOException {
    switch (library) {
      case "promsdk" -> promsdk(out);
      case "promsdkStreaming" -> promsdkStreaming(out);
      case "clientJava" -> clientJava(out);
      default -> throw new IllegalArgumentException(library);
    }
  }
}
