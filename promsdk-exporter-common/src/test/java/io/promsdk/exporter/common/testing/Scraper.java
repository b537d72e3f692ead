package io.promsdk.exporter.common.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;

/** A test HTTP client for exporters: direct (no proxy), HTTP/1.1, no automatic decompression. */
public final class Scraper {
  private final HttpClient client;

  public Scraper() {
    this(null);
  }

  /** A client for HTTPS with {@code tls}, or plain HTTP when null. */
  public Scraper(SSLContext tls) {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .proxy(HttpClient.Builder.NO_PROXY)
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      builder.sslContext(tls);
    }
    client = builder.build();
  }

  /** One response, body fully read. */
  public record Response(int status, java.net.http.HttpHeaders headers, byte[] body) {
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The body, gunzipped if {@code Content-Encoding: gzip}. */
    public String decodedText() {
      if (!"gzip".equals(header("Content-Encoding"))) {
        return text();
      }
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("not valid gzip", e);
      }
    }
  }

  public Response get(String url, String... headerNamesAndValues) throws IOException {
    return send("GET", url, headerNamesAndValues);
  }

  /** {@code method} with an empty body and the given headers, e.g. {@code "Accept", "text/plain"}. */
  public Response send(String method, String url, String... headerNamesAndValues) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headerNamesAndValues.length; i += 2) {
      request.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
    }
    try {
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
