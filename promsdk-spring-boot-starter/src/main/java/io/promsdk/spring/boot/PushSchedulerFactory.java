package io.promsdk.spring.boot;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.pushgateway.PushGateway;
import io.promsdk.pushgateway.PushScheduler;
import java.time.Duration;
import java.util.Map;

/**
 * Builds the {@link PushScheduler} that {@code promsdk.push.*} describe, checking each property
 * with the promsdk builders' own validation and naming the property when one refuses it.
 */
final class PushSchedulerFactory {
  private static final String PREFIX = "promsdk.push.";

  private PushSchedulerFactory() {}

  /**
   * Starts pushing {@code registry} every interval. The scheduler's own JVM shutdown hook is off:
   * the application context closes it (and so sends the final push) when it shuts down, which
   * Boot's own shutdown hook does on JVM exit.
   */
  static PushScheduler start(PromsdkProperties.Push push, CollectorRegistry registry) {
    PushGateway.Builder gateway = PushGateway.builder().registry(registry);
    String address = push.getAddress();
    InvalidProperty.check(PREFIX + "address", shownAddress(address), () -> gateway.address(address));
    String job = push.getJob();
    if (job == null || job.isEmpty()) {
      throw InvalidProperty.of(PREFIX + "job", job,
          "a job name is required when " + PREFIX + "address is set");
    }
    gateway.job(job);
    for (Map.Entry<String, String> label : push.getGroupingKey().entrySet()) {
      InvalidProperty.check(PREFIX + "grouping-key." + label.getKey(), label.getValue(),
          () -> gateway.groupingKey(label.getKey(), label.getValue()));
    }
    for (Map.Entry<String, String> header : push.getHeaders().entrySet()) {
      InvalidProperty.check(PREFIX + "headers." + header.getKey(), InvalidProperty.MASKED,
          () -> gateway.header(header.getKey(), header.getValue()));
    }
    PushScheduler.Builder scheduler = PushScheduler.builder(gateway.build()).shutdownHook(false);
    Duration interval = push.getInterval();
    InvalidProperty.check(PREFIX + "interval", interval, () -> scheduler.interval(interval));
    return scheduler.start();
  }

  /**
   * The address as a message may show it: user info ({@code https://user:password@host}, which
   * the gateway refuses) masked, as PushGateway's own messages never repeat an address.
   */
  static String shownAddress(String address) {
    if (address == null) {
      return null;
    }
    int at = address.lastIndexOf('@');
    if (at < 0) {
      return address;
    }
    int scheme = address.indexOf("://");
    int start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
    return address.substring(0, start) + InvalidProperty.MASKED + address.substring(at);
  }
}
