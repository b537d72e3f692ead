package io.promsdk.pushgateway;

import io.promsdk.exporter.common.push.TlsContexts;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.config.PromsdkConfig;
import io.promsdk.core.config.PromsdkConfigException;
import io.promsdk.exporter.common.push.Retry;
import io.promsdk.exporter.common.push.Secret;
import io.promsdk.exporter.common.push.SenderClock;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.exposition.ExpositionOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;

/**
 * A client for the Prometheus Pushgateway protocol, on {@code java.net.http.HttpClient}.
 *
 * <pre>{@code
 * PushGateway pg = PushGateway.builder()
 *     .address("127.0.0.1:9091")          // or "https://host/prefix"
 *     .job("my_job").groupingKey("instance", "my.host.ip")
 *     .registry(registry)
 *     .header("X-BK-TOKEN", token)        // or queryParameter(..), basicAuth(..), bearerToken(..)
 *     .build();
 * pg.push();      // PUT: replaces the whole group
 * pg.pushAdd();   // POST: replaces only the families pushed
 * pg.delete();    // DELETE: removes the group
 * }</pre>
 *
 * <p>Each call collects the registry afresh and sends one request; a failure throws (a non-2xx
 * answer as {@link PushException}). A call returns within the request timeout whatever a
 * collector does: a collection that hangs is abandoned ({@link CollectionTimeoutException}).
 * For periodic pushing with retries use {@link PushScheduler}. Thread-safe: one instance can be
 * shared.
 *
 * <p><b>Build once, reuse.</b> Keep the {@code PushGateway} and call {@link #push()} on it as
 * often as needed, rather than building one per push. A one-shot {@code
 * builder()...build().push()} still stays cheap and bounded: gateways with the same connect
 * timeout and TLS settings share one JDK {@code HttpClient} (which cannot be closed on JDK 17 and
 * keeps a selector thread until it is garbage collected), and at most 8 such clients are kept.
 *
 * <p>Defaults: connect timeout {@value #DEFAULT_CONNECT_TIMEOUT_MILLIS} ms, request timeout
 * {@value #DEFAULT_REQUEST_TIMEOUT_MILLIS} ms (collecting the registry and the whole exchange),
 * body limit {@value #DEFAULT_MAX_BODY_BYTES} bytes, no compression, Prometheus text format, HTTP/1.1, redirects
 * not followed, the JVM's default trust store, {@link CollectorRegistry#defaultRegistry()}.
 */
public final class PushGateway {
  public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5_000;
  public static final long DEFAULT_REQUEST_TIMEOUT_MILLIS = 10_000;
  /** 500 KiB: the body limit of the platform the seed pushes to. */
  public static final long DEFAULT_MAX_BODY_BYTES = 512_000;
  /**
   * With gzip, the uncompressed body may be this many times {@code maxBodyBytes} at most, so
   * that memory and time spent on a body stay bounded however well it compresses (Prometheus
   * text typically compresses 5 to 20 times).
   */
  public static final int MAX_GZIP_RATIO = 64;

  private final URI groupUri;
  private final String job;
  private final SortedMap<String, String> groupingKey;
  private final CollectorRegistry registry;
  private final ExpositionFormat format;
  private final ExpositionOptions expositionOptions;
  private final List<Map.Entry<String, Secret>> headers;
  private final List<Map.Entry<String, Secret>> queryParameters;
  private final Secret authorization;
  private final String authKind;
  private final boolean gzip;
  private final Duration requestTimeout;
  private final PushHandler handler;
  private final HttpSender sender;
  private final String tlsMode;
  private final long maxBodyBytes;

  private PushGateway(Builder b) {
    if (b.address == null) {
      throw new IllegalStateException("an address is required (address(\"host:port\"))");
    }
    this.job = b.job;
    this.groupingKey = Collections.unmodifiableSortedMap(new TreeMap<>(b.groupingKey));
    this.groupUri = GroupingPath.groupUri(b.address, job, groupingKey);
    this.registry = b.registry;
    this.format = b.format;
    this.expositionOptions = b.expositionOptions;
    this.headers = List.copyOf(b.headers);
    this.queryParameters = List.copyOf(b.queryParameters);
    this.authorization = b.authorization;
    this.authKind = b.authKind;
    this.gzip = b.gzip;
    this.requestTimeout = b.requestTimeout;
    this.handler = b.handler;
    this.tlsMode = b.tlsMode;
    this.maxBodyBytes = b.maxBodyBytes;
    this.sender = new HttpSender(
        SharedClients.get(b.connectTimeout, b.sslContext, b.tlsKey), b.maxBodyBytes);
    if (b.insecure) {
      System.getLogger(PushGateway.class.getName()).log(System.Logger.Level.WARNING,
          "TLS certificate and host name verification is DISABLED for " + redactedUrl()
              + " (insecureSkipTlsVerification); anyone on the path can read and change pushes");
    }
  }

  /**
   * A builder whose address, job, grouping key, headers and exposition options default to the
   * runtime configuration ({@code promsdk.push.address}, {@code promsdk.push.job}, {@code
   * promsdk.push.groupingKey}, {@code promsdk.push.headers}, {@code promsdk.createdTimestamps}; see
   * {@link PromsdkConfig}); what the code sets wins (grouping labels and headers of the same name
   * replace the configured ones).
   *
   * <pre>{@code
   * // PROMSDK_PUSH_ADDRESS=127.0.0.1:9091 PROMSDK_PUSH_JOB=batch PROMSDK_PUSH_HEADERS='X-BK-TOKEN=...'
   * PushGateway gateway = PushGateway.builder().registry(registry).build();
   * }</pre>
   *
   * @throws io.promsdk.core.config.PromsdkConfigException if a configured value breaks a rule of
   *     this builder (the message names the key, its source and the rule)
   */
  public static Builder builder() {
    return new Builder(PromsdkConfig.get());
  }

  /** A builder whose defaults follow {@code config} rather than the JVM's configuration. */
  public static Builder builder(PromsdkConfig config) {
    return new Builder(config);
  }

  /**
   * PUT: replaces every metric of the group with the registry's current families.
   *
   * <p>Returns within the request timeout whatever a collector does: collecting the registry
   * and the request share that deadline. A collection still running at the deadline is
   * abandoned (see {@link CollectionTimeoutException}) and nothing is sent.
   *
   * @throws CollectionTimeoutException if collecting did not end in time, or an earlier
   *     abandoned collection of the registry still runs
   * @throws IOException if the request failed ({@link PushException} for a non-2xx answer)
   */
  public void push() throws IOException {
    send("PUT", registry, requestTimeout, SenderClock.system());
  }

  /**
   * POST: replaces only the families of the same names within the group. Keeps the request
   * timeout as {@link #push()} does.
   */
  public void pushAdd() throws IOException {
    send("POST", registry, requestTimeout, SenderClock.system());
  }

  /** DELETE: removes the whole group; deleting a group that does not exist succeeds. */
  public void delete() throws IOException {
    send("DELETE", null, requestTimeout, SenderClock.system());
  }

  /** Runs {@code operation}; {@link PushOperation#NONE} does nothing. */
  public void run(PushOperation operation) throws IOException {
    run(operation, requestTimeout, SenderClock.system());
  }

  /**
   * As {@link #run(PushOperation)}, with a shorter timeout where a deadline is near, and an HTTP
   * date in {@code Retry-After} read on {@code clock} (a {@link PushScheduler}'s).
   */
  void run(PushOperation operation, Duration timeout, SenderClock clock) throws IOException {
    Duration t = timeout.compareTo(requestTimeout) < 0 ? timeout : requestTimeout;
    switch (operation) {
      case PUSH -> send("PUT", registry, t, clock);
      case PUSH_ADD -> send("POST", registry, t, clock);
      case DELETE -> send("DELETE", null, t, clock);
      case NONE -> { }
      default -> throw new IllegalArgumentException(String.valueOf(operation));
    }
  }

  /** The group URL without query parameters, e.g. {@code http://h:9091/metrics/job/j}. */
  public URI groupUri() {
    return groupUri;
  }

  public String job() {
    return job;
  }

  /** The grouping labels besides {@code job}, sorted by name. */
  public SortedMap<String, String> groupingKey() {
    return groupingKey;
  }

  CollectorRegistry registry() {
    return registry;
  }

  /**
   * Sends one request, with {@code metrics} written as its body unless null; a {@code
   * Retry-After} date in a failure is measured from {@code clock}'s wall time.
   */
  private void send(String method, CollectorRegistry metrics, Duration timeout, SenderClock clock)
      throws IOException {
    PushRequest request = request(method, metrics, timeout, System.nanoTime() + timeout.toNanos());
    // What the handler really sent: it may have added a token the builder never saw.
    List<PushRequest> sent = new CopyOnWriteArrayList<>();
    PushHandler.Sender recording = r -> {
      sent.add(r);
      return sender.send(r);
    };
    PushResponse response =
        handler == null ? recording.send(request) : handler.handle(request, recording);
    if (response == null) {
      throw new IllegalStateException("the PushHandler returned null for " + request);
    }
    if (!response.isSuccess()) {
      // A front that echoes the request (a token among it) must not put it into our messages.
      Set<String> secrets = new HashSet<>(request.secretValues());
      sent.forEach(r -> secrets.addAll(r.secretValues()));
      throw new PushException(
          response.statusCode(),
          method,
          request.redactedUri(),
          Secret.maskAll(response.body(), secrets),
          response.header("Retry-After").map(v -> Retry.parseRetryAfter(v, clock)).orElse(null));
    }
  }

  /**
   * The request before the handler sees it: everything the builder configured. Collecting
   * {@code metrics} and the request share {@code timeout}: the registry is collected on a daemon
   * thread that is abandoned at {@code deadlineNanos}, and the request gets the time left.
   */
  PushRequest request(String method, CollectorRegistry metrics, Duration timeout,
      long deadlineNanos) throws IOException {
    PushRequest request = PushRequest.of(method, groupUri, timeout);
    for (Map.Entry<String, Secret> parameter : queryParameters) {
      request = request.withQueryParameter(parameter.getKey(), parameter.getValue().reveal());
    }
    if (metrics != null) {
      request = request.withHeader("Content-Type", format.contentType());
      if (gzip) {
        request = request.withHeader("Content-Encoding", "gzip");
      }
      PushRequest forBody = request;
      request = request.withBodyUnsafe(AbandonableCollection.run(metrics,
          method + " " + request.redactedUri(), timeout.toMillis(), deadlineNanos,
          () -> serialize(forBody, metrics)));
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        throw new HttpTimeoutException(method + " " + request.redactedUri() + ": collecting the"
            + " registry took the whole " + timeout.toMillis() + " ms timeout; nothing was sent");
      }
      request = request.withTimeout(Duration.ofNanos(left));
    }
    if (authorization != null) {
      request = request.withHeader("Authorization", authorization.reveal());
    }
    for (Map.Entry<String, Secret> header : headers) {
      request = request.addHeader(header.getKey(), header.getValue().reveal());
    }
    return request;
  }

  /**
   * The body, written through streams that stop as soon as it passes {@code maxBodyBytes} (as
   * sent) or, with gzip, {@link #MAX_GZIP_RATIO} times that uncompressed: a registry far over
   * the limit costs one buffer's worth of work and memory beyond it, not the whole body. Written
   * straight from the registry, so promsdk's own metrics are not snapshotted first.
   */
  private byte[] serialize(PushRequest request, CollectorRegistry metrics) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(maxBodyBytes + 1, 4096));
    LimitedOutputStream sent = new LimitedOutputStream(buffer, maxBodyBytes);
    try {
      if (gzip) {
        long uncompressedLimit = maxBodyBytes > Long.MAX_VALUE / MAX_GZIP_RATIO
            ? Long.MAX_VALUE : maxBodyBytes * MAX_GZIP_RATIO;
        try (GZIPOutputStream compressed = new GZIPOutputStream(sent, 8192)) {
          format.write(new LimitedOutputStream(compressed, uncompressedLimit), metrics,
              (name, type) -> true, expositionOptions);
        }
      } else {
        format.write(sent, metrics, (name, type) -> true, expositionOptions);
      }
    } catch (LimitedOutputStream.LimitExceeded e) {
      throw e.source() == sent
          ? PushBodyTooLargeException.stopped(
              request.method(), request.redactedUri(), e.size(), maxBodyBytes)
          : PushBodyTooLargeException.stoppedUncompressed(
              request.method(), request.redactedUri(), e.size(), e.limit(), maxBodyBytes);
    }
    return buffer.toByteArray();
  }

  private String redactedUrl() {
    return groupUri + queryNames();
  }

  private String queryNames() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Secret> parameter : queryParameters) {
      sb.append(sb.length() == 0 ? '?' : '&')
          .append(PushRequest.percentEncode(parameter.getKey())).append('=').append(Secret.MASK);
    }
    return sb.toString();
  }

  /** Shows the configuration with every header value, query value and credential masked. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("PushGateway{url=").append(redactedUrl());
    if (!headers.isEmpty()) {
      sb.append(", headers=[");
      for (int i = 0; i < headers.size(); i++) {
        sb.append(i > 0 ? ", " : "").append(headers.get(i).getKey()).append('=').append(Secret.MASK);
      }
      sb.append(']');
    }
    if (authKind != null) {
      sb.append(", auth=").append(authKind).append(' ').append(Secret.MASK);
    }
    sb.append(", format=").append(format.name()).append(", gzip=").append(gzip)
        .append(", requestTimeout=").append(requestTimeout).append(", tls=").append(tlsMode);
    if (handler != null) {
      sb.append(", handler=custom");
    }
    return sb.append('}').toString();
  }

  /** Configures a {@link PushGateway}; {@link #address} and {@link #job} are required. */
  public static final class Builder {
    private URI address;
    private String job;
    private final Map<String, String> groupingKey = new TreeMap<>();
    private CollectorRegistry registry = CollectorRegistry.defaultRegistry();
    private ExpositionFormat format = ExpositionFormat.PROMETHEUS_TEXT;
    private ExpositionOptions expositionOptions;
    private final List<Map.Entry<String, Secret>> headers = new ArrayList<>();
    // Lower-case names of the headers added from the configuration, until the code replaces them.
    private final Set<String> configuredHeaders = new HashSet<>();
    private final List<Map.Entry<String, Secret>> queryParameters = new ArrayList<>();
    private Secret authorization;
    private String authKind;
    private boolean gzip;
    private Duration connectTimeout = Duration.ofMillis(DEFAULT_CONNECT_TIMEOUT_MILLIS);
    private Duration requestTimeout = Duration.ofMillis(DEFAULT_REQUEST_TIMEOUT_MILLIS);
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private PushHandler handler;
    private SSLContext sslContext;
    private Object tlsKey;
    private boolean insecure;
    private String tlsMode = "default";

    private Builder(PromsdkConfig config) {
      this.expositionOptions = ExpositionOptions.defaults(config);
      // An address with user info (https://user:password@gw) or a query (?token=..) is refused, and
      // never shown: it may hold a secret (GroupingPath.parseAddress's own messages never repeat it either).
      config.pushAddress().ifPresent(a -> configured(config, "promsdk.push.address",
          a.indexOf('@') >= 0 || a.indexOf('?') >= 0 || a.indexOf('#') >= 0 ? Secret.MASK : a, () -> address(a)));
      config.pushJob().ifPresent(j -> configured(config, "promsdk.push.job", j, () -> job(j)));
      config.pushGroupingKey().forEach((name, value) ->
          configured(config, "promsdk.push.groupingKey", name + "=" + value, () -> groupingKey(name, value)));
      // The value is left out of a message: headers carry tokens.
      config.pushHeaders().forEach((name, value) ->
          configured(config, "promsdk.push.headers", name + "=" + Secret.MASK, () -> header(name, value)));
      config.pushHeaders().keySet().forEach(name -> configuredHeaders.add(name.toLowerCase(Locale.ROOT)));
    }

    /** Applies a configured value, naming its key and source if this builder rejects it. */
    private static void configured(PromsdkConfig config, String key, String shown, Runnable apply) {
      try {
        apply.run();
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new PromsdkConfigException(key, key + "=" + shown + " ("
            + config.sourceOf(key).orElse("configuration") + "): " + e.getMessage());
      }
    }

    /**
     * The gateway: {@code host:port} (plain http), or an {@code http://} or {@code https://} URL
     * whose path is a prefix in front of {@code /metrics}, e.g. {@code https://gw.example/push}.
     */
    public Builder address(String address) {
      this.address = GroupingPath.parseAddress(address);
      return this;
    }

    /** The job name, the first part of the grouping key; required, not empty. */
    public Builder job(String job) {
      Objects.requireNonNull(job, "job");
      if (job.isEmpty()) {
        throw new IllegalArgumentException("the job name must not be empty");
      }
      this.job = job;
      return this;
    }

    /**
     * Adds a grouping label (replacing one of the same name). Any value is allowed, including
     * empty ones and ones with {@code /}; the URL encodes them as the Pushgateway specifies.
     *
     * @throws IllegalArgumentException for an invalid label name or {@code job}
     */
    public Builder groupingKey(String name, String value) {
      GroupingPath.checkLabelName(name);
      groupingKey.put(name, Objects.requireNonNull(value,
          () -> "grouping label '" + name + "' has a null value; use \"\" for an empty one"));
      return this;
    }

    /** Adds every entry as {@link #groupingKey(String, String)}. */
    public Builder groupingKey(Map<String, String> labels) {
      labels.forEach(this::groupingKey);
      return this;
    }

    /** The registry to push; default {@link CollectorRegistry#defaultRegistry()}. */
    public Builder registry(CollectorRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * The body format; default {@link ExpositionFormat#PROMETHEUS_TEXT}. The Pushgateway reads
     * the Prometheus text and protobuf formats only, so OpenMetrics is refused. {@link
     * ExpositionFormat#PROMETHEUS_PROTOBUF} sends the body with its own {@code Content-Type}, as
     * client_java's Pushgateway client does by default: {@code
     * builder.format(ExpositionFormat.PROMETHEUS_PROTOBUF)}.
     */
    public Builder format(ExpositionFormat format) {
      Objects.requireNonNull(format, "format");
      if (!format.pushable()) {
        throw new IllegalArgumentException(
            "the Pushgateway does not accept " + format.name()
                + " (it reads the Prometheus text and protobuf formats); use PROMETHEUS_TEXT");
      }
      this.format = format;
      return this;
    }

    /**
     * How the body is written; default {@link ExpositionOptions#defaults()}. The Prometheus text
     * format the Pushgateway reads has no {@code _created} samples, whatever the options say; the
     * protobuf format carries created timestamps as fields (see {@link ExpositionOptions}).
     */
    public Builder expositionOptions(ExpositionOptions options) {
      this.expositionOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Adds a header to every request, e.g. {@code header("X-BK-TOKEN", token)}. The value is
     * kept as a secret: no {@code toString()}, log or exception of promsdk shows it, nor the JDK
     * HTTP client's debug log (unlike a {@link #queryParameter}); the JDK client logs header
     * values only when asked to with {@code -Djdk.httpclient.HttpClient.log=headers} or {@code
     * all}.
     *
     * @throws IllegalArgumentException if the value contains CR, LF, another control character
     *     or a character above U+00FF; if the name is invalid, one the HTTP client sets itself
     *     ({@code Host}, {@code Content-Length}, ...), or {@code Content-Type} or {@code
     *     Content-Encoding}, which {@link #format} and {@link #gzip} own (a handler can still
     *     replace them per request)
     */
    public Builder header(String name, String value) {
      PushRequest.checkHeader(name, value);
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("content-type")) {
        throw new IllegalArgumentException(
            "header Content-Type is set from format(..); it cannot be added with header(..)");
      }
      if (lower.equals("content-encoding")) {
        throw new IllegalArgumentException(
            "header Content-Encoding is set by gzip(true); it cannot be added with header(..)");
      }
      if (name.equalsIgnoreCase("Authorization") && authorization != null) {
        throw conflictingAuth();
      }
      // A header the code sets replaces a configured one of the same name (code wins).
      if (configuredHeaders.remove(lower)) {
        headers.removeIf(h -> h.getKey().equalsIgnoreCase(name));
      }
      headers.add(Map.entry(name, new Secret(value)));
      return this;
    }

    /**
     * Adds a query parameter to every request, e.g. {@code queryParameter("X-BK-TOKEN", token)};
     * percent-encoded, and shown as {@code ***} in every message of promsdk.
     *
     * <p><b>Prefer a header for a token</b> ({@link #header}, {@link #bearerToken}, {@link
     * #basicAuth}). The JDK HTTP client logs request URIs, query included, in its own debug
     * log, out of promsdk's reach: with {@code java.util.logging} at {@code FINE} for the logger
     * {@code jdk.internal.httpclient.debug} (a root logger at {@code FINE} is enough) each push
     * logs {@code ... ClientImpl (async) send http://host/metrics/job/j?X-BK-TOKEN=<the token>
     * PUT} and {@code Exchange establishing exchange for <the same URI>}, and {@code
     * -Djdk.httpclient.HttpClient.log=requests} logs {@code REQUEST: <the same URI>} at {@code
     * INFO}. Header values appear in none of these; only {@code
     * -Djdk.httpclient.HttpClient.log=headers} (or {@code all}) logs them.
     */
    public Builder queryParameter(String name, String value) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a query parameter name must not be empty");
      }
      queryParameters.add(Map.entry(name, new Secret(Objects.requireNonNull(value, "value"))));
      return this;
    }

    /** HTTP basic authentication (UTF-8). */
    public Builder basicAuth(String user, String password) {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      if (user.indexOf(':') >= 0) {
        throw new IllegalArgumentException("a basic auth user name must not contain ':'");
      }
      String credentials = Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      return authorization("Basic " + credentials, "basic");
    }

    /** {@code Authorization: Bearer <token>}. */
    public Builder bearerToken(String token) {
      Objects.requireNonNull(token, "token");
      return authorization("Bearer " + token, "bearer");
    }

    private Builder authorization(String value, String kind) {
      PushRequest.checkHeader("Authorization", value);
      // Code wins: basicAuth/bearerToken in code replace a configured Authorization header
      // (promsdk.push.headers.Authorization) rather than conflict with it.
      if (configuredHeaders.remove("authorization")) {
        headers.removeIf(h -> h.getKey().equalsIgnoreCase("Authorization"));
      }
      if (authorization != null
          || headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Authorization"))) {
        throw conflictingAuth();
      }
      this.authorization = new Secret(value);
      this.authKind = kind;
      return this;
    }

    private static IllegalStateException conflictingAuth() {
      return new IllegalStateException(
          "only one of basicAuth, bearerToken and an Authorization header can be set");
    }

    /** Wraps every request; see {@link PushHandler} for the seed's token handler. */
    public Builder handler(PushHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /** Gzip-compresses bodies ({@code Content-Encoding: gzip}); off by default. */
    public Builder gzip(boolean gzip) {
      this.gzip = gzip;
      return this;
    }

    /** How long connecting may take; default {@value PushGateway#DEFAULT_CONNECT_TIMEOUT_MILLIS} ms. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Checks.positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * How long one whole push may take: collecting the registry, connecting, sending and
     * reading the answer; default {@value PushGateway#DEFAULT_REQUEST_TIMEOUT_MILLIS} ms. The
     * request gets what collecting left of it. {@code push()} and {@code pushAdd()} return
     * within it whatever a collector does (a collection still running then is abandoned: see
     * {@link CollectionTimeoutException}).
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Checks.positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * The largest body sent, in bytes as sent (after compression); default {@value
     * PushGateway#DEFAULT_MAX_BODY_BYTES}. A larger body fails before sending with {@link
     * PushBodyTooLargeException}; it is never cut. {@code Long.MAX_VALUE} for no limit.
     */
    public Builder maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes <= 0) {
        throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * TLS with this context (client certificates, a custom trust manager, ...). Gateways built
     * with the same context instance share one HTTP client; a new context per build costs a new
     * client (threads included) each time.
     */
    public Builder sslContext(SSLContext sslContext) {
      Objects.requireNonNull(sslContext, "sslContext");
      return tls(sslContext, sslContext, "custom", false);
    }

    /** TLS trusting exactly the certificates in {@code trustStore}, e.g. a private CA. */
    public Builder trustStore(KeyStore trustStore) {
      Objects.requireNonNull(trustStore, "trustStore");
      return tls(TlsContexts.trusting(trustStore), SharedClients.trustStoreKey(trustStore), "trustStore",
          false);
    }

    /**
     * INSECURE: accepts any certificate for any host name, so anyone on the network path can
     * read the token and change what is pushed. For tests against self-signed gateways only;
     * logged as a warning when built.
     */
    public Builder insecureSkipTlsVerification() {
      return tls(TlsContexts.trustingEverything(), "INSECURE", "INSECURE", true);
    }

    private Builder tls(SSLContext context, Object key, String mode, boolean insecure) {
      if (sslContext != null) {
        throw new IllegalStateException(
            "only one of sslContext, trustStore and insecureSkipTlsVerification can be set");
      }
      this.sslContext = context;
      this.tlsKey = key;
      this.tlsMode = mode;
      this.insecure = insecure;
      return this;
    }

    /**
     * @throws IllegalStateException if the address or job is missing
     */
    public PushGateway build() {
      if (job == null) {
        throw new IllegalStateException("a job name is required (job(\"my_job\"))");
      }
      return new PushGateway(this);
    }
  }
}
