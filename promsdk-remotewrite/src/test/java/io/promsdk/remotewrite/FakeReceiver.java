package io.promsdk.remotewrite;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A remote-write receiver on 127.0.0.1 for fault injection: records every request and answers as
 * its {@link Responder} says (a status, a hang, a reset).
 */
final class FakeReceiver implements AutoCloseable {
  /** One request as it arrived. */
  record Request(Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** An answer: a status with headers, {@link #HANG} (no answer for 30 s) or {@link #RESET}. */
  record Answer(int status, Map<String, String> headers) {
    static final Answer OK = new Answer(204, Map.of());
    static final Answer HANG = new Answer(-1, Map.of());
    /** The connection closed without an answer. */
    static final Answer RESET = new Answer(-2, Map.of());

    static Answer status(int status) {
      return new Answer(status, Map.of());
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Function<Request, Answer> responder = r -> Answer.OK;
  private volatile boolean speaksV2 = true;

  FakeReceiver() throws IOException {
    this(0);
  }

  /** On {@code port} (0: any free one). */
  FakeReceiver(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-receiver");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port() + "/api/v1/write";
  }

  /** Whether a 2xx to a 2.0 request says how many samples it wrote, as 2.0 requires; default true. */
  void speaksV2(boolean speaksV2) {
    this.speaksV2 = speaksV2;
  }

  void respond(Function<Request, Answer> responder) {
    this.responder = responder;
  }

  /** Every request so far, answered or not. */
  List<Request> requests() {
    return requests;
  }

  /** The bodies of the requests answered 2xx, in order of arrival. */
  final List<String> accepted = new CopyOnWriteArrayList<>();

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Request request = new Request(Map.copyOf(exchange.getRequestHeaders()),
          exchange.getRequestBody().readAllBytes());
      requests.add(request);
      Answer answer = responder.apply(request);
      if (answer == Answer.HANG) {
        try {
          TimeUnit.SECONDS.sleep(30);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      if (answer == Answer.RESET) {
        return; // closed by try-with-resources before any response
      }
      answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      if (answer.status() / 100 == 2 && speaksV2 && request.text().startsWith("V2")) {
        // What a 2.0 receiver must answer; a 1.0-only receiver does not.
        exchange.getResponseHeaders().add("X-Prometheus-Remote-Write-Samples-Written", "10");
      }
      if (answer.status() / 100 == 2) {
        accepted.add(request.text());
      }
      byte[] text = (answer.status() / 100 == 2 ? "" : "refused by the fake").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), text.length == 0 ? -1 : text.length);
      if (text.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(text);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
