package io.promsdk.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A real Prometheus server ({@code /usr/bin/prometheus}) for a test, on a free 127.0.0.1 port,
 * with its config, TSDB and log in a fresh temp directory.
 *
 * <p>The global scrape and evaluation intervals are 1s. Prometheus' service discovery hands new
 * targets to the scraper only every 5s, so the first scrape happens about 5-6s after start:
 * use {@link #awaitQuery} or {@link #awaitTargetsUp}, never a fixed sleep.
 *
 * <pre>{@code
 * try (PrometheusServer prometheus =
 *     PrometheusServer.start(PrometheusServer.scrapeJob("app", "127.0.0.1:" + appPort))) {
 *   prometheus.awaitTargetsUp(Duration.ofSeconds(20));
 *   List<QueryResult> r = prometheus.query("my_counter_total");
 * }
 * }</pre>
 */
public final class PrometheusServer extends RealServer {

  /** One sample of an instant-query result; a scalar result has empty labels. */
  public record QueryResult(Map<String, String> labels, double value) {
    public QueryResult {
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
  }

  /** An active scrape target as reported by {@code /api/v1/targets}. */
  public record Target(
      String scrapePool,
      String scrapeUrl,
      String health,
      String lastError,
      Map<String, String> labels) {
    public Target {
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public boolean isUp() {
      return "up".equals(health);
    }
  }

  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private PrometheusServer(ManagedProcess process) {
    super(process);
  }

  /**
   * Starts Prometheus and waits until {@code /-/ready} answers.
   *
   * @param scrapeConfigsYaml the YAML list that goes under {@code scrape_configs:}, e.g. one or
   *     more {@link #scrapeJob} results concatenated; blank for none
   * @param extraFlags more command-line flags, e.g. {@code --enable-feature=native-histograms}
   * @throws IllegalStateException if it does not become ready; the message has the log's tail
   */
  public static PrometheusServer start(String scrapeConfigsYaml, String... extraFlags) {
    Path dir = ManagedProcess.createWorkDir("promsdk-prometheus-");
    Path config = dir.resolve("prometheus.yml");
    String scrapeConfigs =
        scrapeConfigsYaml == null || scrapeConfigsYaml.isBlank()
            ? "scrape_configs: []\n"
            : "scrape_configs:\n" + scrapeConfigsYaml + (scrapeConfigsYaml.endsWith("\n") ? "" : "\n");
    try {
      Files.writeString(
          config,
          "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n" + scrapeConfigs,
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      ManagedProcess.deleteRecursively(dir);
      throw new UncheckedIOException(e);
    }
    ManagedProcess process =
        ManagedProcess.start(
            "prometheus",
            dir,
            port -> {
              List<String> cmd = new ArrayList<>();
              cmd.add("/usr/bin/prometheus");
              cmd.add("--config.file=" + config);
              cmd.add("--storage.tsdb.path=" + dir.resolve("data"));
              cmd.add("--web.listen-address=127.0.0.1:" + port);
              cmd.addAll(Arrays.asList(extraFlags));
              return cmd;
            });
    return new PrometheusServer(process);
  }

  /**
   * Starts Prometheus with no scrape jobs as a remote-write receiver ({@code
   * --web.enable-remote-write-receiver}): write to {@link #remoteWriteUrl()}.
   */
  public static PrometheusServer startRemoteWriteReceiver(String... extraFlags) {
    String[] flags = Arrays.copyOf(extraFlags, extraFlags.length + 1);
    flags[extraFlags.length] = "--web.enable-remote-write-receiver";
    return start("", flags);
  }

  /** {@code http://127.0.0.1:port/api/v1/write}; answers only with the receiver enabled. */
  public String remoteWriteUrl() {
    return baseUrl() + "/api/v1/write";
  }

  /** A scrape config list item for {@code http://hostPort/metrics}; see the 3-argument form. */
  public static String scrapeJob(String jobName, String hostPort) {
    return scrapeJob(jobName, hostPort, "");
  }

  /**
   * A scrape config list item for one static target, with {@code metrics_path: /metrics}.
   *
   * @param hostPort e.g. {@code 127.0.0.1:8080}, without scheme
   * @param extraYamlLines more keys of the job, written as if at column 0; they are indented
   *     into the job. E.g. {@code "scheme: https\ntls_config:\n  insecure_skip_verify: true"},
   *     {@code "basic_auth:\n  username: u\n  password: p"} or {@code "honor_labels: true"}.
   *     Keys must not repeat {@code job_name}, {@code metrics_path} or {@code static_configs}.
   */
  public static String scrapeJob(String jobName, String hostPort, String extraYamlLines) {
    if (hostPort.contains("/")) {
      throw new IllegalArgumentException("hostPort must be host:port, got " + hostPort);
    }
    StringBuilder yaml = new StringBuilder();
    yaml.append("  - job_name: ").append(yamlQuote(jobName)).append('\n');
    yaml.append("    metrics_path: /metrics\n");
    yaml.append("    static_configs:\n");
    yaml.append("      - targets: [").append(yamlQuote(hostPort)).append("]\n");
    for (String line : extraYamlLines.split("\r?\n")) {
      if (!line.isBlank()) {
        yaml.append("    ").append(line).append('\n');
      }
    }
    return yaml.toString();
  }

  private static String yamlQuote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /**
   * Raw body of a GET on this server that answered 200, e.g. {@code
   * "/api/v1/query?query=" + URLEncoder.encode(q, UTF_8)} for native histogram results, which
   * {@link #query} does not map.
   */
  public String apiGet(String pathAndQuery) {
    return process.getOk(pathAndQuery);
  }

  /**
   * Runs an instant query ({@code /api/v1/query}) at the current time.
   *
   * @return one element per series for a vector result, a single element with empty labels for
   *     a scalar result; values may be NaN or ±Infinity
   * @throws IllegalArgumentException if Prometheus rejects the query (the message is its error),
   *     or the result is a range vector or string, or holds native histogram samples (query
   *     {@code histogram_count(...)}, {@code histogram_sum(...)} etc. instead, or use {@link
   *     #apiGet})
   */
  public List<QueryResult> query(String promql) {
    return parseQuery(
        process.get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)), promql);
  }

  /** The result of an {@code /api/v1/query} answer, as {@link #query} describes it. */
  static List<QueryResult> parseQuery(Http.Response response, String promql) {
    Map<String, Object> body = Json.object(Json.parse(response.body()), "query response");
    if (!"success".equals(body.get("status"))) {
      throw new IllegalArgumentException(
          "query " + promql + " failed (HTTP " + response.status() + "): " + body.get("errorType")
              + ": " + body.get("error"));
    }
    Map<String, Object> data = Json.object(body.get("data"), "data");
    String resultType = Json.string(data.get("resultType"), "data.resultType");
    Object result = data.get("result");
    switch (resultType) {
      case "scalar":
        return List.of(new QueryResult(Map.of(), sampleValue(result, promql)));
      case "vector":
        List<QueryResult> results = new ArrayList<>();
        for (Object element : Json.array(result, "data.result")) {
          Map<String, Object> series = Json.object(element, "data.result[]");
          if (series.containsKey("histogram")) {
            throw new IllegalArgumentException(
                "query " + promql + " returned native histogram samples; query histogram_count(),"
                    + " histogram_sum() or histogram_quantile() of it, or use apiGet");
          }
          results.add(
              new QueryResult(
                  Json.stringMap(series.get("metric"), "data.result[].metric"),
                  sampleValue(series.get("value"), promql)));
        }
        return results;
      default:
        throw new IllegalArgumentException(
            "query " + promql + " returned a " + resultType
                + " result; only instant vectors and scalars are supported");
    }
  }

  /** Parses a {@code [unixTime, "value"]} pair. */
  private static double sampleValue(Object pair, String promql) {
    List<Object> timeAndValue = Json.array(pair, "value of " + promql);
    return parsePromValue(Json.string(timeAndValue.get(1), "value of " + promql));
  }

  /** Prometheus' float strings: Go's formatting plus {@code NaN}, {@code +Inf}, {@code -Inf}. */
  static double parsePromValue(String value) {
    return switch (value) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(value);
    };
  }

  /**
   * Runs {@link #query} until {@code until} accepts the result.
   *
   * @return the accepted result
   * @throws AssertionError after {@code timeout}, showing the query and the last result
   */
  public List<QueryResult> awaitQuery(
      String promql, Predicate<List<QueryResult>> until, Duration timeout) {
    return awaitResult(() -> query(promql), promql, until, timeout);
  }

  /** Runs {@code query} until {@code until} accepts its result; see {@link #awaitQuery}. */
  static List<QueryResult> awaitResult(Supplier<List<QueryResult>> query, String promql,
      Predicate<List<QueryResult>> until, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<QueryResult> result = query.get();
      if (until.test(result)) {
        return result;
      }
      if (System.nanoTime() >= deadline) {
        throw new AssertionError(
            "query " + promql + " did not reach the expected result within " + timeout
                + "; last result: " + result);
      }
      ManagedProcess.sleep(POLL_INTERVAL.toMillis());
    }
  }

  /**
   * The labels of every exemplar stored for the series {@code selector} selects over the last
   * hour ({@code /api/v1/query_exemplars}); needs {@code --enable-feature=exemplar-storage}.
   *
   * @throws IllegalArgumentException if Prometheus refuses the query
   */
  public List<Map<String, String>> exemplarLabels(String selector) {
    long now = System.currentTimeMillis() / 1000;
    String body = apiGet("/api/v1/query_exemplars?query=" + URLEncoder.encode(selector, StandardCharsets.UTF_8)
        + "&start=" + (now - 3600) + "&end=" + (now + 60));
    Map<String, Object> response = Json.object(Json.parse(body), "query_exemplars response");
    if (!"success".equals(response.get("status"))) {
      throw new IllegalArgumentException("query_exemplars " + selector + " failed: " + body);
    }
    List<Map<String, String>> labels = new ArrayList<>();
    for (Object series : Json.array(response.get("data"), "data")) {
      for (Object exemplar : Json.array(Json.object(series, "data[]").get("exemplars"), "data[].exemplars")) {
        labels.add(Json.stringMap(Json.object(exemplar, "exemplar").get("labels"), "exemplar.labels"));
      }
    }
    return labels;
  }

  /** The active targets ({@code /api/v1/targets?state=active}). */
  public List<Target> targets() {
    Map<String, Object> body =
        Json.object(Json.parse(apiGet("/api/v1/targets?state=active")), "targets response");
    Map<String, Object> data = Json.object(body.get("data"), "data");
    List<Target> targets = new ArrayList<>();
    for (Object element : Json.array(data.get("activeTargets"), "data.activeTargets")) {
      Map<String, Object> t = Json.object(element, "data.activeTargets[]");
      targets.add(
          new Target(
              Json.string(t.get("scrapePool"), "scrapePool"),
              Json.string(t.get("scrapeUrl"), "scrapeUrl"),
              Json.string(t.get("health"), "health"),
              Json.string(t.get("lastError"), "lastError"),
              Json.stringMap(t.get("labels"), "labels")));
    }
    return targets;
  }

  /**
   * Waits until there is at least one active target and every active target is up.
   *
   * @return the targets
   * @throws AssertionError after {@code timeout}, listing each target's health and last error
   */
  public List<Target> awaitTargetsUp(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Target> targets = targets();
      if (!targets.isEmpty() && targets.stream().allMatch(Target::isUp)) {
        return targets;
      }
      if (System.nanoTime() >= deadline) {
        StringBuilder message =
            new StringBuilder("not all targets were up within " + timeout + ":");
        if (targets.isEmpty()) {
          message.append(" no active targets");
        }
        for (Target t : targets) {
          message.append("\n  ").append(t.scrapePool()).append(' ').append(t.scrapeUrl())
              .append(" health=").append(t.health());
          if (!t.lastError().isEmpty()) {
            message.append(" lastError=").append(t.lastError());
          }
        }
        throw new AssertionError(message.toString());
      }
      ManagedProcess.sleep(POLL_INTERVAL.toMillis());
    }
  }
}
