package io.promsdk.instrumentation.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The javax filter routing as on a Servlet 3.1 container (no {@code HttpServletMapping}), in a
 * real Tomcat 9: prefix mappings and framework templates still name the route; exact mappings
 * cannot be told from the default servlet, so they fold into UNKNOWN, never into raw paths.
 */
@Tag("peers")
class JavaxServletMetricsFilterServlet31Test {

  @Test
  void routesWhatServlet31CanTellAndFoldsTheRest() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
    HeldRequest hold = new HeldRequest();
    try (TomcatWithFilter tomcat =
        new TomcatWithFilter(new JavaxServletMetricsFilter(metrics, false), hold)) {
      Client client = tomcat.client();
      assertThat(client.get("/users/1")).isEqualTo(200);
      assertThat(client.get("/api/items/9")).isEqualTo(204);
      assertThat(client.get("/a")).isEqualTo(200);
      assertThat(client.get("/missing/1")).isEqualTo(404);

      Scraped scraped = Scraped.afterIdle(metrics, registry);
      assertThat(scraped.requests("GET", "/users/*", "200", "SUCCESS", "none")).isEqualTo(1.0);
      assertThat(scraped.requests("GET", "/api/items/{id}", "204", "SUCCESS", "none")).isEqualTo(1.0);
      assertThat(scraped.requests("GET", "UNKNOWN", "200", "SUCCESS", "none")).isEqualTo(1.0);
      assertThat(scraped.requests("GET", "NOT_FOUND", "404", "CLIENT_ERROR", "none")).isEqualTo(1.0);
      assertThat(scraped.uris()).containsExactly("/api/items/{id}", "/users/*", "NOT_FOUND", "UNKNOWN");
    } finally {
      hold.release();
    }
  }
}
