package io.promsdk.httpserver;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An embedded HTTP server exposing a registry for Prometheus to scrape, built on the JDK's {@code
 * com.sun.net.httpserver}: no other dependency.
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
 * Its threads are daemon threads: a running server never keeps the JVM alive. {@link #close}
 * stops accepting scrapes, lets running ones finish (up to the close timeout) and frees the port.
 */
public final class HTTPServer implements AutoCloseable {
  private static final AtomicInteger SERVER_IDS = new AtomicInteger();

  private final HttpServer server;
  private final ExporterHandler handler;
  private final ExecutorService ownExecutor;
  private final Duration closeTimeout;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HTTPServer(HttpServer server, ExporterHandler handler, ExecutorService ownExecutor, Duration closeTimeout) {
    this.server = server;
    this.handler = handler;
    this.ownExecutor = ownExecutor;
    this.closeTimeout = closeTimeout;
  }

  /** A builder; {@link Builder#buildAndStart()} starts the server. */
  public static Builder builder() {
    return new Builder();
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
    return server.getAddress().getPort();
  }

  /** The address and port the server listens on. */
  public InetSocketAddress getAddress() {
    return server.getAddress();
  }

  /**
   * Stops the server: new requests get {@code 503}, requests in flight get up to the close
   * timeout to finish; then the server's own threads are interrupted (a scrape still running gets
   * no answer), and the port and threads are released. Returns within about the close timeout,
   * even when a collector hangs. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    handler.startClosing();
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    boolean interrupted = false;
    while (handler.inFlight() > 0 && System.nanoTime() < deadline && !interrupted) {
      interrupted = !sleepQuietly(10);
    }
    // Our pool goes first: HttpServer.stop() waits for the JDK's dispatcher thread without a time
    // limit, so nothing the dispatcher could be waiting on may still be running then.
    if (ownExecutor != null) {
      ownExecutor.shutdown(); // Queued requests still run, and get 503 at once.
      try {
        if (!ownExecutor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          ownExecutor.shutdownNow(); // Interrupts scrapes still running; drops requests still queued.
        }
      } catch (InterruptedException e) {
        ownExecutor.shutdownNow();
        interrupted = true;
      }
    }
    // stop(0): the JDK's own grace period always waits its full length, even when idle. It closes
    // every connection, so requests dropped from the queue above are not left hanging.
    server.stop(0);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * Starts {@code server} from a daemon thread, so that the dispatcher thread the JDK creates is a
   * daemon too, and reports a failure to start to the caller.
   *
   * @throws IOException naming the address, if {@code start()} throws a runtime exception
   */
  static void startOnDaemonThread(HttpServer server, String threadName) throws IOException {
    try {
      DaemonExecutors.runOnDaemonThread(server::start, threadName);
    } catch (RuntimeException e) {
      throw new IOException("could not start the HTTP server on " + server.getAddress() + ": " + e, e);
    }
  }

  @Override
  public String toString() {
    return "HTTPServer[" + (server instanceof HttpsServer ? "https" : "http") + "://" + getAddress() + "]";
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
    private ExpositionOptions expositionOptions = ExpositionOptions.defaults();

    private Builder() {}

    /**
     * How scrapes are written; default {@link ExpositionOptions#defaults()} (no {@code _created}
     * samples unless {@code -Dpromsdk.createdTimestamps=true}). For example {@code
     * expositionOptions(ExpositionOptions.builder().createdTimestamps(true).build())}.
     */
    public Builder expositionOptions(ExpositionOptions options) {
      this.expositionOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** The port; 0 (the default) picks a free one, see {@link HTTPServer#getPort()}. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The host name or IP address to bind; default: all interfaces. */
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
      if (path == null || !path.startsWith("/") || ExporterHandler.HEALTH_PATH.equals(path)) {
        throw new IllegalArgumentException("metricsPath must start with '/' and not be "
            + ExporterHandler.HEALTH_PATH + ", got " + path);
      }
      this.metricsPath = path;
      return this;
    }

    /**
     * Runs requests on {@code executor} instead of the server's own pool. The caller owns it:
     * {@link HTTPServer#close()} does not shut it down, nor interrupt what runs on it.
     *
     * <p>Its {@code execute} must not block and must not run the task on the calling thread (as
     * {@code CallerRunsPolicy} does): the caller is the JDK's single dispatcher thread, and while
     * it waits the server accepts no connection and {@code close()} cannot finish. When it is
     * full, throw {@link java.util.concurrent.RejectedExecutionException}: the JDK then closes
     * that connection without an answer.
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The size of the server's own pool of daemon threads; default 5. Up to 256 more requests
     * wait for a thread; beyond that the server closes new connections without an answer rather
     * than let them pile up.
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
     * them; default 0, the system's default.
     */
    public Builder backlog(int backlog) {
      if (backlog < 0) {
        throw new IllegalArgumentException("backlog must be 0 (the system default) or more, got " + backlog);
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

    /** Requires HTTP basic authentication with this user and password on every path. */
    public Builder basicAuth(String user, String password) {
      return auth(CredentialAuthenticator.basic(
          Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password")), "basicAuth");
    }

    /** Requires {@code Authorization: Bearer <token>} on every path. */
    public Builder bearerToken(String token) {
      return auth(CredentialAuthenticator.bearer(Objects.requireNonNull(token, "token")), "bearerToken");
    }

    /** Authenticates every request with a JDK {@link Authenticator} of your own. */
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
     * Sets time limits for reading a request (60 s) and writing a response (600 s) in the JDK's
     * HTTP server, so that a client that sends its request slowly cannot hold a pool thread for
     * ever. Default: off, the JDK's own default of no limit.
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
     *     JDK's server fails to start (the message names the address)
     * @throws IllegalStateException if the TLS settings contradict each other
     */
    public HTTPServer buildAndStart() throws IOException {
      SSLContext tls = tlsContext();
      InetSocketAddress address = bindAddress();
      if (jvmWideJdkTimeLimits) {
        JdkServerLimits.applyDefaults();
      }
      int id = SERVER_IDS.incrementAndGet();
      ExecutorService ownExecutor = executor == null
          ? DaemonExecutors.boundedPool(threads, "promsdk-httpserver-" + id) : null;
      HttpServer server = null;
      try {
        server = tls == null ? HttpServer.create(address, backlog) : https(address, tls);
        ScrapeHandler scrapes = new ScrapeHandler(registry,
            executor == null ? threads : ScrapeHandler.DEFAULT_POOL_SIZE, expositionOptions);
        ExporterHandler handler = new ExporterHandler(scrapes, metricsPath);
        HttpContext context = server.createContext("/", handler);
        if (authenticator != null) {
          context.setAuthenticator(authenticator);
        }
        server.setExecutor(executor == null ? ownExecutor : executor);
        startOnDaemonThread(server, "promsdk-httpserver-" + id + "-start");
        return new HTTPServer(server, handler, ownExecutor, closeTimeout);
      } catch (IOException | RuntimeException | Error e) {
        if (server != null) {
          stopQuietly(server, e);
        }
        if (ownExecutor != null) {
          ownExecutor.shutdownNow();
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

    private static void stopQuietly(HttpServer server, Throwable cause) {
      try {
        server.stop(0); // Frees the port that create() bound.
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }

    private HttpsServer https(InetSocketAddress address, SSLContext tls) throws IOException {
      HttpsServer server = HttpsServer.create(address, backlog);
      boolean needClientAuth = requireClientCertificate;
      server.setHttpsConfigurator(new HttpsConfigurator(tls) {
        @Override
        public void configure(HttpsParameters params) {
          SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
          parameters.setNeedClientAuth(needClientAuth);
          params.setSSLParameters(parameters);
        }
      });
      return server;
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
