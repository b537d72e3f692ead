package io.promsdk.instrumentation.http.example;

import com.sun.net.httpserver.HttpServer;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.instrumentation.http.HttpServerMetrics;
import io.promsdk.instrumentation.http.JdkHttpServerMetricsFilter;
import java.net.InetSocketAddress;

/** A JDK HttpServer on 127.0.0.1:PORT with request metrics, served at /metrics. */
public final class JdkServerExample {
  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    CollectorRegistry registry = new CollectorRegistry();
    HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    // The context path is the route: /users/1 and /users/2 are both uri="/users".
    server.createContext("/users", exchange -> {
      byte[] body = "a user\n".getBytes();
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    }).getFilters().add(new JdkHttpServerMetricsFilter(metrics));
    server.createContext("/metrics", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", ExpositionFormat.PROMETHEUS_TEXT.contentType());
      exchange.sendResponseHeaders(200, 0);
      ExpositionFormat.PROMETHEUS_TEXT.write(exchange.getResponseBody(), registry);
      exchange.close();
    });
    server.start();
  }
}
