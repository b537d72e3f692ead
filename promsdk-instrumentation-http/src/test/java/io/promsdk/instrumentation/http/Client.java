package io.promsdk.instrumentation.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends requests to a server on 127.0.0.1 and returns the status, or -1 when the server closed. */
final class Client {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;

  Client(int port) {
    this.port = port;
  }

  int get(String path) throws InterruptedException {
    return send("GET", path);
  }

  /** A POST: unlike a GET, the JDK client does not resend it when the server closes the connection. */
  int post(String path) throws InterruptedException {
    return send("POST", path);
  }

  private int send(String method, String path) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.ofString("x"))
        .timeout(Duration.ofSeconds(10)).build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException closedByServer) {
      return -1;
    }
  }
}
