package io.promsdk.pushgateway;

import java.io.IOException;

/**
 * A hook around every request the client sends, as powerful as the Python client's {@code
 * handler}: it sees the method, URI, headers, body and timeout, may change headers, query
 * parameters or anything else, and then calls (or wraps, or replaces) the default sending.
 *
 * <p>The seed's {@code bk_handler}, which adds the platform token to every push:
 *
 * <pre>{@code
 * PushHandler bkHandler = (request, next) -> {
 *   PushRequest withToken = request.withHeader("X-BK-TOKEN", TOKEN);
 *   System.out.println(withToken);   // toString() masks the token
 *   return next.send(withToken);
 * };
 * PushGateway pg = PushGateway.builder().address(ADDR).job(JOBNAME)
 *     .groupingKey("instance", "my.host.ip").registry(registry).handler(bkHandler).build();
 * }</pre>
 *
 * <p>The request already carries everything the builder configured (auth, headers, query
 * parameters, {@code Content-Type}, {@code Content-Encoding}). The client checks the returned
 * response: anything but a 2xx status becomes a {@link PushException}.
 */
@FunctionalInterface
public interface PushHandler {

  /**
   * Handles one request.
   *
   * @param request what is about to be sent
   * @param next the default sending (the JDK HTTP client, with the body size limit)
   * @return the response to report
   * @throws IOException if sending fails
   */
  PushResponse handle(PushRequest request, Sender next) throws IOException;

  /** Sends a request and returns the gateway's answer, whatever its status. */
  @FunctionalInterface
  interface Sender {
    PushResponse send(PushRequest request) throws IOException;
  }
}
