package io.promsdk.httpserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client on one socket, for what {@code java.net.http} hides: reusing one
 * connection on purpose, timing single responses, and seeing how a body ends (chunks, close, reset).
 */
final class RawHttp implements AutoCloseable {
  final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttp(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  /** Over {@code socket}, connected already; e.g. a TLS socket. */
  RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(5000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** A response: status, headers with lower-case names, and the body as framed by them. */
  record Response(int status, Map<String, String> headers, byte[] body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  void send(String request) throws IOException {
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Sends a GET or HEAD on this connection and reads its whole response. */
  Response exchange(String method, String path, String... headerLines) throws IOException {
    StringBuilder request = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: x\r\n");
    for (String line : headerLines) {
      request.append(line).append("\r\n");
    }
    send(request.append("\r\n").toString());
    return read("HEAD".equals(method));
  }

  /** Reads one response; its body by Content-Length, chunks, or to the end of the stream. */
  Response read(boolean head) throws IOException {
    String statusLine = line();
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    if (head) {
      return new Response(status, headers, new byte[0]);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else if ("chunked".equals(headers.get("transfer-encoding"))) {
      for (int size = Integer.parseInt(line(), 16); size > 0; size = Integer.parseInt(line(), 16)) {
        body.write(in.readNBytes(size));
        if (!line().isEmpty()) {
          throw new IOException("no CRLF after a chunk");
        }
      }
      if (!line().isEmpty()) {
        throw new IOException("no CRLF after the last chunk");
      }
    } else {
      in.transferTo(body);
    }
    return new Response(status, headers, body.toByteArray());
  }

  /** Reads everything until the server ends the connection; what arrived. */
  byte[] readToEnd() throws IOException {
    return in.readAllBytes();
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("end of stream in a line: " + line);
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
