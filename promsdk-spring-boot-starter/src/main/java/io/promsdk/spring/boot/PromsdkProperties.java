package io.promsdk.spring.boot;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every {@code promsdk.*} property of the starter, with its default. Plain getters and setters
 * (JavaBean binding) so that Boot 3.5 and 4.0 bind them the same way; the values are checked when
 * the beans that use them are created, and a bad one stops startup with a message naming it.
 *
 * <pre>{@code
 * # application.properties
 * promsdk.endpoint.path=/metrics
 * promsdk.push.address=127.0.0.1:9091
 * promsdk.push.job=my_job
 * promsdk.push.grouping-key.instance=10.0.0.7
 * promsdk.push.headers.X-BK-TOKEN=${BK_TOKEN}
 * promsdk.push.interval=10s
 * }</pre>
 */
@ConfigurationProperties(prefix = "promsdk")
public class PromsdkProperties {
  private final Jvm jvm = new Jvm();
  private final Http http = new Http();
  private final Endpoint endpoint = new Endpoint();
  private final Push push = new Push();

  public Jvm getJvm() {
    return jvm;
  }

  public Http getHttp() {
    return http;
  }

  public Endpoint getEndpoint() {
    return endpoint;
  }

  public Push getPush() {
    return push;
  }

  /** JVM and process metrics ({@code promsdk-instrumentation-jvm}). */
  public static class Jvm {
    /** Whether to register the JVM and process metrics (JvmMetrics) in the registry. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** Request metrics of a servlet web application ({@code http_server_requests_seconds}). */
  public static class Http {
    /** Whether to record every request in http_server_requests_seconds, keyed by route template. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The scrape endpoint of a Spring MVC application. */
  public static class Endpoint {
    /** Whether to serve the registry for Prometheus at the path below. */
    private boolean enabled = true;

    /** Where the registry is served; must start with "/". */
    private String path = "/metrics";

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }
  }

  /** Pushing the registry to a Pushgateway; on when an address is set. */
  public static class Push {
    /**
     * The Pushgateway: host:port (plain http), or an http:// or https:// URL whose path is a
     * prefix in front of /metrics. Unset (the default): nothing is pushed.
     */
    private String address;

    /** The job name, the first part of the grouping key; required with an address. */
    private String job;

    /** More grouping labels besides job, e.g. promsdk.push.grouping-key.instance=10.0.0.7. */
    private Map<String, String> groupingKey = new LinkedHashMap<>();

    /**
     * Headers sent with every push, e.g. promsdk.push.headers.X-BK-TOKEN=...; their values are
     * secrets that no log or message shows.
     */
    private Map<String, String> headers = new LinkedHashMap<>();

    /** Time between pushes; the last push runs when the application context closes. */
    private Duration interval = Duration.ofSeconds(10);

    public String getAddress() {
      return address;
    }

    public void setAddress(String address) {
      this.address = address;
    }

    public String getJob() {
      return job;
    }

    public void setJob(String job) {
      this.job = job;
    }

    public Map<String, String> getGroupingKey() {
      return groupingKey;
    }

    public void setGroupingKey(Map<String, String> groupingKey) {
      this.groupingKey = groupingKey;
    }

    public Map<String, String> getHeaders() {
      return headers;
    }

    public void setHeaders(Map<String, String> headers) {
      this.headers = headers;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }
  }
}
