package io.promsdk.instrumentation.jvm;

import java.lang.management.OperatingSystemMXBean;

/**
 * Process CPU time and file descriptors, from {@code com.sun.management}'s extensions of the
 * operating system bean. That package (module jdk.management) is absent from some JVMs, so this
 * class names it only in {@link Sun}, whose first use is caught: a JVM without it gets readings
 * that report nothing, instead of a {@link NoClassDefFoundError} at scrape time.
 */
class ProcessReadings {
  static final ProcessReadings NONE = new ProcessReadings();

  /** The readings of this bean: the {@code com.sun.management} ones where present, else none. */
  static ProcessReadings of(OperatingSystemMXBean os) {
    try {
      return Sun.of(os);
    } catch (LinkageError e) {
      return NONE;
    }
  }

  boolean hasCpuTime() {
    return false;
  }

  long cpuTimeNanos() {
    throw new UnsupportedOperationException("no process CPU time on this JVM");
  }

  boolean hasFileDescriptors() {
    return false;
  }

  long openFileDescriptors() {
    throw new UnsupportedOperationException("no file descriptor counts on this JVM");
  }

  long maxFileDescriptors() {
    throw new UnsupportedOperationException("no file descriptor counts on this JVM");
  }

  /** The readings of a HotSpot-style JVM; loaded only by {@link #of}, inside its catch. */
  private static final class Sun extends ProcessReadings {
    private final com.sun.management.OperatingSystemMXBean os;
    private final com.sun.management.UnixOperatingSystemMXBean unix; // null on Windows
    private final boolean cpuTime; // the platform reports -1 where it cannot measure it

    private Sun(com.sun.management.OperatingSystemMXBean os) {
      this.os = os;
      this.unix = os instanceof com.sun.management.UnixOperatingSystemMXBean u ? u : null;
      this.cpuTime = os.getProcessCpuTime() >= 0;
    }

    static ProcessReadings of(OperatingSystemMXBean os) {
      return os instanceof com.sun.management.OperatingSystemMXBean sun ? new Sun(sun) : NONE;
    }

    @Override
    boolean hasCpuTime() {
      return cpuTime;
    }

    @Override
    long cpuTimeNanos() {
      return os.getProcessCpuTime();
    }

    @Override
    boolean hasFileDescriptors() {
      return unix != null;
    }

    @Override
    long openFileDescriptors() {
      return unix.getOpenFileDescriptorCount();
    }

    @Override
    long maxFileDescriptors() {
      return unix.getMaxFileDescriptorCount();
    }
  }
}
