package io.promsdk.exporter.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * What a {@link ScrapeHandler} sent through a {@link ScrapeExchange}: the headers at commit and
 * the body bytes as written (gzipped if negotiated). For tests that look at one answer; a
 * transport without HTTP around it.
 */
class Captured implements ScrapeExchange, AutoCloseable {
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private int commits;
  private int status;
  private String contentType;
  private String contentEncoding;
  private String allow;
  private String vary;
  private long contentLength;
  private boolean head;

  /** The request as a {@link ScrapeRequest}; null values for what the request does not have. */
  record Request(String method, String rawQuery, String accept, String acceptEncoding) implements ScrapeRequest {
    @Override
    public String header(String name) {
      return name.equalsIgnoreCase("Accept") ? accept
          : name.equalsIgnoreCase("Accept-Encoding") ? acceptEncoding : null;
    }
  }

  /** Handles the request and returns what was sent; throws what {@link ScrapeHandler#handle} throws. */
  static Captured handle(ScrapeHandler handler, String method, String rawQuery, String accept, String acceptEncoding)
      throws IOException {
    Captured captured = new Captured();
    captured.capture(handler, method, rawQuery, accept, acceptEncoding);
    return captured;
  }

  /** Handles the request into this capture, so that what was committed before a failure can be read. */
  void capture(ScrapeHandler handler, String method, String rawQuery, String accept, String acceptEncoding)
      throws IOException {
    handler.handle(new Request(method, rawQuery, accept, acceptEncoding), this);
  }

  @Override
  public OutputStream commit(ScrapeResponse response) {
    commits++;
    if (commits > 1) {
      throw new AssertionError("committed twice");
    }
    status = response.status();
    contentType = response.contentType();
    contentEncoding = response.contentEncoding();
    allow = response.allow();
    vary = response.vary();
    contentLength = response.contentLength();
    head = response.isHead();
    return body;
  }

  boolean committed() {
    return commits == 1;
  }

  int status() {
    return status;
  }

  String contentType() {
    return contentType;
  }

  String contentEncoding() {
    return contentEncoding;
  }

  String allow() {
    return allow;
  }

  String vary() {
    return vary;
  }

  long contentLength() {
    return contentLength;
  }

  boolean isHead() {
    return head;
  }

  /** The body bytes as sent. */
  byte[] bytes() {
    return body.toByteArray();
  }

  void writeBodyTo(OutputStream out) throws IOException {
    body.writeTo(out);
  }

  @Override
  public void close() {
    // Nothing held: lets the tests keep their try-with-resources shape.
  }
}
