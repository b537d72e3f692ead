package io.promsdk.instrumentation.http;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionFormat;
import io.promsdk.testsupport.ParsedSample;
import io.promsdk.testsupport.PythonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A registry's text exposition as the Python client's parser reads it. */
final class Scraped {
  final String text;
  final List<ParsedSample> samples;

  private Scraped(String text, List<ParsedSample> samples) {
    this.text = text;
    this.samples = samples;
  }

  /**
   * Waits (at most 5 s) until no request is in flight, then scrapes: a server may answer the client
   * before the filter around its handler has recorded the request.
   */
  static Scraped afterIdle(HttpServerMetrics metrics, CollectorRegistry registry)
      throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (metrics.inFlight() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return of(registry);
  }

  static Scraped of(CollectorRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ExpositionFormat.PROMETHEUS_TEXT.write(out, registry);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    return new Scraped(text, PythonParser.parsePrometheusText(text).stream()
        .flatMap(f -> f.samples().stream()).toList());
  }

  /** The value of the sample with this name and exactly these labels, or null. */
  Double value(String name, Map<String, String> labels) {
    return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
        .map(ParsedSample::value).findFirst().orElse(null);
  }

  /** The request count of http_server_requests_seconds with these labels, or null. */
  Double requests(String method, String uri, String status, String outcome, String exception) {
    return value("http_server_requests_seconds_count", Map.of("method", method, "uri", uri,
        "status", status, "outcome", outcome, "exception", exception));
  }

  /** Every uri label value of http_server_requests_seconds. */
  List<String> uris() {
    return samples.stream().filter(s -> s.name().equals("http_server_requests_seconds_count"))
        .map(s -> s.labels().get("uri")).distinct().sorted().toList();
  }

}
