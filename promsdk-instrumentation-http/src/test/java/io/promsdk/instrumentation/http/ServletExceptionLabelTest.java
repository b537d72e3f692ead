package io.promsdk.instrumentation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.exposition.ExpositionFormat;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exception label of a request whose handler's exception reached the filter wrapped in a
 * ServletException, as Spring MVC's FrameworkServlet wraps every one: the cause is named, as in
 * Boot's own metrics. Without a container: the request and response are proxies.
 */
class ServletExceptionLabelTest {
  @Test
  void aServletExceptionsCauseIsTheExceptionLabel() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
    JakartaServletMetricsFilter filter = new JakartaServletMetricsFilter(metrics);
    FilterChain wrapping = (req, res) -> {
      throw new ServletException("Request processing failed", new IllegalStateException("boom"));
    };
    FilterChain bare = (req, res) -> {
      throw new ServletException("no cause");
    };

    assertThatThrownBy(() -> filter.doFilter(request(HttpServletRequest.class),
        response(HttpServletResponse.class), wrapping))
        .isInstanceOf(ServletException.class); // what the container sees is unchanged
    assertThatThrownBy(() -> filter.doFilter(request(HttpServletRequest.class),
        response(HttpServletResponse.class), bare))
        .isInstanceOf(ServletException.class);

    String text = scrape(registry);
    assertThat(text).contains("exception=\"IllegalStateException\"")
        .contains("exception=\"ServletException\"") // one without a cause keeps its own name
        .contains("status=\"500\"");
    assertThat(metrics.inFlight()).isZero();
  }

  /** The same through the javax filter, whose ServletException is another class. */
  @Test
  void aJavaxServletExceptionsCauseIsTheExceptionLabel() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    HttpServerMetrics metrics = HttpServerMetrics.builder().register(registry);
    JavaxServletMetricsFilter filter = new JavaxServletMetricsFilter(metrics);
    javax.servlet.FilterChain wrapping = (req, res) -> {
      throw new javax.servlet.ServletException("Request processing failed",
          new IllegalStateException("boom"));
    };

    assertThatThrownBy(() -> filter.doFilter(request(javax.servlet.http.HttpServletRequest.class),
        response(javax.servlet.http.HttpServletResponse.class), wrapping))
        .isInstanceOf(javax.servlet.ServletException.class);

    assertThat(scrape(registry)).contains("exception=\"IllegalStateException\"")
        .doesNotContain("exception=\"ServletException\"");
    assertThat(metrics.inFlight()).isZero();
  }

  private static <T> T request(Class<T> api) {
    Map<String, Object> answers = Map.of("getMethod", "GET", "getRequestURI", "/users/1",
        "isAsyncStarted", false, "getContentLengthLong", -1L);
    return api.cast(Proxy.newProxyInstance(ServletExceptionLabelTest.class.getClassLoader(),
        new Class<?>[] {api}, (proxy, method, args) -> {
          if (method.getName().equals("getAttribute")
              && JakartaServletMetricsFilter.SPRING_BEST_MATCHING_PATTERN.equals(args[0])) {
            return "/users/{id}";
          }
          return answers.get(method.getName());
        }));
  }

  private static <T> T response(Class<T> api) {
    return api.cast(Proxy.newProxyInstance(ServletExceptionLabelTest.class.getClassLoader(),
        new Class<?>[] {api},
        (proxy, method, args) -> method.getName().equals("getStatus") ? 200 : null));
  }

  private static String scrape(CollectorRegistry registry) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExpositionFormat.PROMETHEUS_TEXT.write(out, registry);
    return out.toString(StandardCharsets.UTF_8);
  }
}
