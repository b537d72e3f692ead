package io.promsdk.httpserver;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Told of every request the {@link HTTPServer} answers, on either engine: for request metrics of
 * the exporter itself. Its two calls have the parameters of promsdk-instrumentation-http's
 * {@code HttpServerMetrics}, so that two method references fit and neither module depends on the
 * other:
 *
 * <pre>{@code
 * HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
 * HTTPServer server = HTTPServer.builder().port(9400).registry(registry)
 *     .requestListener(RequestListener.of(metrics::requestStarted, metrics::requestFinished))
 *     .buildAndStart();
 * }</pre>
 *
 * <p>Contract: {@link #requestStarted()} is called once the request head has been read, before it
 * is answered; {@link #requestFinished} once for each such call, when the response has been
 * handed to the connection (or failed), on the thread that answered it. The route is the
 * exporter's own: the metrics path ({@code /metrics} by default), {@code /-/healthy}, or null for
 * any other path (a 404), so that clients cannot grow a label set with made-up paths. Requests
 * refused before their head could be read (a malformed or oversized head on the NIO engine) are
 * not reported, nor, on the JDK engine, those its {@code Authenticator} refuses (they never reach
 * the server's handler; the NIO engine reports its {@code 401}s). Both calls must be quick and must not block: on the NIO engine they run on the
 * selector thread for every answer but a scrape. An exception or Error out of either (but the
 * JVM's own {@link VirtualMachineError}s, such as an OutOfMemoryError) is caught and logged (at
 * most once a minute), and never changes the answer. The NIO engine allocates nothing per
 * request for the calls; the JDK engine, only when a listener is set, looks up the response's
 * {@code Content-Length} header, which allocates.
 */
public interface RequestListener {
  /** A request's head was read; returns what {@link #requestFinished} gets as {@code start}. */
  long requestStarted();

  /**
   * A request was answered (or its answer failed).
   *
   * @param start what {@link #requestStarted()} returned for this request
   * @param method the request method as sent, e.g. {@code GET}
   * @param route the metrics path, {@code /-/healthy}, or null for any other path
   * @param rawPath always null: the exporter never hands out raw paths
   * @param status the status answered; 500 when the answer failed before a status was sent
   * @param failure what failed the answer (the client went away, a collector threw part way),
   *     or null
   * @param requestBytes always -1: the exporter reads no request body
   * @param responseBytes the response body's length where the response states it (0 for
   *     {@code HEAD}), else -1 (a streamed or compressed scrape)
   */
  void requestFinished(long start, String method, String route, String rawPath, int status,
      Throwable failure, long requestBytes, long responseBytes);

  /** The {@link #requestFinished} half, for {@link #of}. */
  @FunctionalInterface
  interface Finished {
    /** See {@link RequestListener#requestFinished}. */
    void requestFinished(long start, String method, String route, String rawPath, int status,
        Throwable failure, long requestBytes, long responseBytes);
  }

  /** A listener of two functions, e.g. the method references of a request recorder (see above). */
  static RequestListener of(LongSupplier started, Finished finished) {
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(finished, "finished");
    return new RequestListener() {
      @Override
      public long requestStarted() {
        return started.getAsLong();
      }

      @Override
      public void requestFinished(long start, String method, String route, String rawPath,
          int status, Throwable failure, long requestBytes, long responseBytes) {
        finished.requestFinished(start, method, route, rawPath, status, failure, requestBytes,
            responseBytes);
      }
    };
  }
}
