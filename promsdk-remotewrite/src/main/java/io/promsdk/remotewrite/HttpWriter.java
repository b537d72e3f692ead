package io.promsdk.remotewrite;

import io.promsdk.exporter.common.push.Retry;
import io.promsdk.exporter.common.push.Secret;
import io.promsdk.exporter.common.push.SenderClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts encoded request bodies to one remote-write URL with the JDK HTTP client, with the
 * protocol's headers, the builder's headers and auth, and the user's {@link RemoteWriteHandler}.
 * Thread-safe: every shard posts through the same writer (the JDK client pools connections).
 */
final class HttpWriter {
  /** Bytes of a response body kept for the log; the rest is read and dropped. */
  static final int MAX_RESPONSE_BYTES = 1024;
  static final String SAMPLES_WRITTEN = "X-Prometheus-Remote-Write-Samples-Written";
  static final String USER_AGENT = "promsdk/" + Optional.ofNullable(
      HttpWriter.class.getPackage().getImplementationVersion()).orElse("dev");

  /**
   * A receiver's answer: status, the {@code Retry-After} it asked for (if any), the body's start,
   * and whether it said how many samples it wrote ({@code X-Prometheus-Remote-Write-Samples-Written},
   * which remote write 2.0 requires of a receiver and 1.0 receivers do not send).
   */
  record Response(int status, Duration retryAfter, String body, boolean countsWritten) {}

  private final HttpClient client;
  private final URI uri;
  private final List<Map.Entry<String, Secret>> headers;
  private final RemoteWriteHandler handler;
  private final List<String> secrets;
  private final SenderClock clock;

  HttpWriter(HttpClient client, URI uri, List<Map.Entry<String, Secret>> headers,
      RemoteWriteHandler handler, SenderClock clock) {
    this.client = client;
    this.uri = uri;
    this.headers = List.copyOf(headers);
    this.handler = handler;
    this.clock = clock;
    // Also the bare token, user:password and password of Authorization, as the Pushgateway
    // client masks them: a receiver may echo those rather than the whole header value.
    Set<String> all = new HashSet<>();
    for (Map.Entry<String, Secret> h : headers) {
      all.add(h.getValue().reveal());
      if (h.getKey().equalsIgnoreCase("Authorization")) {
        Secret.addCredentials(all, h.getValue().reveal());
      }
    }
    this.secrets = List.copyOf(all);
  }

  /**
   * Sends {@code body} (an encoded request of {@code protocol}) and returns the answer, whatever
   * its status; gives up after {@code timeout}, the response body included.
   *
   * @throws IOException for a connection problem or a timeout ({@link Retry#reason} names it)
   * @throws HandlerException if the user's handler threw
   */
  Response post(RemoteWriteProtocol protocol, RequestBuffer body, Duration timeout)
      throws IOException, HandlerException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.array(), 0, body.length()));
    protocolHeaders(protocol, request);
    for (Map.Entry<String, Secret> header : headers) {
      request.setHeader(header.getKey(), header.getValue().reveal());
    }
    if (handler != null) {
      try {
        handler.beforeSend(request);
      } catch (Exception e) {
        throw new HandlerException(e);
      }
    }
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    CompletableFuture<HttpResponse<Void>> future = client.sendAsync(request.build(),
        HttpResponse.BodyHandlers.ofByteArrayConsumer(chunk -> chunk.ifPresent(bytes ->
            kept.write(bytes, 0, Math.min(bytes.length, MAX_RESPONSE_BYTES - kept.size())))));
    HttpResponse<Void> response;
    try {
      // The request timeout covers the wait for the headers only; this also bounds a body that
      // never ends, so that no request outlives its timeout.
      response = future.get(timeout.toMillis() + 50, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new HttpTimeoutException("POST " + uri + " timed out after " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("POST " + uri + " interrupted");
    } catch (ExecutionException e) {
      throw translate(e.getCause());
    }
    String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
    return new Response(response.statusCode(),
        retryAfter == null ? null : Retry.parseRetryAfter(retryAfter, clock),
        Secret.maskAll(kept.toString(StandardCharsets.UTF_8), secrets),
        response.headers().firstValue(SAMPLES_WRITTEN).isPresent());
  }

  /** The headers the remote-write spec asks for; the builder refuses to let users set these. */
  static void protocolHeaders(RemoteWriteProtocol protocol, HttpRequest.Builder request) {
    request.setHeader("Content-Encoding", "snappy");
    request.setHeader("User-Agent", USER_AGENT);
    if (protocol == RemoteWriteProtocol.V2) {
      request.setHeader("Content-Type", "application/x-protobuf;proto=io.prometheus.write.v2.Request");
      request.setHeader("X-Prometheus-Remote-Write-Version", "2.0.0");
    } else {
      request.setHeader("Content-Type", "application/x-protobuf");
      request.setHeader("X-Prometheus-Remote-Write-Version", "0.1.0");
    }
  }

  /** Keeps the exception type ({@link Retry#reason} classifies by it) but names the request. */
  private IOException translate(Throwable cause) {
    String what = "POST " + uri;
    IOException result;
    if (cause instanceof HttpTimeoutException) {
      result = new HttpTimeoutException(what + " timed out");
    } else if (cause instanceof ConnectException) {
      result = new ConnectException(what + ": cannot connect"
          + (cause.getMessage() != null ? ": " + cause.getMessage() : ""));
    } else {
      result = new IOException(what + " failed: " + cause);
    }
    result.initCause(cause);
    return result;
  }

  /** The user's {@link RemoteWriteHandler} threw. */
  static final class HandlerException extends Exception {
    private static final long serialVersionUID = 1L;

    HandlerException(Exception cause) {
      super("the remote-write handler threw: " + cause, cause);
    }
  }
}
