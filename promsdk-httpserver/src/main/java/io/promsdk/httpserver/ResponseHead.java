package io.promsdk.httpserver;

import io.promsdk.exporter.common.ScrapeResponse;
import java.nio.charset.StandardCharsets;

/** The status line and headers of a response written by the {@link NioEngine}. */
final class ResponseHead {
  private ResponseHead() {}

  /** How the body of a response is delimited on the wire. */
  enum Framing {
    /** {@code Content-Length}. */
    LENGTH,
    /** {@code Transfer-Encoding: chunked} (HTTP/1.1, length unknown). */
    CHUNKED,
    /** The end of the body is the end of the connection (HTTP/1.0, length unknown). */
    CLOSE;

    static Framing of(long contentLength, boolean http10) {
      return contentLength >= 0 ? LENGTH : http10 ? CLOSE : CHUNKED;
    }
  }

  /**
   * The head for {@code response}.
   *
   * @param contentLength the body's length (of the GET's body for a HEAD), or -1 if unknown
   * @param framing from {@link Framing#of}
   * @param close whether the server closes the connection after this response
   * @param extraHeaders more header lines, each ending in CRLF, e.g. {@code WWW-Authenticate}; or null
   */
  static byte[] render(
      ScrapeResponse response, long contentLength, Framing framing, boolean close, String extraHeaders) {
    StringBuilder head = new StringBuilder(192);
    head.append("HTTP/1.1 ").append(response.status()).append(' ').append(reason(response.status())).append("\r\n");
    head.append("Content-Type: ").append(response.contentType()).append("\r\n");
    header(head, "Content-Encoding", response.contentEncoding());
    header(head, "Vary", response.vary());
    header(head, "Allow", response.allow());
    if (framing == Framing.LENGTH) {
      head.append("Content-Length: ").append(contentLength).append("\r\n");
    } else if (framing == Framing.CHUNKED) {
      head.append("Transfer-Encoding: chunked\r\n");
    }
    if (close || framing == Framing.CLOSE) {
      head.append("Connection: close\r\n");
    }
    if (extraHeaders != null) {
      head.append(extraHeaders);
    }
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static void header(StringBuilder head, String name, String value) {
    if (value != null) {
      head.append(name).append(": ").append(value).append("\r\n");
    }
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 414 -> "URI Too Long";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      case 505 -> "HTTP Version Not Supported";
      default -> "Status " + status;
    };
  }
}
