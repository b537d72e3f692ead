package io.promsdk.spring.boot;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;

/**
 * The request metrics filter with its place among the application's filters: first but for
 * Boot's character encoding filter ({@link Ordered#HIGHEST_PRECEDENCE}), as Spring's own
 * observation filter, so that the time of every other filter is measured and an exception they
 * throw is seen. Boot registers any {@link Filter} bean for {@code /*}, in 3.5 and 4.0 alike,
 * ordered by {@link Ordered}; a plain delegate keeps us off {@code FilterRegistrationBean}, which
 * Boot 4 moved.
 */
public final class OrderedMetricsFilter implements Filter, Ordered {
  /** The order of Spring's {@code ServerHttpObservationFilter} in Boot. */
  public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

  private final Filter delegate;

  OrderedMetricsFilter(Filter delegate) {
    this.delegate = delegate;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    delegate.doFilter(request, response, chain);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
