package io.promsdk.httpserver;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpServer;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.config.PromsdkConfig;
import io.promsdk.exporter.common.ScrapeHandler;
import io.promsdk.exposition.ExpositionOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * An embedded HTTP server exposing a registry for Prometheus to scrape, with nothing beyond the
 * JDK.
 *
 * <pre>{@code
 * try (HTTPServer server = HTTPServer.builder()
 *     .port(8080).hostname("127.0.0.1").registry(registry).buildAndStart()) {
 *   // curl http://127.0.0.1:8080/metrics
 * }
 * HTTPServer.start(8080, "127.0.0.1", registry);   // the Python client's start_http_server
 * }</pre>
 *
 * <p>Serves {@code GET}/{@code HEAD} on {@code /metrics} (see {@link ScrapeHandler}: content
 * negotiation, gzip, {@code ?name[]=} filtering) and {@code /-/healthy}; {@code 404} elsewhere.
 *
 * <p>By default ({@link Engine#NIO}) one selector thread reads every request head without
 * blocking, within a header-read deadline ({@link Builder#headerReadTimeout}), and answers
 * everything but scrapes itself; only complete scrape requests reach the pool's threads. So slow
 * or idle clients cannot take the threads that scrape, and {@code /-/healthy} answers while every
 * scrape hangs; the same for HTTPS. Only a custom {@link Authenticator} runs on the JDK's {@code
 * com.sun.net.httpserver} instead ({@link Engine#JDK}), which has no such protection.
 *
 * <p>Its threads are daemon threads: a running server never keeps the JVM alive. {@link #close}
 * stops accepting scrapes, lets running ones finish (up to the close timeout) and frees the port.
 */
public final class HTTPServer implements AutoCloseable {
  private static final AtomicInteger SERVER_IDS = new AtomicInteger();

  /** The transport that carries the requests. */
  public enum Engine {
    /**
     * The default, for HTTP and HTTPS: a small HTTP/1.1 server on {@code java.nio}. Request heads are read by
     * one selector thread within {@link Builder#headerReadTimeout}, so slow clients cannot hold the
     * scrape threads; {@code TCP_NODELAY} on every connection. Serves HTTP and HTTPS (a TLS
     * handshake, too, must be done within the header-read deadline), with no authentication,
     * {@link Builder#basicAuth} or {@link Builder#bearerToken}.
     */
    NIO,
    /**
     * The JDK's {@code com.sun.net.httpserver}, used for {@link Builder#authenticator}.
     * It reads request heads on the pool's threads with no time limit unless the JVM-wide {@code
     * sun.net.httpserver.maxReqTime} is set, so a few slow clients can stop every scrape.
     */
    JDK
  }

  private final ServerEngine engine;
  private final ExporterRoutes routes;
  private final Duration closeTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HTTPServer(ServerEngine engine, ExporterRoutes routes, Duration closeTimeout) {
    this.engine = engine;
    this.routes = routes;
    this.closeTimeout = closeTimeout;
  }

  /**
   * A builder; {@link Builder#buildAndStart()} starts the server. Its port, host and exposition
   * options default to the runtime configuration ({@code promsdk.exporter.port}, {@code
   * promsdk.exporter.host}, {@code promsdk.createdTimestamps}; see {@link PromsdkConfig}); what the
   * code sets wins.
   */
  public static Builder builder() {
    return new Builder(PromsdkConfig.get());
  }

  /** A builder whose defaults follow {@code config} rather than the JVM's configuration. */
  public static Builder builder(PromsdkConfig config) {
    return new Builder(config);
  }

  /**
   * Starts a server for {@code registry} on {@code hostname:port}, as the Python client's {@code
   * start_http_server(port, addr, registry)} does.
   *
   * @param port the port, 0 for a free one
   * @param hostname the address to bind, e.g. {@code 127.0.0.1}; null or {@code 0.0.0.0} for all
   * @throws IOException if the port is taken or the host unknown
   */
  public static HTTPServer start(int port, String hostname, CollectorRegistry registry) throws IOException {
    return builder().port(port).hostname(hostname).registry(registry).buildAndStart();
  }

  /** The port the server listens on; the one chosen by the system when built with port 0. */
  public int getPort() {
    return engine.address().getPort();
  }

  /** The address and port the server listens on. */
  public InetSocketAddress getAddress() {
    return engine.address();
  }

  /** The engine serving the requests: {@link Engine#NIO} unless a custom authenticator or asked otherwise. */
  public Engine engine() {
    return engine instanceof NioEngine ? Engine.NIO : Engine.JDK;
  }

  /**
   * Stops the server: new requests get {@code 503}, requests in flight get up to the close
   * timeout to finish; then the server's own threads are interrupted (a scrape still running gets
   * no answer), and the port, connections and threads are released. Returns within about the
   * close timeout, even when a collector hangs (on {@link Engine#NIO}, at most 100 ms past it).
   * One case frees the port later: a caller's {@link Builder#executor executor} whose {@code
   * execute} blocks holds the NIO engine's selector thread, and the port is released when that
   * call returns. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    routes.startClosing();
    if (engine.close(System.nanoTime() + closeTimeout.toNanos())) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts a JDK server from a daemon thread; see {@link JdkEngine#startOnDaemonThread}. */
  static void startOnDaemonThread(HttpServer server, String threadName) throws IOException {
    JdkEngine.startOnDaemonThread(server, threadName);
  }

  @Override
  public String toString() {
    return "HTTPServer[" + (engine.isHttps() ? "https" : "http") + "://" + getAddress() + "]";
  }

  /**
   * Settings of an {@link HTTPServer}. Every setting is optional.
   *
   * <pre>{@code
   * HTTPServer server = HTTPServer.builder()
   *     .port(9400)
   *     .basicAuth("prometheus", secret)
   *     .keyStore(Path.of("server.p12"), keyStorePassword)
   *     .buildAndStart();
   * }</pre>
   */
  public static final class Builder {
    private int port;
    private String hostname;
    private InetAddress inetAddress;
    private CollectorRegistry registry = CollectorRegistry.defaultRegistry();
    private String metricsPath = "/metrics";
    private ExecutorService executor;
    private int threads = 5;
    private int backlog;
    private Duration closeTimeout = Duration.ofSeconds(5);
    private Authenticator authenticator;
    private String authenticatorKind;
    private SSLContext sslContext;
    private Path keyStore;
    private char[] keyStorePassword;
    private Path trustStore;
    private char[] trustStorePassword;
    private boolean requireClientCertificate;
    private boolean jvmWideJdkTimeLimits;
    private ExpositionOptions expositionOptions;
    private Engine engine;
    private Duration headerReadTimeout = ConnectionLimits.DEFAULT_HEADER_READ_TIMEOUT;
    private Duration idleTimeout = ConnectionLimits.DEFAULT_IDLE_TIMEOUT;
    private Duration writeTimeout = ConnectionLimits.DEFAULT_WRITE_TIMEOUT;
    private int maxConnections = ConnectionLimits.DEFAULT_MAX_CONNECTIONS;
    private RequestListener requestListener;

    private Builder(PromsdkConfig config) {
      this.port = config.exporterPort().orElse(0);
      this.hostname = config.exporterHost().orElse(null);
      this.expositionOptions = ExpositionOptions.defaults(config);
    }

    /**
     * How scrapes are written; default {@link ExpositionOptions#defaults()} (no {@code _created}
     * samples unless the configuration sets {@code promsdk.createdTimestamps=true}). For example {@code
     * expositionOptions(ExpositionOptions.builder().createdTimestamps(true).build())}.
     */
    public Builder expositionOptions(ExpositionOptions options) {
      this.expositionOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * The port; 0 picks a free one, see {@link HTTPServer#getPort()}. Default: {@code
     * promsdk.exporter.port} if configured, else 0.
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The host name or IP address to bind; default: {@code promsdk.exporter.host} if configured, else all interfaces. */
    public Builder hostname(String hostname) {
      this.hostname = hostname;
      this.inetAddress = null;
      return this;
    }

    /** The address to bind; default: all interfaces. */
    public Builder inetAddress(InetAddress address) {
      this.inetAddress = address;
      this.hostname = null;
      return this;
    }

    /** The registry to expose; default: {@link CollectorRegistry#defaultRegistry()}. */
    public Builder registry(CollectorRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** The path of the metrics endpoint; default {@code /metrics}. */
    public Builder metricsPath(String path) {
      if (path == null || !path.startsWith("/") || ExporterRoutes.HEALTH_PATH.equals(path)) {
        throw new IllegalArgumentException("metricsPath must start with '/' and not be "
            + ExporterRoutes.HEALTH_PATH + ", got " + path);
      }
      this.metricsPath = path;
      return this;
    }

    /**
     * Runs requests on {@code executor} instead of the server's own pool. The caller owns it:
     * {@link HTTPServer#close()} does not shut it down, nor interrupt what runs on it.
     *
     * <p>Its {@code execute} must not block and must not run the task on the calling thread (as
     * {@code CallerRunsPolicy} does): the caller is the server's single selector thread (the
     * JDK's dispatcher thread with {@link Engine#JDK}), and while it waits the server reads no
     * request and {@code close()} cannot finish. When it is full, throw {@link
     * java.util.concurrent.RejectedExecutionException}: the request then gets {@code 503} (the
     * JDK engine closes the connection without an answer).
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The size of the server's own pool of daemon threads that run scrapes; default 5. Up to 256
     * more scrapes wait for a thread; beyond that they get {@code 503} rather than pile up.
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * The TCP listen backlog: how many connections the system queues before the server accepts
     * them; default 0: 1024 on {@link Engine#NIO} (capped by the system's {@code
     * net.core.somaxconn}), the JDK's 50 on {@link Engine#JDK}.
     */
    public Builder backlog(int backlog) {
      if (backlog < 0) {
        throw new IllegalArgumentException("backlog must be 0 (the engine's default) or more, got " + backlog);
      }
      this.backlog = backlog;
      return this;
    }

    /**
     * How long {@link HTTPServer#close()} lets running requests finish before it interrupts them;
     * default 5 s.
     */
    public Builder closeTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("closeTimeout must not be negative");
      }
      this.closeTimeout = timeout;
      return this;
    }

    /**
     * How long a client has to send a request's line and headers: from the connection's accept,
     * or from the first byte of a later request on a kept-alive connection; past it the
     * connection is closed without an answer. Default 10 s. Like Go's {@code
     * http.Server.ReadHeaderTimeout}; applies to {@link Engine#NIO}.
     */
    public Builder headerReadTimeout(Duration timeout) {
      this.headerReadTimeout = ConnectionLimits.positive("headerReadTimeout", timeout);
      return this;
    }

    /**
     * How long a kept-alive connection may wait for the first byte of its next request before the
     * server closes it; default 2 minutes, longer than Prometheus' usual scrape intervals, so that
     * it keeps its connection. Applies to {@link Engine#NIO}.
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = ConnectionLimits.positive("idleTimeout", timeout);
      return this;
    }

    /**
     * How long a client may take no bytes of a response while the server has some to send: a
     * stall timeout, like Jetty's idle timeout. Past it the response is cut off (the connection is
     * reset), so a client that stops reading holds a scrape thread at most this long after it
     * stopped. A slow client that keeps reading gets a large body whole, however long that takes;
     * the time a scrape spends collecting does not count. Default 1 minute. Applies to {@link
     * Engine#NIO}.
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = ConnectionLimits.positive("writeTimeout", timeout);
      return this;
    }

    /**
     * The most connections open at once; default 4096. At the limit a new connection first closes
     * the connection still reading a request head that started longest ago (a slow-header client),
     * else one closing after its last answer, else the kept-alive connection idle longest; never
     * one being answered. If every connection is being answered, the new one is closed. Applies
     * to {@link Engine#NIO}.
     */
    public Builder maxConnections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1, got " + max);
      }
      this.maxConnections = max;
      return this;
    }

    /**
     * Tells {@code listener} of every request answered, on either engine: for request metrics of
     * the exporter itself, e.g. {@code requestListener(RequestListener.of(metrics::requestStarted,
     * metrics::requestFinished))} with promsdk-instrumentation-http's {@code HttpServerMetrics}.
     * Routes are the metrics path, {@code /-/healthy} and null for anything else; a listener that
     * throws is logged and never changes an answer. See {@link RequestListener}. Default: none.
     */
    public Builder requestListener(RequestListener listener) {
      this.requestListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The engine; default {@link Engine#NIO}, and {@link Engine#JDK} when a custom {@link
     * #authenticator} is set (the NIO engine cannot run one).
     *
     * @throws IllegalStateException at {@link #buildAndStart()}, for {@code NIO} with a custom
     *     authenticator
     */
    public Builder engine(Engine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** Requires HTTP basic authentication with this user and password on every path. */
    public Builder basicAuth(String user, String password) {
      return auth(CredentialAuthenticator.basic(
          Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password")), "basicAuth");
    }

    /** Requires {@code Authorization: Bearer <token>} on every path. */
    public Builder bearerToken(String token) {
      return auth(CredentialAuthenticator.bearer(Objects.requireNonNull(token, "token")), "bearerToken");
    }

    /**
     * Authenticates every request with a JDK {@link Authenticator} of your own. It needs a real
     * {@code HttpExchange} and may block, so the server then runs on {@link Engine#JDK}, without
     * the NIO engine's protection against slow clients; prefer {@link #basicAuth} or {@link
     * #bearerToken} where they fit.
     */
    public Builder authenticator(Authenticator authenticator) {
      return auth(Objects.requireNonNull(authenticator, "authenticator"), "authenticator");
    }

    private Builder auth(Authenticator authenticator, String kind) {
      if (authenticatorKind != null && !authenticatorKind.equals(kind)) {
        throw new IllegalStateException("choose one of basicAuth, bearerToken and authenticator; "
            + authenticatorKind + " is already set");
      }
      this.authenticator = authenticator;
      this.authenticatorKind = kind;
      return this;
    }

    /** Serves HTTPS with this context instead of HTTP. */
    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Serves HTTPS with the key and certificate chain in a PKCS#12 or JKS keystore file (the type
     * is detected); the key's password must be the store's.
     */
    public Builder keyStore(Path path, String password) {
      this.keyStore = Objects.requireNonNull(path, "path");
      this.keyStorePassword = password == null ? null : password.toCharArray();
      return this;
    }

    /**
     * The CA certificates that client certificates must chain to, as a PKCS#12 or JKS file;
     * default: the JDK's trusted CAs. Use with {@link #keyStore} and {@link
     * #requireClientCertificate}.
     */
    public Builder trustStore(Path path, String password) {
      this.trustStore = Objects.requireNonNull(path, "path");
      this.trustStorePassword = password == null ? null : password.toCharArray();
      return this;
    }

    /** With HTTPS, refuses clients without a trusted certificate (mutual TLS); default false. */
    public Builder requireClientCertificate(boolean require) {
      this.requireClientCertificate = require;
      return this;
    }

    /**
     * With {@link Engine#JDK} only: sets time limits for reading a request (60 s) and writing a
     * response (600 s) in the JDK's HTTP server, so that a client that sends its request slowly
     * cannot hold a pool thread for ever. Default: off, the JDK's own default of no limit. The
     * default {@link Engine#NIO} has limits of its own ({@link #headerReadTimeout}, {@link
     * #writeTimeout}), and with it this sets nothing.
     *
     * <p><b>JVM-wide:</b> the JDK takes these limits only from the system properties {@code
     * sun.net.httpserver.maxReqTime} and {@code sun.net.httpserver.maxRspTime} (seconds), and
     * reads them once, when the first {@code com.sun.net.httpserver} server of the JVM is created.
     * So this sets each property that is not set yet, and takes effect only if this server is the
     * first JDK HTTP server of the JVM; then it applies to every JDK HTTP server in the JVM,
     * yours and other libraries'. A value set with {@code -D} wins. Prefer setting the
     * properties with {@code -D} at JVM start, which works whatever starts first.
     */
    public Builder jvmWideJdkTimeLimits(boolean enable) {
      this.jvmWideJdkTimeLimits = enable;
      return this;
    }

    /**
     * Binds the port and starts serving.
     *
     * @throws IOException if the port is taken, the host unknown, a keystore unreadable, or the
     *     server fails to start (the message names the address)
     * @throws IllegalStateException if the TLS settings contradict each other, or {@link
     *     Engine#NIO} is asked for with a custom authenticator
     */
    public HTTPServer buildAndStart() throws IOException {
      SSLContext tls = tlsContext();
      Engine chosen = chooseEngine(tls);
      InetSocketAddress address = bindAddress();
      if (jvmWideJdkTimeLimits && chosen == Engine.JDK) {
        JdkServerLimits.applyDefaults();
      }
      int id = SERVER_IDS.incrementAndGet();
      String name = "promsdk-httpserver-" + id;
      ExecutorService ownPool = executor == null ? DaemonExecutors.boundedPool(threads, name) : null;
      Executor workers = executor == null ? ownPool : executor;
      ScrapeHandler scrapes = new ScrapeHandler(registry,
          executor == null ? threads : ScrapeHandler.DEFAULT_POOL_SIZE, expositionOptions);
      ExporterRoutes routes = new ExporterRoutes(scrapes, metricsPath, requestListener);
      try {
        ServerEngine engine = chosen == Engine.JDK
            ? new JdkEngine(address, backlog, tls, requireClientCertificate, routes, authenticator, workers, ownPool,
                name + "-start")
            : new NioEngine(address, backlog, tls, requireClientCertificate, routes,
                (CredentialAuthenticator) authenticator,
                (head, exchange) -> routes.answer(head.rawPath(), head, exchange),
                workers, ownPool, new ConnectionLimits(headerReadTimeout, idleTimeout, writeTimeout, maxConnections),
                name + "-selector");
        return new HTTPServer(engine, routes, closeTimeout);
      } catch (IOException | RuntimeException | Error e) {
        if (ownPool != null) {
          ownPool.shutdownNow();
        }
        if (e instanceof java.net.BindException) {
          // The JDK's "Address already in use" names no address; the user must fix this one.
          throw (IOException) new java.net.BindException("cannot listen on "
              + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage()
              + " (another process or server holds the port; choose another port, or 0 for a"
              + " free one)").initCause(e);
        }
        throw e;
      }
    }

    private Engine chooseEngine(SSLContext tls) {
      boolean customAuth = authenticator != null && !(authenticator instanceof CredentialAuthenticator);
      if (engine == Engine.NIO && customAuth) {
        throw new IllegalStateException("engine(NIO) checks basicAuth or bearerToken only; a custom authenticator"
            + " needs engine(JDK)");
      }
      if (engine != null) {
        return engine;
      }
      return customAuth ? Engine.JDK : Engine.NIO;
    }

    private SSLContext tlsContext() throws IOException {
      if (sslContext != null && (keyStore != null || trustStore != null)) {
        throw new IllegalStateException("set either sslContext or keyStore/trustStore, not both");
      }
      if (trustStore != null && keyStore == null) {
        throw new IllegalStateException("trustStore needs keyStore: HTTPS needs the server's own key");
      }
      if (requireClientCertificate && sslContext == null && keyStore == null) {
        throw new IllegalStateException("requireClientCertificate needs HTTPS: set keyStore or sslContext");
      }
      if (keyStore != null) {
        return TlsContexts.fromKeyStores(keyStore, keyStorePassword, trustStore, trustStorePassword);
      }
      return sslContext;
    }

    private InetSocketAddress bindAddress() throws UnknownHostException {
      if (inetAddress != null) {
        return new InetSocketAddress(inetAddress, port);
      }
      if (hostname == null) {
        return new InetSocketAddress(port);
      }
      InetSocketAddress address = new InetSocketAddress(hostname, port);
      if (address.isUnresolved()) {
        throw new UnknownHostException("cannot resolve the host to bind: " + hostname);
      }
      return address;
    }
  }
}
