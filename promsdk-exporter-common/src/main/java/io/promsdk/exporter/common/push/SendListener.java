package io.promsdk.exporter.common.push;

/**
 * What a {@link PeriodicSender} reports as it goes, for a sender's self metrics (the Pushgateway
 * client's {@code promsdk_push_*} implement it). Called on the sender's threads; an exception
 * thrown here fails that operation only. Every method does nothing by default.
 */
public interface SendListener {
  /** A request is about to be sent (each retry included). */
  default void attempt() {}

  /** A request failed; {@code reason} as {@link Retry#reason}. */
  default void failure(String reason) {}

  /** {@code ticks} ticks were not sent: {@code busy} (the previous one still ran) or {@code retry_after}. */
  default void skipped(String reason, long ticks) {}

  /**
   * An operation ended, after its retries.
   *
   * @param label the operation's label, e.g. {@code push}
   * @param success whether one of its attempts succeeded
   * @param seconds how long it took, retries and waits between them included
   * @param epochMillis the sender's clock when it ended
   */
  default void operation(String label, boolean success, double seconds, long epochMillis) {}

  /**
   * An operation failed outside its requests: what it sends (a collector, say), a handler or a
   * log handler threw. Counts as a failure with reason {@code error} and a failed operation.
   */
  default void unexpectedFailure(String label) {}
}
