package io.promsdk.spring.boot;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exporter.common.ScrapeHandler;
import io.promsdk.exporter.common.ScrapeRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.actuate.endpoint.Producible;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The registry as the Actuator endpoint {@code promsdk} ({@code /actuator/promsdk}), answered by
 * the same {@link ScrapeHandler} as {@code /metrics}: the format Actuator negotiated from the
 * {@code Accept} header, and {@code ?name[]=} filtering. Expose it like any endpoint: {@code
 * management.endpoints.web.exposure.include=health,promsdk}.
 *
 * <p>Actuator writes the body itself and sets no {@code Content-Encoding}, so this endpoint is
 * never gzipped by promsdk; Boot's {@code server.compression.*} can. The body is built in memory
 * before it is sent (unlike {@code /metrics}, which streams a large one).
 *
 * <p>Written with Actuator's annotations and {@link WebEndpointResponse} only, which Boot 3.5 and
 * 4.0 both have in the same packages.
 */
@WebEndpoint(id = "promsdk")
public class PromsdkScrapeEndpoint {
  private final ScrapeHandler handler;

  public PromsdkScrapeEndpoint(CollectorRegistry registry) {
    this.handler = new ScrapeHandler(registry);
  }

  /** Scrapes the registry in {@code format}; Actuator picks it from the request's Accept header. */
  @ReadOperation(producesFrom = ScrapeFormat.class)
  public WebEndpointResponse<byte[]> scrape(ScrapeFormat format) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
    int[] status = {500};
    String[] contentType = {null};
    try {
      handler.handle(new NegotiatedRequest(format, currentQuery()), response -> {
        status[0] = response.status();
        contentType[0] = response.contentType();
        return body;
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not from an in-memory stream
    }
    MimeType type = contentType[0] == null ? format.getProducedMimeType()
        : MimeTypeUtils.parseMimeType(contentType[0]);
    return new WebEndpointResponse<>(body.toByteArray(), status[0], type);
  }

  /** The raw query of the servlet request being answered ({@code name[]=...}), or null. */
  private static String currentQuery() {
    RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
    if (attributes instanceof ServletRequestAttributes servlet) {
      HttpServletRequest request = servlet.getRequest();
      return request.getQueryString();
    }
    return null;
  }

  /** A GET that accepts exactly the format Actuator negotiated, identity encoded. */
  private record NegotiatedRequest(ScrapeFormat format, String rawQuery) implements ScrapeRequest {
    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String header(String name) {
      return name.equalsIgnoreCase("Accept") ? format.getProducedMimeType().toString() : null;
    }
  }

  /** The formats the endpoint offers Actuator's content negotiation; text when nothing is asked. */
  public enum ScrapeFormat implements Producible<ScrapeFormat> {
    /** The Prometheus text format 0.0.4, the default. */
    PROMETHEUS_TEXT("text/plain;version=0.0.4;charset=utf-8"),
    /** OpenMetrics text 1.0.0. */
    OPENMETRICS_TEXT("application/openmetrics-text;version=1.0.0;charset=utf-8"),
    /** The Prometheus protobuf format (delimited MetricFamily messages). */
    PROMETHEUS_PROTOBUF(
        "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");

    private final MimeType mimeType;

    ScrapeFormat(String mimeType) {
      this.mimeType = MimeTypeUtils.parseMimeType(mimeType);
    }

    @Override
    public MimeType getProducedMimeType() {
      return mimeType;
    }

    @Override
    public boolean isDefault() {
      return this == PROMETHEUS_TEXT;
    }
  }
}
