package io.promsdk.spring.boot;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.instrumentation.http.HttpServerMetrics;
import io.promsdk.instrumentation.http.JakartaServletMetricsFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * The starter's part for a Spring MVC application: request metrics keyed by route template, and
 * the scrape endpoint.
 *
 * <p>Boot 4 moved the servlet and web-server auto-configuration (and {@code
 * FilterRegistrationBean}) to new modules and packages, so this names none of them: the filter is
 * a plain {@link jakarta.servlet.Filter} bean, which both versions register for {@code /*}, and
 * the endpoint is a Spring MVC {@link HandlerMapping}.
 */
@AutoConfiguration(after = PromsdkAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, JakartaServletMetricsFilter.class})
public class PromsdkWebMvcAutoConfiguration {

  /** {@code http_server_requests_seconds} and friends, with Spring Boot compatible defaults. */
  @Bean
  @ConditionalOnProperty(prefix = "promsdk.http", name = "enabled", matchIfMissing = true)
  @ConditionalOnMissingBean
  public HttpServerMetrics promsdkHttpServerMetrics(CollectorRegistry registry) {
    // Fails when the registry already has the families: the application registers its own, or a
    // registry that outlives the context (CollectorRegistry.defaultRegistry() as the bean) still
    // holds those of an earlier context (a DevTools restart, a second test context).
    HttpServerMetrics[] metrics = new HttpServerMetrics[1];
    InvalidProperty.check("promsdk.http.enabled", true,
        "set promsdk.http.enabled=false, or define an HttpServerMetrics bean, when the registry"
            + " already has the request metrics",
        () -> metrics[0] = HttpServerMetrics.builder().register(registry));
    return metrics[0];
  }

  /** Records every request in {@link HttpServerMetrics}; outermost but for encoding filters. */
  @Bean
  @ConditionalOnProperty(prefix = "promsdk.http", name = "enabled", matchIfMissing = true)
  @ConditionalOnMissingBean(name = "promsdkMetricsFilter")
  public OrderedMetricsFilter promsdkMetricsFilter(HttpServerMetrics metrics) {
    return new OrderedMetricsFilter(new JakartaServletMetricsFilter(metrics));
  }

  /** Folds 404s of Spring's static-resource handler into {@code NOT_FOUND}, see the class. */
  @Bean
  @ConditionalOnProperty(prefix = "promsdk.http", name = "enabled", matchIfMissing = true)
  public WebMvcConfigurer promsdkUnmatchedRouteFolding() {
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new UnmatchedResourceRoute());
      }
    };
  }

  /** Serves the registry at {@code promsdk.endpoint.path}, ahead of the application's mappings. */
  @Bean
  @ConditionalOnProperty(prefix = "promsdk.endpoint", name = "enabled", matchIfMissing = true)
  public SimpleUrlHandlerMapping promsdkScrapeHandlerMapping(PromsdkProperties properties,
      CollectorRegistry registry) {
    String path = properties.getEndpoint().getPath();
    if (path == null || !path.startsWith("/")) {
      throw InvalidProperty.of("promsdk.endpoint.path", path, "a path must start with \"/\"");
    }
    return ScrapeRequestHandler.mapping(path, new ScrapeRequestHandler(registry));
  }
}
