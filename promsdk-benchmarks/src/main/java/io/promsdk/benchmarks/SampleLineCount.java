package io.promsdk.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the sample lines (every line that is neither empty nor a {@code #} comment) that one
 * scrape of each exposition benchmark writes, per library and parameters, so that the report can
 * turn microseconds per scrape into nanoseconds per sample line. Not JMH: one scrape each, timed by
 * nobody.
 *
 * <pre>{@code
 * java -cp promsdk-benchmarks/target/benchmarks.jar io.promsdk.benchmarks.SampleLineCount \
 *     --series 1000,100000 --json target/results/sample-lines.json
 * }</pre>
 *
 * <p>{@code --series} gives the sizes of {@link ExpositionBenchmark} to count (its promsdk and
 * client_java rows); {@link ServiceScrapeBenchmark} is always counted.
 */
public final class SampleLineCount {
  private SampleLineCount() {}

  private static final String[] FORMATS = {"text", "openmetrics"};

  /** One scrape's count: which benchmark row it belongs to, and what the scrape wrote. */
  record Count(String benchmark, String library, String series, String format, long sampleLines, long bytes) {
    String json() {
      String params = (series == null ? "" : "\"series\": \"" + series + "\", ")
          + "\"format\": \"" + format + "\"";
      return "{\"benchmark\": \"" + benchmark + "\", \"library\": \"" + library + "\", \"params\": {"
          + params + "}, \"sampleLines\": " + sampleLines + ", \"bytes\": " + bytes + "}";
    }
  }

  public static void main(String[] args) throws IOException {
    String series = "1000";
    Path json = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--series" -> series = args[++i];
        case "--json" -> json = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: SampleLineCount [--series N,M] [--json FILE]");
      }
    }
    List<Count> counts = new ArrayList<>(serviceCounts());
    for (String n : series.split(",")) {
      counts.addAll(expositionCounts(Integer.parseInt(n.trim())));
    }
    StringBuilder out = new StringBuilder("[\n");
    for (int i = 0; i < counts.size(); i++) {
      out.append(' ').append(counts.get(i).json()).append(i + 1 < counts.size() ? ",\n" : "\n");
    }
    out.append("]\n");
    if (json != null) {
      Files.writeString(json, out);
    }
    PrintStream console = System.out;
    for (Count c : counts) {
      console.printf("%-24s %-18s %-8s %-12s %,9d sample lines %,11d bytes%n", c.benchmark(),
          c.library(), c.series() == null ? "" : c.series(), c.format(), c.sampleLines(), c.bytes());
    }
  }

  static List<Count> serviceCounts() throws IOException {
    List<Count> counts = new ArrayList<>();
    for (String format : FORMATS) {
      for (String library : new String[] {"promsdk", "promsdkStreaming", "clientJava"}) {
        counts.add(count("ServiceScrapeBenchmark", library, null, format,
            ServiceScrapeBenchmark.scrapeText(library, format)));
      }
    }
    return counts;
  }

  static List<Count> expositionCounts(int series) throws IOException {
    List<Count> counts = new ArrayList<>();
    for (String format : FORMATS) {
      for (String library : new String[] {"promsdk", "promsdkStreaming", "clientJava"}) {
        ExpositionBenchmark b = new ExpositionBenchmark();
        b.series = series;
        b.format = format;
        b.setup(library, "text".equals(format));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        b.scrape(library, out);
        counts.add(count("ExpositionBenchmark", library, Integer.toString(series), format,
            out.toString(StandardCharsets.UTF_8)));
      }
    }
    return counts;
  }

  private static Count count(String benchmark, String library, String series, String format,
      String exposition) {
    return new Count(benchmark, library, series, format, sampleLines(exposition),
        exposition.getBytes(StandardCharsets.UTF_8).length);
  }

  /** The lines of an exposition that are samples: not empty, not a {@code #} line. */
  static long sampleLines(String exposition) {
    long n = 0;
    int start = 0;
    while (start < exposition.length()) {
      int end = exposition.indexOf('\n', start);
      if (end < 0) {
        end = exposition.length();
      }
      if (end > start && exposition.charAt(start) != '#') {
        n++;
      }
      start = end + 1;
    }
    return n;
  }
}
