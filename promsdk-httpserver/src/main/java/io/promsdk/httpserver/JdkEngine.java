package io.promsdk.httpserver;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK's {@code com.sun.net.httpserver} as the engine: used for a custom {@link
 * Authenticator}, and when chosen with {@link HTTPServer.Engine#JDK}. It reads request heads on
 * the pool's threads, with only JVM-wide limits (see {@link JdkServerLimits}), so slow clients can
 * take every thread; the {@link NioEngine} cannot be held that way.
 */
final class JdkEngine implements ServerEngine {
  private final HttpServer server;
  private final ExporterHandler handler;
  private final ExecutorService ownPool;

  /**
   * @param tls the HTTPS context, or null for HTTP
   * @param authenticator checks every request, or null
   */
  JdkEngine(InetSocketAddress address, int backlog, SSLContext tls, boolean needClientAuth, ExporterRoutes routes,
      Authenticator authenticator, Executor executor, ExecutorService ownPool, String threadName) throws IOException {
    this.ownPool = ownPool;
    this.handler = new ExporterHandler(routes);
    server = tls == null ? HttpServer.create(address, backlog) : https(address, backlog, tls, needClientAuth);
    try {
      HttpContext context = server.createContext("/", handler);
      if (authenticator != null) {
        context.setAuthenticator(authenticator);
      }
      server.setExecutor(executor);
      startOnDaemonThread(server, threadName);
    } catch (IOException | RuntimeException | Error e) {
      try {
        server.stop(0); // Frees the port that create() bound.
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static HttpsServer https(InetSocketAddress address, int backlog, SSLContext tls, boolean needClientAuth)
      throws IOException {
    HttpsServer server = HttpsServer.create(address, backlog);
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
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public boolean isHttps() {
    return server instanceof HttpsServer;
  }

  @Override
  public boolean close(long deadlineNanos) {
    // Our pool goes first: HttpServer.stop() waits for the JDK's dispatcher thread without a time
    // limit, so nothing the dispatcher could be waiting on may still be running then.
    boolean interrupted = DaemonExecutors.drain(handler::inFlight, ownPool, deadlineNanos);
    // stop(0): the JDK's own grace period always waits its full length, even when idle. It closes
    // every connection, so requests dropped from the queue above are not left hanging.
    server.stop(0);
    return interrupted;
  }
}
