package io.promsdk.benchmarks;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.exposition.ExpositionOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One scrape, collect + write, of {@link ScrapeFixtures} ({@code series} counter series plus 20
 * histogram series) to a discarding stream, in the Prometheus text format 0.0.4 or OpenMetrics.
 * Run with {@code -prof gc} for bytes per scrape. {@code promsdk} collects snapshots and writes
 * them, as custom code does; {@code promsdkStreaming} writes the registry itself, which reads the
 * metrics series by series without snapshots (what the HTTP server and the push client do).
 *
 * <p>OpenMetrics with {@code _created} samples for promsdk (told to write them, which it no longer
 * does by default, so that rows stay comparable with earlier promsdk commits), client_java (its
 * writer is told to write them) and simpleclient (always); Micrometer's scrape leaves them out. The OTel
 * column is the SDK's collection only (its Prometheus exporter is not available to this build),
 * a lower bound on an OTel scrape, and the same for both formats.
 *
 * <p>{@code -p format=protobuf} (not among the defaults, as only promsdk and client_java write
 * it): the Prometheus protobuf format, promsdk's own encoder beside client_java's {@link
 * PrometheusProtobufWriter} (protobuf-java, shaded). Both send the counters' created timestamps,
 * promsdk with its default options.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Threads(1)
public class ExpositionBenchmark {

  @Param({"1000", "100000"})
  public int series;

  @Param({"text", "openmetrics"})
  public String format;

  io.promsdk.core.CollectorRegistry promsdk;
  ExpositionFormat promsdkFormat;
  static final ExpositionOptions CREATED_TIMESTAMPS = ExpositionOptions.builder().createdTimestamps(true).build();
  ExpositionOptions promsdkOptions = CREATED_TIMESTAMPS;
  io.prometheus.metrics.model.registry.PrometheusRegistry clientJava;
  ExpositionFormatWriter clientJavaWriter;
  io.prometheus.client.CollectorRegistry simpleclient;
  PrometheusMeterRegistry micrometer;
  String micrometerContentType;
  OtelReader otel;

  /** Builds only the registry of the library this benchmark measures. */
  @Setup
  public void setup(BenchmarkParams params) {
    boolean text = "text".equals(format);
    String benchmark = params.getBenchmark();
    String library = benchmark.substring(benchmark.lastIndexOf('.') + 1);
    setup(library, text);
  }

  void setup(String library, boolean text) {
    ScrapeFixtures.Labels labels = new ScrapeFixtures.Labels(series);
    boolean protobuf = "protobuf".equals(format);
    if (protobuf && !library.startsWith("promsdk") && !library.equals("clientJava")) {
      throw new IllegalArgumentException(library + " has no protobuf writer");
    }
    switch (library) {
      case "promsdk", "promsdkStreaming" -> {
        promsdk = ScrapeFixtures.promsdk(labels);
        promsdkFormat = protobuf ? ExpositionFormat.PROMETHEUS_PROTOBUF
            : text ? ExpositionFormat.PROMETHEUS_TEXT : ExpositionFormat.OPENMETRICS_TEXT;
        promsdkOptions = protobuf ? ExpositionOptions.defaults() : CREATED_TIMESTAMPS;
      }
      case "clientJava" -> {
        clientJava = ScrapeFixtures.clientJava(labels);
        clientJavaWriter = protobuf ? new PrometheusProtobufWriter()
            : text ? PrometheusTextFormatWriter.create()
            : OpenMetricsTextFormatWriter.builder().setCreatedTimestampsEnabled(true).build();
      }
      case "simpleclient" -> simpleclient = ScrapeFixtures.simpleclient(labels);
      case "micrometer" -> {
        micrometer = ScrapeFixtures.micrometer(labels);
        micrometerContentType = text ? "text/plain; version=0.0.4; charset=utf-8"
            : "application/openmetrics-text; version=1.0.0; charset=utf-8";
      }
      case "otel" -> otel = ScrapeFixtures.otel(labels);
      default -> throw new IllegalArgumentException(library);
    }
  }

  @TearDown
  public void tearDown() {
    if (otel != null) {
      otel.close();
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

  @Benchmark
  public void simpleclient(Blackhole bh) throws IOException {
    simpleclient(new DiscardingOutputStream(bh));
  }

  @Benchmark
  public void micrometer(Blackhole bh) throws IOException {
    micrometer(new DiscardingOutputStream(bh));
  }

  @Benchmark
  public void otel(Blackhole bh) {
    bh.consume(otel.collect());
  }

  // One scrape per library, to any stream: the benchmarks above, SampleLineCount and the smoke
  // test share these.

  /** One scrape by {@code library} (a benchmark method's name, not otel) into {@code out}. */
  void scrape(String library, OutputStream out) throws IOException {
    switch (library) {
      case "promsdk" -> promsdk(out);
      case "promsdkStreaming" -> promsdkStreaming(out);
      case "clientJava" -> clientJava(out);
      case "simpleclient" -> simpleclient(out);
      case "micrometer" -> micrometer(out);
      default -> throw new IllegalArgumentException(library);
    }
  }

  void promsdk(OutputStream out) throws IOException {
    promsdkFormat.write(out, promsdk.collect(), promsdkOptions);
  }

  void promsdkStreaming(OutputStream out) throws IOException {
    promsdkFormat.write(out, promsdk, (name, type) -> true, promsdkOptions);
  }

  void clientJava(OutputStream out) throws IOException {
    clientJavaWriter.write(out, clientJava.scrape(), EscapingScheme.DEFAULT);
  }

  void simpleclient(OutputStream out) throws IOException {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    if ("text".equals(format)) {
      io.prometheus.client.exporter.common.TextFormat.write004(writer, simpleclient.metricFamilySamples());
    } else {
      io.prometheus.client.exporter.common.TextFormat.writeOpenMetrics100(writer, simpleclient.metricFamilySamples());
    }
    writer.flush();
  }

  void micrometer(OutputStream out) throws IOException {
    micrometer.scrape(out, micrometerContentType);
  }
}
