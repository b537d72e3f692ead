package io.promsdk.spring.boot;

import io.promsdk.core.CollectorRegistry;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The Actuator endpoint {@code promsdk} ({@link PromsdkScrapeEndpoint}) when Actuator is on the
 * classpath. Actuator's own settings decide whether it is exposed ({@code
 * management.endpoints.web.exposure.include}); {@code promsdk.endpoint.enabled=false} leaves it
 * out with {@code /metrics}.
 */
@AutoConfiguration(after = PromsdkAutoConfiguration.class)
@ConditionalOnClass({WebEndpoint.class, RequestContextHolder.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class PromsdkActuatorAutoConfiguration {

  /** The endpoint over the application's registry. */
  @Bean
  @ConditionalOnProperty(prefix = "promsdk.endpoint", name = "enabled", matchIfMissing = true)
  @ConditionalOnMissingBean
  public PromsdkScrapeEndpoint promsdkScrapeEndpoint(CollectorRegistry registry) {
    return new PromsdkScrapeEndpoint(registry);
  }
}
