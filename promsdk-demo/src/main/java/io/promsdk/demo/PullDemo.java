package io.promsdk.demo;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.httpserver.HTTPServer;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The guide's pull demo: {@code start_http_server(PORT, HOST, Registry)} and the update loop. */
final class PullDemo implements AutoCloseable {
  private final HTTPServer server;
  private final ScheduledExecutorService updates;

  private PullDemo(HTTPServer server, ScheduledExecutorService updates) {
    this.server = server;
    this.updates = updates;
  }

  /** Starts serving and updating; returns at once. */
  static PullDemo start(DemoOptions options) throws IOException {
    CollectorRegistry registry = new CollectorRegistry();
    SeedMetrics metrics = new SeedMetrics(registry, new Random());
    HTTPServer server = HTTPServer.start(options.port(), options.host(), registry);
    ScheduledExecutorService updates = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "promsdk-demo-updates");
      t.setDaemon(true);
      return t;
    });
    updates.scheduleAtFixedRate(metrics::update, 0, options.intervalSeconds(), TimeUnit.SECONDS);
    return new PullDemo(server, updates);
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    updates.shutdownNow();
    server.close();
  }
}
