package io.promsdk.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code compare.py} (the report of {@code benchmarks/run --baseline REV}) on canned JMH JSON
 * in {@code src/test/resources/comparison/}: two rounds per jar, one fork each, as the script writes
 * them. No JMH run. Tagged "peers" because it starts a python3 process.
 *
 * <p>The canned rows: {@code CounterIncBenchmark.T1} at the baseline is a real 2-fork JMH run split
 * into its forks (JMH said 55.331 ± 74.219 ns/op for the two together), and now allocates 10 B/op
 * on average from iterations of 0 to 40 B (noise, not growth). The others are made up to be one
 * verdict each: {@code Lookup} 30% slower with tight bars, {@code CachedChild} 3% slower, {@code
 * HistogramObserve.T2} 25% faster, the 1,000-series text scrape 3% slower with 1,100 B more per
 * scrape. {@code SummaryObserve} changed its unit; {@code HttpScrape} gained a parameter; {@code
 * HistogramObserve.Single} became {@code .T1} and {@code promsdkStreaming} is new (names files
 * only: such benchmarks are not run).
 */
@Tag("peers")
class BaselineComparisonReportTest {

  private static final String SCRIPT = "compare.py";

  @TempDir
  Path tmp;

  @Test
  void eachRowGetsItsVerdictFromBothJarsPooledRounds() throws Exception {
    String report = compare(tmp.resolve("report.md"), "baseline", "current", "meta.json");

    assertThat(row(report, "`LabelledCounterBenchmark.Lookup.promsdk` |"))
        .contains("| ns/op | 10.0 ± 0.397 | 13.0 ± 0.397 | 1.30× (1.21–1.39) |")
        .contains("**worse by more than 10%** (+30%, shown by the error bars)")
        .endsWith("| 0 B | 0 B |");
    assertThat(row(report, "`LabelledCounterBenchmark.CachedChild.promsdk` |"))
        .contains("| 3.20 ± 0.040 | 3.30 ± 0.040 | 1.03× (1.01–1.06) |")
        .contains("within 10% (+3%, shown slower)");
    assertThat(row(report, "`HistogramObserveBenchmark.T2.promsdk` [2 threads] |"))
        .contains("| 0.75× (0.69–0.81) |")
        .contains("better (-25%, shown by the error bars)");
    assertThat(row(report, "`ExpositionBenchmark.promsdk` [format=text, series=1000] |"))
        .contains("| us/op | 100 ± 3.97 | 103 ± 3.97 | 1.03× (0.95–1.11) |")
        .contains("within 10% (+3%); **allocates more** (+1100 B/op)")
        .endsWith("| 1000 B | 2100 B |");
  }

  @Test
  void poolingTwoSingleForkRoundsGivesWhatJmhSaysForTheTwoForks() throws Exception {
    String report = compare(tmp.resolve("report.md"), "baseline", "current", "meta.json");

    // JMH: 55.331 ± 74.219 (99.9%, Student t over the 6 iterations of both forks). A normal
    // quantile (3.29 instead of t(5) = 6.87) would show ± 35.5.
    assertThat(row(report, "`CounterIncBenchmark.T1.promsdk` |"))
        .contains("| 55.3 ± 74.2 | 75.0 ± 10.3 | 1.36× (0.50–∞) |")
        .contains("**not settled**: +36% by point estimate, the error bars do not show more than 10%")
        // 0, 40, 0, 0, 0, 20 B/op now: 10 B more on average, but not shown by the bars.
        .doesNotContain("allocates more")
        .endsWith("| 0 B | 10 B |");
  }

  @Test
  void rowsThatOnlyOneJarHasAreListedNotCompared() throws Exception {
    String report = compare(tmp.resolve("report.md"), "baseline", "current", "meta.json");

    String notCompared = report.substring(report.indexOf("Not compared:"));
    assertThat(notCompared)
        .contains("- `SummaryObserveBenchmark.promsdk`: unit ns/op at the baseline, us/op now")
        .contains("- `HistogramObserveBenchmark.Single.promsdk`: a benchmark of the baseline jar only (not run)")
        .contains("- `HistogramObserveBenchmark.T1.promsdk`: a benchmark of the current jar only (not run)")
        .contains("- `ExpositionBenchmark.promsdkStreaming`: a benchmark of the current jar only (not run)")
        .contains("- `HttpScrapeBenchmark.promsdk` [series=1000]: measured in the baseline jar only")
        .contains("- `HttpScrapeBenchmark.promsdk` [gzip=false, series=1000]: measured in the current jar only");
    assertThat(tableRows(report)).hasSize(5).noneMatch(r -> r.contains("Summary") || r.contains("Http"));
  }

  @Test
  void summaryNamesTheRowsThatBreakTheRule() throws Exception {
    String report = compare(tmp.resolve("report.md"), "baseline", "current", "meta.json");

    assertThat(report).contains("**Rule \"no row more than 10% worse\": broken** by "
        + "`LabelledCounterBenchmark.Lookup.promsdk`. 5 rows compared: 1 worse by more than 10%, "
        + "1 not settled, 2 within 10%, 1 better. Allocation per op grew in: "
        + "`ExpositionBenchmark.promsdk` [format=text, series=1000].");
  }

  @Test
  void aJarComparedWithItselfKeepsTheRule() throws Exception {
    String report = compare(tmp.resolve("report.md"), "baseline", "baseline", "meta.json");

    assertThat(report).contains("**Rule \"no row more than 10% worse\": kept**. 7 rows compared: 7 within 10%.");
    assertThat(tableRows(report)).hasSize(7).allMatch(r -> r.contains("| 1.00× (") && r.contains("within 10% (+0%)"));
  }

  @Test
  void theSectionGoesBeforeTheResultsOfAFullReportAndReplacesTheLastComparison() throws Exception {
    Path out = tmp.resolve("benchmarks.md");
    String fullRun = "# promsdk benchmarks\n\nintro\n\n## Targets\n\n- met\n\n## Results\n\n| table |\n";
    Files.writeString(out, fullRun);

    String first = compare(out, "baseline", "current", "meta.json");
    assertThat(first).startsWith("# promsdk benchmarks\n\nintro\n\n## Targets\n\n- met\n\n<!-- baseline-comparison");
    assertThat(first).endsWith("<!-- /baseline-comparison -->\n\n## Results\n\n| table |\n");

    Path laterMeta = tmp.resolve("later-meta.json");
    Files.writeString(laterMeta, "{\"date\": \"2026-12-02 09:00 UTC\", \"mode\": \"quick\"}");
    String second = compare(out, "baseline", "baseline", laterMeta.toString());
    assertThat(second.split("<!-- baseline-comparison", -1)).hasSize(2);
    assertThat(second).contains("| date | 2026-12-02 09:00 UTC |").doesNotContain("2026-12-01 12:00 UTC")
        .contains("This is a `quick` comparison")
        .doesNotContain("broken")
        .startsWith("# promsdk benchmarks\n\nintro\n\n## Targets\n\n- met\n\n<!-- baseline-comparison")
        .endsWith("<!-- /baseline-comparison -->\n\n## Results\n\n| table |\n");
  }

  @Test
  void withoutAnEarlierReportTheFileHoldsTheSectionAlone() throws Exception {
    String report = compare(tmp.resolve("new/comparison.md"), "baseline", "current", "meta.json");

    assertThat(report).startsWith("# promsdk: comparison with a baseline commit\n\n<!-- baseline-comparison")
        .contains("| baseline | `aaaaaaa` before |")
        .contains("| current | `bbbbbbb` after |")
        .endsWith("<!-- /baseline-comparison -->\n");
  }

  /** Runs compare.py with the canned rounds of the given sides; returns the file it wrote. */
  private static String compare(Path out, String baselineSide, String currentSide, String meta)
      throws IOException, InterruptedException, URISyntaxException {
    Path canned = Path.of(BaselineComparisonReportTest.class.getResource("/comparison/meta.json").toURI()).getParent();
    Path script = Path.of(SCRIPT).toAbsolutePath();
    assertThat(script).as("run from the promsdk-benchmarks module directory").exists();
    List<String> command = new ArrayList<>(List.of("python3", script.toString(),
        "--out", out.toString(),
        "--meta", canned.resolve(meta).toString(),
        "--baseline-benchmarks", canned.resolve(baselineSide + ".names").toString(),
        "--current-benchmarks", canned.resolve(currentSide + ".names").toString(),
        "--baseline", canned.resolve(baselineSide + "-r1.json").toString(),
        canned.resolve(baselineSide + "-r2.json").toString(),
        "--current", canned.resolve(currentSide + "-r1.json").toString(),
        canned.resolve(currentSide + "-r2.json").toString()));
    Path log = Files.createTempFile("compare", ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("compare.py finished").isTrue();
      assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(log);
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** The table row that starts with the given cell. */
  private static String row(String report, String start) {
    List<String> rows = tableRows(report).stream().filter(r -> r.startsWith("| " + start)).toList();
    assertThat(rows).as("rows starting with " + start).hasSize(1);
    return rows.get(0);
  }

  /** The rows of the comparison table (not its header, not the meta table). */
  private static List<String> tableRows(String report) {
    return report.lines().filter(l -> l.startsWith("| `")).toList();
  }
}
