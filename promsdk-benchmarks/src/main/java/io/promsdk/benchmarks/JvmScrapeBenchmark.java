package io.promsdk.benchmarks;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.exposition.ExpositionOptions;
import io.promsdk.instrumentation.jvm.JvmMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One scrape, collect + write in the Prometheus text format 0.0.4 to a discarding stream, of a
 * registry holding only the JVM and process families: promsdk-instrumentation-jvm's {@code
 * JvmMetrics} (streamed from the registry, as the HTTP server does) beside client_java 1.10's
 * {@code JvmMetrics}. Run with {@code -prof gc} for bytes per scrape. Most of either scrape is
 * reading the management beans (a {@code ThreadInfo} per thread for the thread states, a read of
 * {@code /proc/self/status}), which both libraries do alike; the rest is what each library adds.
 * client_java also registers {@code jvm_memory_pool_allocated_bytes_total}, which it writes once
 * a collection has happened (see the module README's differences).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Threads(1)
public class JvmScrapeBenchmark {
  CollectorRegistry promsdk;
  PrometheusRegistry clientJava;
  PrometheusTextFormatWriter clientJavaWriter;

  @Setup
  public void setup() {
    promsdk = new CollectorRegistry();
    JvmMetrics.builder().register(promsdk);
    clientJava = new PrometheusRegistry();
    io.prometheus.metrics.instrumentation.jvm.JvmMetrics.builder().register(clientJava);
    clientJavaWriter = PrometheusTextFormatWriter.create();
  }

  @Benchmark
  public void promsdk(Blackhole bh) throws IOException {
    promsdk(new DiscardingOutputStream(bh));
  }

  @Benchmark
  public void clientJava(Blackhole bh) throws IOException {
    clientJava(new DiscardingOutputStream(bh));
  }

  // One scrape per library, to any stream: the benchmarks above and the smoke test share these.

  void promsdk(OutputStream out) throws IOException {
    ExpositionFormat.PROMETHEUS_TEXT.write(out, promsdk, (name, type) -> true, ExpositionOptions.defaults());
  }

  void clientJava(OutputStream out) throws IOException {
    clientJavaWriter.write(out, clientJava.scrape(), EscapingScheme.DEFAULT);
  }

  /** The text of one scrape by {@code library} (a benchmark method's name). */
  static String scrapeText(String library) throws IOException {
    JvmScrapeBenchmark b = new JvmScrapeBenchmark();
    b.setup();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (library) {
      case "promsdk" -> b.promsdk(out);
      case "clientJava" -> b.clientJava(out);
      default -> throw new IllegalArgumentException(library);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
