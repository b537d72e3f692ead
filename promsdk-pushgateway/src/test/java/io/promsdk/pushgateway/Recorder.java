package io.promsdk.pushgateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A loopback HTTP server that records every request and answers from a script of faults: a
 * status (with headers and body) or a hang. Unscripted requests get 200.
 */
final class Recorder implements AutoCloseable {

  /** One recorded request; the body is decompressed when it was gzip-encoded. */
  record Request(
      String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
      byte[] rawBody, long receivedNanos) {

    String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.get(0);
    }

    String body() {
      try {
        if ("gzip".equals(header("Content-Encoding"))) {
          try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(rawBody))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
        }
      } catch (IOException e) {
        throw new AssertionError("bad gzip body", e);
      }
      return new String(rawBody, StandardCharsets.UTF_8);
    }
  }

  /** A scripted answer; {@code echo} answers with the request's headers and query instead of the body. */
  record Answer(int status, Map<String, String> headers, String body, long hangMillis, boolean echo) {
    static Answer status(int status, String body) {
      return new Answer(status, Map.of(), body, 0, false);
    }

    static Answer retryAfter(int status, String retryAfter) {
      return new Answer(status, Map.of("Retry-After", retryAfter), "slow down", 0, false);
    }

    static Answer hang(long millis) {
      return new Answer(200, Map.of(), "", millis, false);
    }

    /** Like a careless front: repeats every request header and the query, raw and decoded. */
    static Answer echo(int status) {
      return new Answer(status, Map.of(), "", 0, true);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "recorder");
    t.setDaemon(true);
    return t;
  });
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Deque<Answer> script = new ArrayDeque<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile Answer fallback = Answer.status(200, "");

  Recorder() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code 127.0.0.1:port}. */
  String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues answers for the next requests, in order. */
  synchronized Recorder then(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /** The answer once the script is used up. */
  Recorder otherwise(Answer answer) {
    fallback = answer;
    return this;
  }

  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  Request last() {
    if (requests.isEmpty()) {
      throw new AssertionError("no request was received");
    }
    return requests.get(requests.size() - 1);
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  /** Requests being answered right now (received, answer not yet sent). */
  int inFlight() {
    return inFlight.get();
  }

  private synchronized Answer next() {
    Answer a = script.poll();
    return a == null ? fallback : a;
  }

  private void handle(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try (exchange) {
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
      byte[] body = exchange.getRequestBody().readAllBytes();
      requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
          exchange.getRequestURI().getRawQuery(), headers, body, System.nanoTime()));
      Answer answer = next();
      if (answer.hangMillis() > 0) {
        try {
          Thread.sleep(answer.hangMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      String text = answer.echo() ? echo(exchange) : answer.body();
      byte[] out = text.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private static String echo(HttpExchange exchange) {
    StringBuilder sb = new StringBuilder("refused; you sent:");
    exchange.getRequestHeaders().forEach((name, values) ->
        values.forEach(v -> sb.append('\n').append(name).append(": ").append(v)));
    String rawQuery = exchange.getRequestURI().getRawQuery();
    sb.append("\nquery: ").append(rawQuery)
        .append("\ndecoded query: ").append(exchange.getRequestURI().getQuery());
    return sb.toString();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
