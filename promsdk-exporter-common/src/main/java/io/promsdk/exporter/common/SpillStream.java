package io.promsdk.exporter.common;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream a scrape writes its metrics into, so that each collector runs once per scrape
 * however large the body: it fills a {@link ReusableBuffer} up to a limit and, at the first write
 * that would pass it, <em>spills</em>: commits the response as streamed ({@code contentLength -1})
 * through the {@link ScrapeExchange}, hands what is buffered to the transport's stream (through
 * gzip if negotiated) and sends every later write straight on. A format thus writes its body in
 * one pass, whether it ends up buffered or streamed.
 *
 * <p>For a {@code HEAD} the spill commits the headers and then ends the body with {@link
 * LimitReached}: there is nothing to send, so the collectors are not run further.
 *
 * <p>One per pooled response, so a scrape allocates nothing here. Invariants: {@link #spilled} turns
 * true once per scrape, before the commit, and {@link #target} is set right after it (a {@code
 * HEAD} never gets one); {@link #start} and {@link #detach} bracket one scrape; after {@link
 * #detach} the stream holds no exchange, encoder or transport stream.
 */
final class SpillStream extends OutputStream {
  private final ReusableBuffer buffer;
  private final int limit;
  private final byte[] oneByte = new byte[1];

  private ScrapeResponse response;
  private ScrapeExchange exchange;
  private GzipEncoder gzip;
  private boolean spilled;
  /** Where writes go after the spill: the transport's stream, or the gzip stream in front of it. */
  private OutputStream target;

  SpillStream(ReusableBuffer buffer, int limit) {
    this.buffer = buffer;
    this.limit = limit;
  }

  /**
   * Prepares for one scrape into an empty buffer.
   *
   * @param response what {@link ScrapeExchange#commit} gets on a spill; its {@code
   *     contentLength()} must answer {@code -1} once {@link #spilled()} is true
   * @param gzip the encoder for a gzipped body, or null for identity
   */
  void start(ScrapeResponse response, ScrapeExchange exchange, GzipEncoder gzip) {
    this.response = response;
    this.exchange = exchange;
    this.gzip = gzip;
    this.spilled = false;
    this.target = null;
  }

  /** Whether the body passed the limit, so that the response is committed and streaming. */
  boolean spilled() {
    return spilled;
  }

  @Override
  public void write(int b) throws IOException {
    oneByte[0] = (byte) b;
    write(oneByte, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (!spilled) {
      if (len <= limit - buffer.size()) {
        buffer.write(b, off, len);
        return;
      }
      spill();
    }
    target.write(b, off, len);
  }

  private void spill() throws IOException {
    spilled = true; // from here on the response answers contentLength -1, also during commit
    OutputStream transport = exchange.commit(response);
    if (response.isHead()) {
      throw new LimitReached();
    }
    target = gzip == null ? transport : gzip.start(transport);
    target.write(buffer.array(), 0, buffer.size());
    buffer.reset();
  }

  /** Ends a spilled body: the last compressed bytes and the gzip trailer, if gzipped. */
  void finish() throws IOException {
    if (gzip != null) {
      gzip.finish();
    }
  }

  /** Forgets the scrape's exchange, encoder and transport stream, finished or not. */
  void detach() {
    if (gzip != null) {
      gzip.detach();
    }
    response = null;
    exchange = null;
    gzip = null;
    spilled = false;
    target = null;
  }

  /**
   * Ends the body of a {@code HEAD} at the spill. An {@link IOException}, because that is what a
   * format lets through from its stream untouched, whereas a {@link RuntimeException} could be
   * taken for a failing collector. Without a stack trace: it is control flow.
   */
  static final class LimitReached extends IOException {
    private static final long serialVersionUID = 1L;

    LimitReached() {
      super("HEAD: headers sent, no body");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
