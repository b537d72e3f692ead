package io.promsdk.instrumentation.jvm;

import io.promsdk.core.FamilySink;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.Unit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
    super(JvmMetrics.Group.PROCESS, List.of(START_TIME, OPEN_FDS, MAX_FDS, VIRTUAL_MEMORY, RESIDENT_MEMORY),
        List.of(CPU_SECONDS), List.of(), List.of());
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
   */
  static long[] readStatus(Path status) {
    long[] kilobytes = new long[2];
    try (BufferedReader in = Files.newBufferedReader(status, StandardCharsets.US_ASCII)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("VmSize:")) {
          kilobytes[0] = kilobytes(line);
        } else if (line.startsWith("VmRSS:")) {
          kilobytes[1] = kilobytes(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + status, e);
    }
    return kilobytes;
  }

  private static long kilobytes(String line) {
    int start = line.indexOf(':') + 1;
    while (start < line.length() && !Character.isDigit(line.charAt(start))) {
      start++;
    }
    int end = start;
    while (end < line.length() && Character.isDigit(line.charAt(end))) {
      end++;
    }
    return start == end ? 0 : Long.parseLong(line, start, end, 10);
  }
}
