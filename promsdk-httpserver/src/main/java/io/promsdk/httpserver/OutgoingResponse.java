package io.promsdk.httpserver;

import java.io.IOException;
import java.io.OutputStream;

/**
 * What the {@link NioEngine} writes for one request: the parts of a {@link ScrapeResponse} that go
 * on the wire. An interface of the engine's own, so that tests can hand the engine a body that
 * fails part way (as a streamed scrape may) without a real collector.
 */
interface OutgoingResponse extends AutoCloseable {
  int status();

  String contentType();

  /** {@code Content-Encoding}, or null. */
  String contentEncoding();

  /** {@code Allow}, or null. */
  String allow();

  /** {@code Vary}, or null. */
  String vary();

  /** The body's length, or -1 if it is generated while written (chunked or close-delimited). */
  long contentLength();

  /** Whether the request was a HEAD: the headers of a GET, no body. */
  boolean isHead();

  /** Writes the body; may throw part way through a streamed body. */
  void writeBodyTo(OutputStream out) throws IOException;

  /** Hands back what the response holds (a pooled buffer); called once it is written. */
  @Override
  default void close() {}

  /** The engine's view of {@code response}; closing it closes {@code response}. */
  static OutgoingResponse of(ScrapeResponse response) {
    return new OutgoingResponse() {
      @Override
      public int status() {
        return response.status();
      }

      @Override
      public String contentType() {
        return response.contentType();
      }

      @Override
      public String contentEncoding() {
        return response.contentEncoding();
      }

      @Override
      public String allow() {
        return response.allow();
      }

      @Override
      public String vary() {
        return response.vary();
      }

      @Override
      public long contentLength() {
        return response.contentLength();
      }

      @Override
      public boolean isHead() {
        return response.isHead();
      }

      @Override
      public void writeBodyTo(OutputStream out) throws IOException {
        response.writeBodyTo(out);
      }

      @Override
      public void close() {
        response.close();
      }
    };
  }
}
