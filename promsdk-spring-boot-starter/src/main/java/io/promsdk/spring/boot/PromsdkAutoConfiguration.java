package io.promsdk.spring.boot;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.instrumentation.jvm.JvmMetrics;
import io.promsdk.pushgateway.PushScheduler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.converter.Converter;

/**
 * The part of the starter every application gets, web or not: the registry, JVM metrics and
 * pushing. The web part is {@link PromsdkWebMvcAutoConfiguration}, the Actuator endpoint {@link
 * PromsdkActuatorAutoConfiguration}.
 *
 * <p>Everything here is plain Spring (conditions, properties, beans) of packages that Boot 3.5
 * and 4.0 share, so that one jar runs on both.
 */
@AutoConfiguration
@EnableConfigurationProperties(PromsdkProperties.class)
public class PromsdkAutoConfiguration {

  /**
   * A registry of the application's own, unless it defines a {@link CollectorRegistry} bean. Not
   * {@link CollectorRegistry#defaultRegistry()}, so that two applications in one JVM (tests) do
   * not share metrics; register yours in this bean, or define the default one as the bean.
   */
  @Bean
  @ConditionalOnMissingBean
  public CollectorRegistry promsdkCollectorRegistry() {
    return new CollectorRegistry();
  }

  /**
   * Lets {@code promsdk.push.headers=X-BK-TOKEN=abc} (one string, as promsdk-core's configuration
   * takes it from {@code PROMSDK_PUSH_HEADERS}) bind to the map properties. Static: converters for
   * binding must exist before the configuration properties are bound.
   */
  @Bean
  @ConfigurationPropertiesBinding
  static Converter<String, Map<String, String>> promsdkPairsConverter() {
    return new PairsConverter();
  }

  /** JVM and process metrics in the registry; {@code promsdk.jvm.enabled=false} leaves them out. */
  @Bean
  @ConditionalOnProperty(prefix = "promsdk.jvm", name = "enabled", matchIfMissing = true)
  @ConditionalOnMissingBean
  public RegisteredJvmMetrics promsdkJvmMetrics(CollectorRegistry registry) {
    // Fails when another collector of the registry already exposes a JVM family.
    InvalidProperty.check("promsdk.jvm.enabled", true,
        "set promsdk.jvm.enabled=false when the application registers JVM metrics itself",
        () -> JvmMetrics.builder().register(registry));
    return new RegisteredJvmMetrics(registry);
  }

  /**
   * Pushes the registry while the application runs when {@code promsdk.push.address} is set; the
   * context's close stops it and sends the final push.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(prefix = "promsdk.push", name = "address")
  @ConditionalOnMissingBean
  public PushScheduler promsdkPushScheduler(PromsdkProperties properties, CollectorRegistry registry) {
    return PushSchedulerFactory.start(properties.getPush(), registry);
  }

  /**
   * Says that the JVM metrics were registered in a registry: a bean, so that the registration
   * runs once per context and that an application can define its own to take it over.
   */
  public static final class RegisteredJvmMetrics {
    private final CollectorRegistry registry;

    RegisteredJvmMetrics(CollectorRegistry registry) {
      this.registry = registry;
    }

    /** The registry the JVM metrics are in. */
    public CollectorRegistry registry() {
      return registry;
    }
  }
}
