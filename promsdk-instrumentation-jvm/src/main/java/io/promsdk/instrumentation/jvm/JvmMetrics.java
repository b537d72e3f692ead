package io.promsdk.instrumentation.jvm;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * JVM and process metrics, read from the JDK's management beans at scrape time: the families,
 * types and label names of client_java's {@code JvmMetrics} (see this module's README for the
 * table), in {@link Group groups} that can be picked. No background thread and no listener: each
 * group is a collector that reads its beans when the registry is scraped.
 *
 * <pre>{@code
 * JvmMetrics.builder().register(registry);                                  // every group
 * JvmMetrics.builder().only(Group.MEMORY, Group.GARBAGE_COLLECTOR).register(registry);
 * JvmMetrics.builder().without(Group.THREADS).register();                  // the default registry
 * }</pre>
 *
 * <p>Registering is idempotent per registry and group: a group that this class already registered
 * into a registry is skipped, so that several libraries of one application can each call {@code
 * register} without a "name already exposed" failure. This class remembers, per registry (weakly,
 * so that it does not keep a registry alive), the groups it registered there; a registry whose
 * collectors were removed ({@link CollectorRegistry#clear()}) still counts as having them.
 * A group whose names another collector already exposes (for instance client_java-style families
 * registered by hand) fails with the registry's {@link IllegalArgumentException}, naming the name.
 */
public final class JvmMetrics {
  /** The groups of families; each is one collector, collected (or failing) on its own. */
  public enum Group {
    /** {@code jvm_memory_*} (heap and non-heap), {@code jvm_memory_pool_*}, objects pending finalization. */
    MEMORY,
    /** {@code jvm_buffer_pool_*}: direct and mapped buffers. */
    BUFFER_POOLS,
    /** {@code jvm_gc_collection_seconds}: collections and their time, per collector. */
    GARBAGE_COLLECTOR,
    /** {@code jvm_classes_*}: classes loaded and unloaded. */
    CLASS_LOADING,
    /** {@code jvm_compilation_time_seconds_total}, where the JIT reports its time. */
    COMPILATION,
    /** {@code jvm_threads_*}: counts, deadlocks and threads per state. */
    THREADS,
    /** {@code jvm_runtime_info}: runtime name, vendor and version. */
    RUNTIME_INFO,
    /** {@code jvm_native_memory_*}, only when the JVM runs with {@code -XX:NativeMemoryTracking}. */
    NATIVE_MEMORY,
    /** {@code process_*}: CPU time, start time, file descriptors, virtual and resident memory. */
    PROCESS
  }

  /** Per registry, the groups registered into it by this class; guarded by its own lock. */
  private static final Map<CollectorRegistry, Set<Group>> REGISTERED = new WeakHashMap<>();

  private JvmMetrics() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Which groups to register; every group by default. */
  public static final class Builder {
    private final EnumSet<Group> groups = EnumSet.allOf(Group.class);

    private Builder() {}

    /** Registers these groups and no others. */
    public Builder only(Group first, Group... more) {
      groups.clear();
      groups.add(Objects.requireNonNull(first, "group"));
      for (Group group : more) {
        groups.add(Objects.requireNonNull(group, "group"));
      }
      return this;
    }

    /** Leaves these groups out. */
    public Builder without(Group first, Group... more) {
      groups.remove(Objects.requireNonNull(first, "group"));
      for (Group group : more) {
        groups.remove(Objects.requireNonNull(group, "group"));
      }
      return this;
    }

    /** Registers the chosen groups into the default registry. */
    public void register() {
      register(CollectorRegistry.defaultRegistry());
    }

    /**
     * Registers the chosen groups into {@code registry}, skipping those this class registered
     * there before.
     *
     * @throws IllegalArgumentException if another collector of the registry exposes a name of a
     *     group; the groups registered before that one stay registered
     */
    public void register(CollectorRegistry registry) {
      Objects.requireNonNull(registry, "registry");
      synchronized (REGISTERED) {
        Set<Group> done = REGISTERED.computeIfAbsent(registry, r -> EnumSet.noneOf(Group.class));
        for (Group group : groups) {
          if (!done.contains(group)) {
            Collector collector = collector(group);
            if (collector != null) {
              registry.register(collector);
            }
            done.add(group);
          }
        }
      }
    }
  }

  /** The collector of {@code group} on this JVM; null if this JVM cannot report the group at all. */
  static Collector collector(Group group) {
    return switch (group) {
      case MEMORY -> new MemoryCollector(ManagementFactory.getMemoryMXBean(), ManagementFactory.getMemoryPoolMXBeans());
      case BUFFER_POOLS -> new BufferPoolCollector(ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class));
      case GARBAGE_COLLECTOR -> new GarbageCollectorCollector(ManagementFactory.getGarbageCollectorMXBeans());
      case CLASS_LOADING -> new ClassLoadingCollector(ManagementFactory.getClassLoadingMXBean());
      case COMPILATION -> CompilationCollector.supported(ManagementFactory.getCompilationMXBean())
          ? new CompilationCollector(ManagementFactory.getCompilationMXBean()) : null;
      case THREADS -> new ThreadCollector(ManagementFactory.getThreadMXBean());
      case RUNTIME_INFO -> new RuntimeInfoCollector(System.getProperties());
      case NATIVE_MEMORY -> new NativeMemoryCollector(NmtSummary::readFromThisJvm);
      case PROCESS -> new ProcessCollector(ProcessReadings.of(ManagementFactory.getOperatingSystemMXBean()),
          ManagementFactory.getRuntimeMXBean().getStartTime(), Path.of("/proc/self/status"));
    };
  }
}
