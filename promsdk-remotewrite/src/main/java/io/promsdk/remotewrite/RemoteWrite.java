package io.promsdk.remotewrite;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.model.Names;
import io.promsdk.exporter.common.push.PeriodicSender;
import io.promsdk.exporter.common.push.Secret;
import io.promsdk.exporter.common.push.SendFailure;
import io.promsdk.exporter.common.push.SenderClock;
import io.promsdk.exporter.common.push.TlsContexts;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import javax.net.ssl.SSLContext;

/**
 * Writes a registry to a Prometheus remote-write receiver (Prometheus, Grafana Mimir,
 * VictoriaMetrics, Thanos receive, bk-collector) every interval.
 *
 * <pre>{@code
 * try (RemoteWrite rw = RemoteWrite.builder()
 *     .url("http://127.0.0.1:8428/api/v1/write")
 *     .registry(registry)
 *     .interval(Duration.ofSeconds(15))
 *     .header("X-BK-TOKEN", token)
 *     .externalLabel("job", "billing").externalLabel("instance", "10.0.0.7")
 *     .protocol(RemoteWriteProtocol.V1)
 *     .start()) {
 *   ... // the application runs; rw.flush() sends now
 * }   // close(): a last read, sent within the close timeout
 * }</pre>
 *
 * <p>Every interval (on one daemon thread, {@link PeriodicSender}) the registry is read into
 * batches, one or more per shard, all stamped with the read's time, and queued. Each shard has
 * its own daemon thread that sends its batches in order, so that each series' samples arrive in
 * time order, while the shards send concurrently. The queue is bounded in samples across all
 * shards; when a read does not fit, the oldest batches are dropped and counted. Retries follow
 * the remote-write spec (see {@link Builder#retryOn429}); nothing ever blocks the application's
 * threads except {@link #flush()} and {@link #close()}, each bounded by its timeout.
 */
public final class RemoteWrite implements AutoCloseable {
  /** Set by the sender from the protocol; {@link Builder#header} refuses them. */
  private static final Set<String> PROTOCOL_HEADERS = Set.of("content-type", "content-encoding",
      "x-prometheus-remote-write-version", "user-agent", "content-length", "host");

  private final URI url;
  private final CollectorRegistry registry;
  private final BatchReader reader;
  private final int shardCount;
  private final int maxSamplesPerBatch;
  private final Duration flushTimeout;
  private final SenderClock clock;
  private final RemoteWriteMetrics metrics;
  private final boolean selfMetrics;
  private final ShardQueue queue;
  private final AtomicReference<RemoteWriteProtocol> protocol;
  private final List<Thread> shardThreads = new ArrayList<>();
  private final Object readLock = new Object();
  private long lastReadMs = Long.MIN_VALUE; // guarded by readLock
  private final PeriodicSender sender;

  private RemoteWrite(Builder b, BatchReader reader) {
    this.url = b.url;
    this.registry = b.registry;
    this.reader = reader;
    this.shardCount = b.shards;
    this.maxSamplesPerBatch = b.maxSamplesPerBatch;
    this.flushTimeout = b.flushTimeout;
    this.clock = b.clock;
    this.metrics = new RemoteWriteMetrics();
    this.selfMetrics = b.selfMetrics;
    this.queue = new ShardQueue(shardCount, b.queueCapacitySamples, metrics);
    this.protocol = new AtomicReference<>(b.protocol);
    metrics.shards.set(shardCount);

    HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(b.connectTimeout);
    if (b.sslContext != null) {
      client.sslContext(b.sslContext);
    }
    List<Map.Entry<String, Secret>> headers = new ArrayList<>(b.headers);
    if (b.authorization != null) {
      headers.add(Map.entry("Authorization", b.authorization));
    }
    HttpWriter writer = new HttpWriter(client.build(), url, headers, b.handler, clock);
    ShardSender.Shared shared = new ShardSender.Shared(queue, writer, protocol, metrics, clock,
        b.requestTimeout, b.initialBackoff, b.maxBackoff, b.maxRetryAfter, b.retryOn429,
        new ShardSender.FailureLog(url.toString()));
    for (int i = 0; i < shardCount; i++) {
      Thread t = new Thread(new ShardSender(i, shared), "promsdk-remote-write-shard-" + i);
      t.setDaemon(true);
      shardThreads.add(t);
    }
    if (selfMetrics) {
      metrics.register(registry);
    }
    shardThreads.forEach(Thread::start);
    PeriodicSender started;
    try {
      started = PeriodicSender.builder("promsdk-remote-write")
          .tick("read", timeout -> read())
          .finalOperation("flush", this::finalFlush)
          .interval(b.interval)
          .closeTimeout(b.closeTimeout)
          .shutdownHook(b.shutdownHook)
          .clock(clock)
          .listener(metrics)
          .logging(System.getLogger(RemoteWrite.class.getName()), "RemoteWrite", "the receiver", url)
          .afterClose(this::stopShards)
          .start();
    } catch (RuntimeException | Error e) {
      // E.g. the shutdown hook refused while the JVM exits: the caller gets no RemoteWrite to
      // close, so the shards' threads and the self metrics must not outlive this call.
      stopShards();
      throw e;
    }
    this.sender = started;
  }

  /** A builder; {@link Builder#url} and {@link Builder#registry} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the registry now and waits until everything queued so far has been sent, or dropped
   * (a refused batch, see the metrics), or the flush timeout ({@link Builder#flushTimeout}) has
   * passed.
   *
   * @return true if the queue had sent or dropped everything read so far within the timeout;
   *     false after the timeout, after {@link #close()}, or if interrupted
   */
  public boolean flush() {
    if (!sender.isRunning()) {
      return false;
    }
    long deadline = clock.nanoTime() + flushTimeout.toNanos();
    long seq = read();
    try {
      return queue.awaitDone(seq, deadline, clock);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Stops the interval, reads the registry a last time and waits, at most the close timeout
   * ({@link Builder#closeTimeout}), until the queue is sent; then stops the shards, counting what
   * is left as dropped ({@code closed}). Idempotent; does not throw. Also runs from a shutdown
   * hook unless {@link Builder#shutdownHook(boolean)} turned it off.
   */
  @Override
  public void close() {
    sender.close();
  }

  /**
   * The protocol in use: the builder's, or {@link RemoteWriteProtocol#V1} once the receiver showed
   * it does not speak V2 (a 415, or a 2xx without the written-samples count 2.0 requires).
   */
  public RemoteWriteProtocol protocol() {
    return protocol.get();
  }

  /** Samples waiting in the queue, those in flight included. */
  public long queuedSamples() {
    return queue.queuedSamples();
  }

  RemoteWriteMetrics metrics() {
    return metrics;
  }

  /** Reads the registry into the queue; returns the sequence number of the last batch queued. */
  private long read() {
    synchronized (readLock) {
      // A receiver refuses a second sample of a series with the same timestamp: reads within one
      // millisecond (a flush right after a tick) get the next one.
      long now = Math.max(clock.currentTimeMillis(), lastReadMs + 1);
      lastReadMs = now;
      return queue.offer(reader.read(now, shardCount, maxSamplesPerBatch));
    }
  }

  private void finalFlush(Duration timeout) throws Exception {
    long deadline = clock.nanoTime() + timeout.toNanos();
    long seq = read();
    if (!queue.awaitDone(seq, deadline, clock)) {
      throw new NotSentAtClose(queue.queuedSamples());
    }
  }

  private void stopShards() {
    queue.stop();
    for (Thread t : shardThreads) {
      t.interrupt();
    }
    // One second for all shards together, not one each: a shard stuck in a user's handler must
    // not make close() outlast its timeout by up to 64 seconds.
    long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    for (Thread t : shardThreads) {
      long left = joinDeadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (selfMetrics) {
      metrics.unregister(registry);
    }
  }

  @Override
  public String toString() {
    return "RemoteWrite{url=" + url + ", protocol=" + protocol.get() + ", shards=" + shardCount + "}";
  }

  /** The final flush ran out of time; not retried (a retry would only read again). */
  private static final class NotSentAtClose extends Exception implements SendFailure {
    private static final long serialVersionUID = 1L;

    NotSentAtClose(long samples) {
      super(samples + " samples were still queued when the close timeout ended; they are dropped");
    }

    @Override
    public String reason() {
      return "close_timeout";
    }

    @Override
    public boolean isRetryable() {
      return false;
    }
  }

  /** Configures a {@link RemoteWrite}; every option has a default except url and registry. */
  public static final class Builder {
    private URI url;
    private CollectorRegistry registry;
    private Duration interval = Duration.ofSeconds(15);
    private final List<Map.Entry<String, Secret>> headers = new ArrayList<>();
    private Secret authorization;
    private RemoteWriteHandler handler;
    private final Map<String, String> externalLabels = new LinkedHashMap<>();
    private RemoteWriteProtocol protocol = RemoteWriteProtocol.V1;
    private int shards = 2;
    private long queueCapacitySamples = 200_000;
    private int maxSamplesPerBatch = 2_000;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private boolean retryOn429 = true;
    private Duration maxRetryAfter = Duration.ofMinutes(1);
    private Duration flushTimeout = Duration.ofSeconds(10);
    private Duration closeTimeout = Duration.ofSeconds(10);
    private boolean shutdownHook = true;
    private boolean selfMetrics;
    private SSLContext sslContext;
    private boolean insecure;
    private SenderClock clock = SenderClock.system();
    private boolean sendNativeHistograms;
    // Null: a RegistryBatchReader; tests put in their own.
    private BiFunction<CollectorRegistry, Map<String, String>, BatchReader> readerFactory;

    private Builder() {}

    /**
     * The receiver's write endpoint, e.g. {@code http://prometheus:9090/api/v1/write}; required.
     * The module README lists each store's URL.
     */
    public Builder url(String url) {
      Objects.requireNonNull(url, "url");
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("remote-write url is not a URI: " + e.getMessage());
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException("remote-write url needs http:// or https:// and a host,"
            + " got " + uri.getScheme() + "://" + uri.getHost());
      }
      this.url = uri;
      return this;
    }

    /** The registry read every interval; required. */
    public Builder registry(CollectorRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Time between reads of the registry; default 15 s. */
    public Builder interval(Duration interval) {
      this.interval = positive(interval, "interval");
      return this;
    }

    /**
     * A header sent with every request, e.g. {@code X-Scope-OrgID} (Mimir), {@code
     * THANOS-TENANT} or {@code X-BK-TOKEN}. Its value is kept as a secret: never logged, masked
     * in error bodies. The protocol's own headers ({@code Content-Type}, {@code
     * Content-Encoding}, {@code X-Prometheus-Remote-Write-Version}, {@code User-Agent}) and
     * {@code Authorization} ({@link #basicAuth}, {@link #bearerToken}) are refused.
     */
    public Builder header(String name, String value) {
      Objects.requireNonNull(name, "header name");
      Objects.requireNonNull(value, "value of header " + name);
      String lower = name.toLowerCase(Locale.ROOT);
      if (PROTOCOL_HEADERS.contains(lower)) {
        throw new IllegalArgumentException("header " + name + " is set by the remote-write protocol;"
            + " it cannot be configured");
      }
      if (lower.equals("authorization")) {
        throw new IllegalArgumentException("header Authorization: use basicAuth(user, password) or"
            + " bearerToken(token)");
      }
      headers.add(Map.entry(name, new Secret(value)));
      return this;
    }

    /** HTTP basic authentication; replaces a {@link #bearerToken}. */
    public Builder basicAuth(String user, String password) {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      this.authorization = new Secret("Basic " + Base64.getEncoder().encodeToString(
          (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
      return this;
    }

    /** {@code Authorization: Bearer <token>}; replaces a {@link #basicAuth}. */
    public Builder bearerToken(String token) {
      this.authorization = new Secret("Bearer " + Objects.requireNonNull(token, "token"));
      return this;
    }

    /** Called before every request, e.g. to add a token that changes; see {@link RemoteWriteHandler}. */
    public Builder handler(RemoteWriteHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * A label added to every series that does not have it, as Prometheus' {@code
     * external_labels}: e.g. {@code job} and {@code instance}, which a scrape would have added.
     */
    public Builder externalLabel(String name, String value) {
      Objects.requireNonNull(name, "external label name");
      Objects.requireNonNull(value, "value of external label " + name);
      String problem = Names.labelNameProblem(name);
      if (problem != null) {
        throw new IllegalArgumentException("external label " + name + ": " + problem);
      }
      if (value.isEmpty()) {
        // An empty value is no label (SeriesLabels leaves it out): it would be dropped silently.
        throw new IllegalArgumentException("external label " + name + ": the value must not be empty");
      }
      externalLabels.put(name, value);
      return this;
    }

    /**
     * Remote write 1.0 (default, every receiver takes it) or 2.0 (falls back to 1.0 on a 415, or
     * on a 2xx without the {@code X-Prometheus-Remote-Write-Samples-Written} header 2.0 requires:
     * Prometheus 2.42 and VictoriaMetrics answer 2.0 with 204 and store nothing).
     */
    public Builder protocol(RemoteWriteProtocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /** Shards sending concurrently, each its own series in order; default 2. */
    public Builder shards(int shards) {
      if (shards < 1 || shards > 64) {
        throw new IllegalArgumentException("shards must be in [1, 64], got " + shards);
      }
      this.shards = shards;
      return this;
    }

    /**
     * The most samples the queue holds, all shards together; when a read does not fit, the
     * oldest batches are dropped ({@code promsdk_remote_write_samples_dropped_total{reason=
     * "queue_full"}}); default 200,000. At least {@link #maxSamplesPerBatch}.
     */
    public Builder queueCapacitySamples(long samples) {
      if (samples < 1) {
        throw new IllegalArgumentException("queueCapacitySamples must be positive, got " + samples);
      }
      this.queueCapacitySamples = samples;
      return this;
    }

    /** The most samples one request carries; default 2,000. */
    public Builder maxSamplesPerBatch(int samples) {
      if (samples < 1) {
        throw new IllegalArgumentException("maxSamplesPerBatch must be positive, got " + samples);
      }
      this.maxSamplesPerBatch = samples;
      return this;
    }

    /** TCP connect timeout; default 5 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /** The most one request may take, its response body included; default 10 s. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** The first retry's wait, doubled for each further retry of a batch; default 100 ms. */
    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = positive(backoff, "initialBackoff");
      return this;
    }

    /** The longest wait between retries of a batch; default 5 s. */
    public Builder maxBackoff(Duration backoff) {
      this.maxBackoff = positive(backoff, "maxBackoff");
      return this;
    }

    /**
     * Whether a 429 (Too Many Requests) is retried, after its {@code Retry-After} (at most
     * {@link #maxRetryAfter}); when off, the batch is dropped and counted ({@code http_429}).
     * Default on. Other 4xx are never retried; 5xx and connection errors always are.
     */
    public Builder retryOn429(boolean retry) {
      this.retryOn429 = retry;
      return this;
    }

    /** The longest {@code Retry-After} obeyed; longer ones are cut to it; default 1 min. */
    public Builder maxRetryAfter(Duration max) {
      this.maxRetryAfter = positive(max, "maxRetryAfter");
      return this;
    }

    /** The most {@link RemoteWrite#flush()} waits; default 10 s. */
    public Builder flushTimeout(Duration timeout) {
      this.flushTimeout = positive(timeout, "flushTimeout");
      return this;
    }

    /** The most {@link RemoteWrite#close()} (and the shutdown hook) takes; default 10 s. */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = positive(timeout, "closeTimeout");
      return this;
    }

    /** Close on JVM exit (a last read, sent within the close timeout); default on. */
    public Builder shutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
      return this;
    }

    /**
     * Register the {@code promsdk_remote_write_*} metrics in the registry being written (so that
     * they are written too); default off. They count either way.
     */
    public Builder selfMetrics(boolean selfMetrics) {
      this.selfMetrics = selfMetrics;
      return this;
    }

    /** TLS for an {@code https} URL with this context (client certificates, ...); default the JVM's. */
    public Builder sslContext(SSLContext sslContext) {
      return tls(Objects.requireNonNull(sslContext, "sslContext"));
    }

    /** TLS trusting exactly the certificates in {@code trustStore}, e.g. a private CA. */
    public Builder trustStore(KeyStore trustStore) {
      return tls(TlsContexts.trusting(Objects.requireNonNull(trustStore, "trustStore")));
    }

    /**
     * INSECURE: accepts any certificate for any host name, so anyone on the network path can read
     * the token and change what is written. For tests against self-signed receivers only; logged
     * as a warning at start.
     */
    public Builder insecureSkipTlsVerification() {
      insecure = true;
      return tls(TlsContexts.trustingEverything());
    }

    private Builder tls(SSLContext context) {
      if (sslContext != null) {
        throw new IllegalStateException(
            "only one of sslContext, trustStore and insecureSkipTlsVerification can be set");
      }
      this.sslContext = context;
      return this;
    }

    /**
     * Whether remote write 1.0 requests carry native histograms too (as Prometheus'
     * {@code send_native_histograms}); default off, because a receiver without native histogram
     * support refuses the whole request (Prometheus 2.42 without {@code
     * --enable-feature=native-histograms} answers 500). Off, a histogram with classic buckets is
     * written as its classic series, a native-only one as its {@code +Inf} bucket, count and sum.
     * Remote write 2.0 always carries them.
     */
    public Builder sendNativeHistograms(boolean send) {
      this.sendNativeHistograms = send;
      return this;
    }

    /** For tests: the time ticks, backoffs and deadlines run on. */
    Builder clock(SenderClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** For tests: what reads the registry into batches. */
    Builder readerFactory(BiFunction<CollectorRegistry, Map<String, String>, BatchReader> factory) {
      this.readerFactory = Objects.requireNonNull(factory, "readerFactory");
      return this;
    }

    /**
     * Starts the shards' threads and the interval's thread; the first read runs at once.
     *
     * @throws IllegalStateException if url or registry is missing
     * @throws IllegalArgumentException if the queue cannot hold one batch, or the self metrics
     *     cannot be registered
     */
    public RemoteWrite start() {
      if (url == null || registry == null) {
        throw new IllegalStateException("RemoteWrite needs url(..) and registry(..)");
      }
      if (queueCapacitySamples < maxSamplesPerBatch) {
        throw new IllegalArgumentException("queueCapacitySamples (" + queueCapacitySamples
            + ") must be at least maxSamplesPerBatch (" + maxSamplesPerBatch + ")");
      }
      if (insecure) {
        System.getLogger(RemoteWrite.class.getName()).log(System.Logger.Level.WARNING, "remote write"
            + " to " + url + " skips TLS verification (insecureSkipTlsVerification): for tests only");
      }
      Map<String, String> labels = new LinkedHashMap<>(externalLabels);
      BatchReader reader = readerFactory != null ? readerFactory.apply(registry, labels)
          : new RegistryBatchReader(registry, labels, sendNativeHistograms);
      return new RemoteWrite(this, reader);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
