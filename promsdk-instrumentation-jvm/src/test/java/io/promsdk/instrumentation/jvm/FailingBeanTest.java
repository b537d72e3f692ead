package io.promsdk.instrumentation.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.CollectorRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * A bean that throws while a group is read (a fault injected through a proxy over the real
 * thread bean) leaves that group out of the scrape, whole, and the other groups are written.
 */
class FailingBeanTest {

  @Test
  void aThrowingBeanLeavesOnlyItsGroupOut() {
    ThreadMXBean real = ManagementFactory.getThreadMXBean();
    ThreadMXBean failingStates = (ThreadMXBean) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ThreadMXBean.class}, (proxy, method, args) -> {
          if (method.getName().equals("getAllThreadIds")) {
            throw new SecurityException("injected: no permission to list threads");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(new ThreadCollector(failingStates));
    JvmMetrics.builder().only(JvmMetrics.Group.MEMORY).register(registry);

    String text = Scrapes.text(registry);

    assertThat(text).contains("# TYPE jvm_memory_used_bytes gauge")
        // jvm_threads_current was read before the failure: the group is left out whole.
        .doesNotContain("jvm_threads_current").doesNotContain("jvm_threads_state");
  }
}
