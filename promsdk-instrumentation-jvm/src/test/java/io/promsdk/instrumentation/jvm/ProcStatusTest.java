package io.promsdk.instrumentation.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcStatusTest {

  @Test
  void readsVmSizeAndVmRssInKilobytes(@TempDir Path dir) throws IOException {
    Path status = dir.resolve("status");
    Files.writeString(status, """
        Name:\tjava
        VmPeak:\t 9999999 kB
        VmSize:\t 4567890 kB
        VmHWM:\t  888888 kB
        VmRSS:\t  123456 kB
        Threads:\t42
        """);

    assertThat(ProcessCollector.readStatus(status)).containsExactly(4567890, 123456);
  }

  @Test
  void aMissingLineReadsZero(@TempDir Path dir) throws IOException {
    Path status = dir.resolve("status");
    Files.writeString(status, "Name:\tkthreadd\nVmSize:\t 10 kB\n");

    assertThat(ProcessCollector.readStatus(status)).containsExactly(10, 0);
  }

  @Test
  void readsAFileLongerThanTheFirstBuffer(@TempDir Path dir) throws IOException {
    Path status = dir.resolve("status");
    Files.writeString(status, "Name:\tjava\n" + "Padding:\tx\n".repeat(1000) + "VmSize:\t 77 kB\nVmRSS:\t 66 kB\n");

    assertThat(ProcessCollector.readStatus(status)).containsExactly(77, 66);
  }

  @Test
  void noStatusFileLeavesTheMemoryFamiliesOut(@TempDir Path dir) {
    ProcessCollector collector = new ProcessCollector(ProcessReadings.NONE, 1_700_000_000_000L, dir.resolve("absent"));

    assertThat(collector.collect()).extracting(f -> f.name()).containsExactly("process_start_time_seconds");
  }
}
