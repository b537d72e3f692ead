package io.promsdk.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Pushgateway ({@code /usr/bin/prometheus-pushgateway}) for a test, on a free 127.0.0.1
 * port. Its persistence file lives in a fresh temp directory: the default path is shared by the
 * whole machine and would leak pushed groups from one test run into the next.
 *
 * <pre>{@code
 * try (PushgatewayServer gateway = PushgatewayServer.start()) {
 *   // push to gateway.baseUrl() + "/metrics/job/j/instance/i"
 *   Group group = gateway.groups().stream()
 *       .filter(g -> "j".equals(g.labels().get("job"))).findFirst().orElseThrow();
 *   assertThat(group.family("my_counter_total").samples()).hasSize(1);
 * }
 * }</pre>
 */
public final class PushgatewayServer extends RealServer {

  /**
   * One grouping key's metrics from {@code /api/v1/metrics}.
   *
   * @param labels the grouping key, e.g. {@code job} and {@code instance}
   * @param families by metric family name, in the gateway's order; includes the gateway's own
   *     {@code push_time_seconds} and {@code push_failure_time_seconds}
   */
  public record Group(
      Map<String, String> labels, boolean lastPushSuccessful, Map<String, Family> families) {
    public Group {
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
      families = Collections.unmodifiableMap(new LinkedHashMap<>(families));
    }

    /** The family of that name; fails with the names present if there is none. */
    public Family family(String name) {
      Family family = families.get(name);
      if (family == null) {
        throw new AssertionError(
            "no family " + name + " in group " + labels + "; families: " + families.keySet());
      }
      return family;
    }
  }

  /**
   * A metric family as the gateway stores it.
   *
   * @param type as the gateway reports it: {@code COUNTER}, {@code GAUGE}, {@code HISTOGRAM},
   *     {@code SUMMARY} or {@code UNTYPED}
   * @param help empty if none was pushed
   * @param samples flattened to exposition form: a histogram gives {@code name_bucket} samples
   *     (with an {@code le} label, in ascending bound order), {@code name_sum} and {@code
   *     name_count}; a summary gives {@code name} samples with a {@code quantile} label, {@code
   *     name_sum} and {@code name_count}
   */
  public record Family(String name, String type, String help, List<Sample> samples) {
    public Family {
      samples = List.copyOf(samples);
    }
  }

  /**
   * One sample; its labels include the grouping key. The value is the gateway's string, e.g.
   * {@code 42}, {@code 1.5e+09}, {@code NaN}, {@code +Inf}, {@code -Inf}.
   */
  public record Sample(String name, Map<String, String> labels, String value) {
    public Sample {
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }
  }

  private PushgatewayServer(ManagedProcess process) {
    super(process);
  }

  /**
   * Starts the gateway and waits until {@code /-/ready} answers.
   *
   * @param extraFlags more command-line flags, e.g. {@code --push.disable-consistency-check}
   * @throws IllegalStateException if it does not become ready; the message has the log's tail
   */
  public static PushgatewayServer start(String... extraFlags) {
    Path dir = ManagedProcess.createWorkDir("promsdk-pushgateway-");
    ManagedProcess process =
        ManagedProcess.start(
            "pushgateway",
            dir,
            port -> {
              List<String> cmd = new ArrayList<>();
              cmd.add("/usr/bin/prometheus-pushgateway");
              cmd.add("--web.listen-address=127.0.0.1:" + port);
              cmd.add("--persistence.file=" + dir.resolve("persistence"));
              cmd.addAll(Arrays.asList(extraFlags));
              return cmd;
            });
    return new PushgatewayServer(process);
  }

  /** Raw body of {@code GET /api/v1/metrics}. */
  public String apiMetricsJson() {
    return process.getOk("/api/v1/metrics");
  }

  /** Body of {@code GET /metrics}: every pushed group plus the gateway's own metrics. */
  public String metricsText() {
    return process.getOk("/metrics");
  }

  /** All pushed groups, parsed from {@link #apiMetricsJson()}. */
  public List<Group> groups() {
    return parseGroups(apiMetricsJson());
  }

  /*
   * Shape of /api/v1/metrics in 1.5.1 (read from a running gateway):
   * {"status":"success","data":[{"labels":{"job":"j",...},"last_push_successful":true,
   *   "<family>":{"time_stamp":"...","type":"COUNTER","help":"...",   // help absent if empty
   *     "metrics":[{"labels":{...},"value":"42"}                      // counter/gauge/untyped
   *               |{"labels":{...},"buckets":{"1":"1","+Inf":"2"},"count":"2","sum":"3"}
   *               |{"labels":{...},"quantiles":{"0.5":"1"},"count":"1","sum":"1"}]}, ...}]}
   */
  static List<Group> parseGroups(String json) {
    Map<String, Object> body = Json.object(Json.parse(json), "/api/v1/metrics");
    if (!"success".equals(body.get("status"))) {
      throw new IllegalStateException("/api/v1/metrics failed: " + json);
    }
    List<Group> groups = new ArrayList<>();
    for (Object element : Json.array(body.get("data"), "data")) {
      Map<String, Object> group = Json.object(element, "data[]");
      Map<String, Family> families = new LinkedHashMap<>();
      for (Map.Entry<String, Object> entry : group.entrySet()) {
        String key = entry.getKey();
        if (key.equals("labels") || key.equals("last_push_successful")) {
          continue;
        }
        families.put(key, parseFamily(key, Json.object(entry.getValue(), key)));
      }
      groups.add(
          new Group(
              Json.stringMap(group.get("labels"), "data[].labels"),
              Boolean.TRUE.equals(group.get("last_push_successful")),
              families));
    }
    return groups;
  }

  private static Family parseFamily(String name, Map<String, Object> family) {
    Object help = family.get("help");
    List<Sample> samples = new ArrayList<>();
    for (Object element : Json.array(family.get("metrics"), name + ".metrics")) {
      Map<String, Object> metric = Json.object(element, name + ".metrics[]");
      Map<String, String> labels = Json.stringMap(metric.get("labels"), name + ".labels");
      if (metric.containsKey("value")) {
        samples.add(new Sample(name, labels, Json.string(metric.get("value"), name + ".value")));
      } else if (metric.containsKey("buckets")) {
        addSorted(samples, name + "_bucket", labels, "le", metric.get("buckets"));
        addSumAndCount(samples, name, labels, metric);
      } else if (metric.containsKey("quantiles")) {
        addSorted(samples, name, labels, "quantile", metric.get("quantiles"));
        addSumAndCount(samples, name, labels, metric);
      } else {
        throw new IllegalStateException("unknown metric shape in family " + name + ": " + metric);
      }
    }
    return new Family(
        name,
        Json.string(family.get("type"), name + ".type"),
        help == null ? "" : Json.string(help, name + ".help"),
        samples);
  }

  /** Adds one sample per bound, in ascending numeric order of the bound. */
  private static void addSorted(
      List<Sample> samples, String sampleName, Map<String, String> labels, String boundLabel,
      Object bounds) {
    Map<String, String> byBound = Json.stringMap(bounds, sampleName + "." + boundLabel);
    byBound.keySet().stream()
        .sorted(Comparator.comparingDouble(PrometheusServer::parsePromValue))
        .forEach(
            bound -> {
              Map<String, String> withBound = new LinkedHashMap<>(labels);
              withBound.put(boundLabel, bound);
              samples.add(new Sample(sampleName, withBound, byBound.get(bound)));
            });
  }

  private static void addSumAndCount(
      List<Sample> samples, String name, Map<String, String> labels, Map<String, Object> metric) {
    samples.add(new Sample(name + "_sum", labels, Json.string(metric.get("sum"), name + ".sum")));
    samples.add(
        new Sample(name + "_count", labels, Json.string(metric.get("count"), name + ".count")));
  }
}
