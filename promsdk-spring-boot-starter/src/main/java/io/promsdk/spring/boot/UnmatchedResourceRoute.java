package io.promsdk.spring.boot;

import io.promsdk.instrumentation.http.JakartaServletMetricsFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * Spring MVC maps every path no controller takes to its static-resource handler at {@code /**},
 * and sets that as the request's best matching pattern also when no resource is found: a 404 for
 * any unknown path would be recorded under {@code uri="/**"}. When the resource handler answered
 * 404, this removes the pattern, so that the metrics filter folds the request into {@code
 * NOT_FOUND} as it does for any request no route matched. A resource that was found keeps {@code
 * /**}, as in Boot's own metrics.
 */
final class UnmatchedResourceRoute implements HandlerInterceptor {
  @Override
  public void afterCompletion(HttpServletRequest request, HttpServletResponse response,
      Object handler, Exception ex) {
    if (handler instanceof ResourceHttpRequestHandler && response.getStatus() == 404) {
      request.removeAttribute(JakartaServletMetricsFilter.SPRING_BEST_MATCHING_PATTERN);
    }
  }
}
