package io.promsdk.remotewrite;

import java.net.http.HttpRequest;

/**
 * A hook called before every remote-write request (retries included) on the shard's sending
 * thread, after the builder's own headers are set: it may add headers, e.g. a token that changes
 * over time, as the Pushgateway client's {@code PushHandler} does.
 *
 * <pre>{@code
 * RemoteWrite.builder().url(url).registry(registry)
 *     .handler(request -> request.setHeader("X-BK-TOKEN", tokens.current()))
 *     .start();
 * }</pre>
 *
 * <p>An exception fails that attempt (reason {@code handler}); the batch is retried with backoff,
 * as after a connection error.
 */
@FunctionalInterface
public interface RemoteWriteHandler {
  /** Adjusts the request about to be sent (its URI, method and body are already set). */
  void beforeSend(HttpRequest.Builder request) throws Exception;
}
