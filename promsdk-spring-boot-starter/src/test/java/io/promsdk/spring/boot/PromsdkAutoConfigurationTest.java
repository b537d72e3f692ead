package io.promsdk.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Gauge;
import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.pushgateway.PushScheduler;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/**
 * The starter's beans and property checks, in contexts without a server or peers (the example
 * apps' ExampleAppContract runs the whole thing against real Prometheus and Pushgateway).
 */
class PromsdkAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PromsdkAutoConfiguration.class));

  private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(PromsdkAutoConfiguration.class,
          PromsdkWebMvcAutoConfiguration.class, PromsdkActuatorAutoConfiguration.class));

  @Test
  void createsARegistryOfItsOwnWithJvmMetrics() {
    runner.run(context -> {
      CollectorRegistry registry = context.getBean(CollectorRegistry.class);
      assertThat(registry).isNotSameAs(CollectorRegistry.defaultRegistry());
      assertThat(names(registry)).contains("jvm_memory_used_bytes", "jvm_threads_current");
      assertThat(context).doesNotHaveBean(PushScheduler.class); // no address, no push
    });
  }

  @Test
  void usesTheApplicationsRegistry() {
    CollectorRegistry mine = new CollectorRegistry();
    runner.withBean(CollectorRegistry.class, () -> mine).run(context -> {
      assertThat(context.getBean(CollectorRegistry.class)).isSameAs(mine);
      assertThat(names(mine)).contains("jvm_memory_used_bytes");
    });
  }

  @Test
  void jvmMetricsCanBeLeftOut() {
    runner.withPropertyValues("promsdk.jvm.enabled=false").run(context ->
        assertThat(names(context.getBean(CollectorRegistry.class))).noneMatch(n -> n.startsWith("jvm_")));
  }

  @Test
  void jvmFamiliesTakenByTheApplicationStopStartupNamingTheSwitch() {
    CollectorRegistry mine = new CollectorRegistry();
    Gauge.builder().name("jvm_threads_current").help("the application's own").register(mine);
    runner.withBean(CollectorRegistry.class, () -> mine).run(context -> {
      InvalidConfigurationPropertyValueException e = invalidProperty(context);
      assertThat(e.getName()).isEqualTo("promsdk.jvm.enabled");
      assertThat(e.getReason()).contains("jvm_threads_current").contains("promsdk.jvm.enabled=false");
    });
    runner.withBean(CollectorRegistry.class, () -> mine).withPropertyValues("promsdk.jvm.enabled=false")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "promsdk.push.address=ftp://127.0.0.1:9091           | promsdk.push.address",
      "promsdk.push.address=                               | promsdk.push.address",
      "promsdk.push.job=                                   | promsdk.push.job",
      "promsdk.push.grouping-key.bad-name=x                | promsdk.push.grouping-key.bad-name",
      "promsdk.push.grouping-key.job=other                 | promsdk.push.grouping-key.job",
      "promsdk.push.headers.Content-Length=12              | promsdk.push.headers.Content-Length",
      "promsdk.push.interval=-1s                           | promsdk.push.interval",
      "promsdk.push.interval=0s                            | promsdk.push.interval",
  })
  void aBadPushPropertyStopsStartupNamingIt(String setting, String property) {
    runner.withPropertyValues("promsdk.push.address=127.0.0.1:1", "promsdk.push.job=j",
        "promsdk.push.interval=1h", setting.strip()).run(context ->
        assertThat(invalidProperty(context).getName()).isEqualTo(property));
  }

  @Test
  void aRefusedHeaderIsNamedButItsValueNeverShown() {
    runner.withPropertyValues("promsdk.push.address=127.0.0.1:1", "promsdk.push.job=j",
        "promsdk.push.headers.X-BK-TOKEN=tok\ren-s3cret").run(context -> {
          InvalidConfigurationPropertyValueException e = invalidProperty(context);
          assertThat(e.getName()).isEqualTo("promsdk.push.headers.X-BK-TOKEN");
          assertThat(e).hasStackTraceContaining("promsdk.push.headers.X-BK-TOKEN")
              .satisfies(t -> assertThat(stackTrace(t)).doesNotContain("s3cret"));
        });
  }

  @Test
  void anAddressWithUserInfoIsRefusedWithoutShowingThePassword() {
    runner.withPropertyValues("promsdk.push.address=https://user:pa55word@127.0.0.1:9091",
        "promsdk.push.job=j").run(context -> {
          InvalidConfigurationPropertyValueException e = invalidProperty(context);
          assertThat(e.getName()).isEqualTo("promsdk.push.address");
          assertThat(e.getValue()).isEqualTo("https://******@127.0.0.1:9091");
          assertThat(stackTrace(context.getStartupFailure())).doesNotContain("pa55word");
        });
  }

  /**
   * promsdk-core's runtime configuration documents the whole-map form ({@code
   * PROMSDK_PUSH_HEADERS='X-BK-TOKEN=abc'}); Spring sees the same variable as {@code
   * promsdk.push.headers} and must bind it too, not fail the application's startup.
   */
  @Test
  void theWholeMapFormOfHeadersAndGroupingKeyBinds() {
    runner.withPropertyValues("promsdk.push.address=127.0.0.1:1", "promsdk.push.job=j",
        "promsdk.push.interval=1h", "promsdk.push.headers=X-BK-TOKEN=abc,X-Other=b",
        "promsdk.push.grouping-key=instance=h1").run(context -> {
          assertThat(context).hasNotFailed();
          PromsdkProperties properties = context.getBean(PromsdkProperties.class);
          assertThat(properties.getPush().getHeaders()).containsEntry("X-BK-TOKEN", "abc").containsEntry("X-Other", "b");
          assertThat(properties.getPush().getGroupingKey()).containsEntry("instance", "h1");
        });
  }

  @Test
  void aPushSchedulerStartsWithAnAddressAndStopsWithTheContext() {
    runner.withPropertyValues("promsdk.push.address=127.0.0.1:1", "promsdk.push.job=j",
        "promsdk.push.interval=1h").run(context -> {
          PushScheduler scheduler = context.getBean(PushScheduler.class);
          assertThat(scheduler.isRunning()).isTrue();
          context.close();
          assertThat(scheduler.isRunning()).isFalse();
        });
  }

  @Test
  void anEndpointPathWithoutLeadingSlashStopsStartupNamingIt() {
    webRunner.withPropertyValues("promsdk.endpoint.path=metrics").run(context ->
        assertThat(invalidProperty(context).getName()).isEqualTo("promsdk.endpoint.path"));
  }

  @Test
  void requestMetricsAlreadyInTheRegistryStopStartupNamingTheSwitch() {
    CollectorRegistry shared = new CollectorRegistry();
    io.promsdk.instrumentation.http.HttpServerMetrics.builder().register(shared); // an earlier context's
    webRunner.withBean(CollectorRegistry.class, () -> shared).run(context -> {
      InvalidConfigurationPropertyValueException e = invalidProperty(context);
      assertThat(e.getName()).isEqualTo("promsdk.http.enabled");
      assertThat(e.getReason()).contains("http_server_requests").contains("promsdk.http.enabled=false");
    });
  }

  @Test
  void theEndpointAndRequestMetricsCanBeLeftOut() {
    webRunner.run(context -> assertThat(context).hasBean("promsdkScrapeHandlerMapping")
        .hasSingleBean(OrderedMetricsFilter.class).hasSingleBean(PromsdkScrapeEndpoint.class));
    webRunner.withPropertyValues("promsdk.endpoint.enabled=false", "promsdk.http.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(SimpleUrlHandlerMapping.class)
            .doesNotHaveBean(OrderedMetricsFilter.class).doesNotHaveBean(PromsdkScrapeEndpoint.class));
  }

  @Test
  void anApplicationWithoutServletApiSpringMvcOrActuatorStillGetsRegistryJvmMetricsAndPush() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PromsdkAutoConfiguration.class,
            PromsdkWebMvcAutoConfiguration.class, PromsdkActuatorAutoConfiguration.class))
        .withClassLoader(new FilteredClassLoader(
            "jakarta.servlet.", "org.springframework.web.", "org.springframework.boot.actuate."))
        .withPropertyValues("promsdk.push.address=127.0.0.1:1", "promsdk.push.job=j",
            "promsdk.push.interval=1h")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(PushScheduler.class)
              .doesNotHaveBean(OrderedMetricsFilter.class).doesNotHaveBean("promsdkScrapeEndpoint");
          assertThat(names(context.getBean(CollectorRegistry.class))).contains("jvm_memory_used_bytes");
        });
  }

  private static InvalidConfigurationPropertyValueException invalidProperty(
      AssertableApplicationContext context) {
    return invalidProperty(context.getStartupFailure());
  }

  private static InvalidConfigurationPropertyValueException invalidProperty(
      org.springframework.boot.test.context.assertj.AssertableWebApplicationContext context) {
    return invalidProperty(context.getStartupFailure());
  }

  private static InvalidConfigurationPropertyValueException invalidProperty(Throwable failure) {
    assertThat(failure).as("startup failure").isNotNull();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidConfigurationPropertyValueException e) {
        return e;
      }
    }
    throw new AssertionError("no InvalidConfigurationPropertyValueException in", failure);
  }

  private static String stackTrace(Throwable t) {
    java.io.StringWriter out = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }

  private static List<String> names(CollectorRegistry registry) {
    return StreamSupport.stream(registry.collect().spliterator(), false)
        .map(MetricSnapshot::name).toList();
  }
}
