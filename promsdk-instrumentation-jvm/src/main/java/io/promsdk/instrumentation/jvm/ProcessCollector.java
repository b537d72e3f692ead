package io.promsdk.instrumentation.jvm;

import io.promsdk.core.FamilySink;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.Unit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@link JvmMetrics.Group#PROCESS}: the {@code process_*} families of the Prometheus client
 * guidelines. CPU time and file descriptors come from {@code com.sun.management}'s operating
 * system bean where this JVM has one ({@link ProcessReadings}); the start time from the runtime
 * bean; virtual and resident memory from {@code /proc/self/status} (Linux). A family whose source
 * this JVM or OS lacks is left out, decided once at construction.
 */
final class ProcessCollector extends JvmCollector {
  private static final MetricMetadata CPU_SECONDS = metadata("process_cpu_seconds", "Total user and system CPU time spent in seconds.", Unit.SECONDS);
  private static final MetricMetadata START_TIME = metadata("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", Unit.SECONDS);
  private static final MetricMetadata OPEN_FDS = metadata("process_open_fds", "Number of open file descriptors.");
  private static final MetricMetadata MAX_FDS = metadata("process_max_fds", "Maximum number of open file descriptors.");
  private static final MetricMetadata VIRTUAL_MEMORY = metadata("process_virtual_memory_bytes", "Virtual memory size in bytes.", Unit.BYTES);
  private static final MetricMetadata RESIDENT_MEMORY = metadata("process_resident_memory_bytes", "Resident memory size in bytes.", Unit.BYTES);

  private final ProcessReadings readings;
  private final double startTimeSeconds;
  private final Path status; // null when there is none

  ProcessCollector(ProcessReadings readings, long startTimeMillis, Path status) {
    super(JvmMetrics.Group.PROCESS, gauges(START_TIME, OPEN_FDS, MAX_FDS, VIRTUAL_MEMORY, RESIDENT_MEMORY),
        counters(CPU_SECONDS));
    this.readings = readings;
    this.startTimeSeconds = startTimeMillis / 1000.0;
    this.status = status != null && Files.isReadable(status) ? status : null;
  }

  @Override
  public void collect(FamilySink sink) {
    if (readings.hasCpuTime()) {
      sink.family(ReadFamily.counter(CPU_SECONDS, readings.cpuTimeNanos() / 1e9));
    }
    sink.family(ReadFamily.gauge(START_TIME, startTimeSeconds));
    if (readings.hasFileDescriptors()) {
      sink.family(ReadFamily.gauge(OPEN_FDS, readings.openFileDescriptors()));
      sink.family(ReadFamily.gauge(MAX_FDS, readings.maxFileDescriptors()));
    }
    if (status != null) {
      long[] kilobytes = readStatus(status);
      sink.family(ReadFamily.gauge(VIRTUAL_MEMORY, kilobytes[0] * 1024.0));
      sink.family(ReadFamily.gauge(RESIDENT_MEMORY, kilobytes[1] * 1024.0));
    }
  }

  /**
   * {@code VmSize} and {@code VmRSS} of a {@code /proc/<pid>/status} file, in kB (as the kernel
   * writes them: "VmRSS:\t  123456 kB"); 0 for a line that is missing (a kernel thread has none).
   * Reads the file's bytes into one array (it is about 1.5 KB; /proc reports no size, so the array
   * grows if needed) and scans them as ASCII: no reader, decoder or string per line, which a
   * scrape of the JVM families would otherwise spend most of its allocation on.
   */
  static long[] readStatus(Path status) {
    byte[] bytes = new byte[4096];
    int length = 0;
    try (InputStream in = Files.newInputStream(status)) {
      for (int n; (n = in.read(bytes, length, bytes.length - length)) > 0; ) {
        length += n;
        if (length == bytes.length) {
          bytes = Arrays.copyOf(bytes, bytes.length * 2);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + status, e);
    }
    return new long[] {kilobytes(bytes, length, VM_SIZE), kilobytes(bytes, length, VM_RSS)};
  }

  private static final byte[] VM_SIZE = "VmSize:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] VM_RSS = "VmRSS:".getBytes(StandardCharsets.US_ASCII);

  /** The number after the line starting with {@code key}, or 0 if there is no such line. */
  private static long kilobytes(byte[] bytes, int length, byte[] key) {
    for (int line = 0; line < length; ) {
      if (startsWith(bytes, line, length, key)) {
        long value = 0;
        int i = line + key.length;
        while (i < length && (bytes[i] == ' ' || bytes[i] == '\t')) {
          i++;
        }
        while (i < length && bytes[i] >= '0' && bytes[i] <= '9') {
          value = value * 10 + (bytes[i++] - '0');
        }
        return value;
      }
      while (line < length && bytes[line] != '\n') {
        line++;
      }
      line++;
    }
    return 0;
  }

  private static boolean startsWith(byte[] bytes, int at, int length, byte[] prefix) {
    if (at + prefix.length > length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
