package io.promsdk.pushgateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The default {@link PushHandler.Sender}: the JDK HTTP client, with the body size limit. */
final class HttpSender implements PushHandler.Sender {
  // Bytes of a response body kept; the rest is read and dropped so the connection stays usable.
  private static final int MAX_RESPONSE_BYTES = PushResponse.MAX_BODY_CHARS * 4;

  private final HttpClient client;
  private final long maxBodyBytes;

  HttpSender(HttpClient client, long maxBodyBytes) {
    this.client = client;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public PushResponse send(PushRequest request) throws IOException {
    if (request.bodyLength() > maxBodyBytes) {
      throw new PushBodyTooLargeException(
          request.method(), request.redactedUri(), request.bodyLength(), maxBodyBytes);
    }
    CompletableFuture<HttpResponse<String>> future =
        client.sendAsync(toHttpRequest(request), info -> boundedBody());
    // The request timeout only covers the wait for the response headers; this deadline also
    // covers a body that never ends, so that no push outlives its timeout.
    long waitMillis = request.timeout().toMillis() + 50;
    HttpResponse<String> response;
    try {
      response = future.get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new HttpTimeoutException(
          describe(request) + " timed out after " + request.timeout().toMillis() + " ms");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted =
          new InterruptedIOException(describe(request) + " interrupted");
      interrupted.initCause(e);
      throw interrupted;
    } catch (ExecutionException e) {
      throw translate(request, e.getCause());
    }
    return new PushResponse(response.statusCode(), response.headers().map(), response.body());
  }

  /**
   * The JDK request for {@code request}. The JDK's own messages repeat a refused header value or
   * the whole URI (query parameters included), which may be a token; they are replaced by ones
   * that name only the header, or show the redacted URI, and the JDK exception is not attached.
   */
  static HttpRequest toHttpRequest(PushRequest request) {
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder(request.uri());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the HTTP client refuses the URI " + request.redactedUri()
          + " (it needs http or https and a host name it accepts, e.g. no '_')");
    }
    try {
      builder.timeout(request.timeout()).method(request.method(),
          request.bodyLength() == 0 && request.method().equals("DELETE")
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(request.bodyUnsafe()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the HTTP client refuses method " + request.method());
    }
    for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
      for (String value : header.getValue()) {
        setHeader(builder, header.getKey(), value);
      }
    }
    return builder.build();
  }

  static void setHeader(HttpRequest.Builder builder, String name, String value) {
    try {
      builder.header(name, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the HTTP client refuses header " + name + " or its value (not shown); refused");
    }
  }

  private static String describe(PushRequest request) {
    return request.method() + " " + request.redactedUri();
  }

  /** Keeps the exception type (the scheduler classifies by it) but names the request. */
  private static IOException translate(PushRequest request, Throwable cause) {
    String what = describe(request);
    String detail = cause.getMessage() != null ? cause.getMessage()
        : cause instanceof ConnectException ? "connection refused" : cause.getClass().getSimpleName();
    IOException result;
    if (cause instanceof HttpConnectTimeoutException) {
      result = new HttpConnectTimeoutException(what + ": connect timed out");
    } else if (cause instanceof HttpTimeoutException) {
      result = new HttpTimeoutException(
          what + " timed out after " + request.timeout().toMillis() + " ms");
    } else if (cause instanceof ConnectException && isUnresolved(cause)) {
      // The JDK reports an unknown host as a ConnectException without a message.
      result = new ConnectException(what + ": unknown host " + request.uri().getHost()
          + " (the name does not resolve; check the gateway address)");
    } else if (cause instanceof ConnectException) {
      result = new ConnectException(what + ": cannot connect: " + detail);
    } else if (cause instanceof IOException) {
      result = new IOException(what + " failed: " + detail);
    } else if (cause instanceof RuntimeException || cause instanceof Error) {
      result = new IOException(what + " failed: " + cause);
    } else {
      result = new IOException(what + " failed: " + detail);
    }
    result.initCause(cause);
    return result;
  }

  private static boolean isUnresolved(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  private static HttpResponse.BodySubscriber<String> boundedBody() {
    BoundedCollector collector = new BoundedCollector();
    return HttpResponse.BodySubscribers.fromSubscriber(collector, BoundedCollector::text);
  }

  /** Keeps the first {@link #MAX_RESPONSE_BYTES} bytes of a body and drops the rest. */
  private static final class BoundedCollector implements Flow.Subscriber<List<ByteBuffer>> {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        int room = MAX_RESPONSE_BYTES - kept.size();
        int n = Math.min(room, buffer.remaining());
        if (n > 0) {
          byte[] bytes = new byte[n];
          buffer.get(bytes);
          kept.write(bytes, 0, n);
        }
      }
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}

    String text() {
      return kept.toString(StandardCharsets.UTF_8);
    }
  }
}
