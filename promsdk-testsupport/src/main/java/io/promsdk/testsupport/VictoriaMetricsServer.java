package io.promsdk.testsupport;

import io.promsdk.testsupport.PrometheusServer.QueryResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real single-node VictoriaMetrics ({@code /usr/bin/victoria-metrics}, Debian package {@code
 * victoria-metrics}) on a free 127.0.0.1 port, its data and log in a fresh temp directory: a
 * remote-write receiver at {@code /api/v1/write} with a Prometheus query API.
 *
 * <p>Started with {@code -search.latencyOffset=0s}, so that a sample is queryable as soon as it
 * is flushed; {@link #query} forces the flush ({@code /internal/force_flush}) first.
 *
 * <pre>{@code
 * try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
 *   // remote write to vm.writeUrl()
 *   vm.awaitQuery("my_counter_total", r -> r.size() == 1, Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class VictoriaMetricsServer extends RealServer {
  private VictoriaMetricsServer(ManagedProcess process) {
    super(process);
  }

  /** Starts VictoriaMetrics and waits until {@code /health} answers. */
  public static VictoriaMetricsServer start(String... extraFlags) {
    Path dir = ManagedProcess.createWorkDir("promsdk-victoria-metrics-");
    return new VictoriaMetricsServer(ManagedProcess.start("victoria-metrics", dir, "/health", port -> {
      List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/victoria-metrics",
          "-httpListenAddr=127.0.0.1:" + port,
          "-storageDataPath=" + dir.resolve("data"),
          "-search.latencyOffset=0s"));
      cmd.addAll(List.of(extraFlags));
      return cmd;
    }));
  }

  /** The remote-write endpoint, {@code http://127.0.0.1:port/api/v1/write}. */
  public String writeUrl() {
    return baseUrl() + "/api/v1/write";
  }

  /** Makes every sample received so far searchable. */
  public void forceFlush() {
    process.getOk("/internal/force_flush");
  }

  /** An instant PromQL (MetricsQL) query at the current time, after {@link #forceFlush()}. */
  public List<QueryResult> query(String promql) {
    forceFlush();
    return PrometheusServer.parseQuery(
        process.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)), promql);
  }

  /**
   * The raw samples of the series {@code selector} matches ({@code /api/v1/export}): one JSON
   * object per line with {@code metric}, {@code values} and {@code timestamps}, after {@link
   * #forceFlush()}.
   */
  public String export(String selector) {
    forceFlush();
    return process.getOk("/api/v1/export?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
  }

  /**
   * Runs {@link #query} until {@code until} accepts the result.
   *
   * @throws AssertionError after {@code timeout}, showing the query and the last result
   */
  public List<QueryResult> awaitQuery(String promql, Predicate<List<QueryResult>> until, Duration timeout) {
    return PrometheusServer.awaitResult(() -> query(promql), promql, until, timeout);
  }
}
