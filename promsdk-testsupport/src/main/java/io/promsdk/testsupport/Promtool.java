package io.promsdk.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs {@code /usr/bin/promtool check metrics} (Prometheus 2.42) on an exposition.
 *
 * <p><b>promtool only understands the Prometheus text format 0.0.4.</b> It has no OpenMetrics
 * parser, and this class passes the input through unchanged. Found by experiment with 2.42,
 * OpenMetrics input behaves like this:
 *
 * <ul>
 *   <li>{@code # EOF} and {@code # UNIT} lines are plain comments: accepted and ignored, never
 *       required, and text after {@code # EOF} is still checked.
 *   <li>An OpenMetrics counter ({@code # TYPE foo counter} with sample {@code foo_total}) and any
 *       {@code _created} sample do not belong to the declared family; they become untyped
 *       families of their own and draw the lint problem {@code foo_total no help text} (exit 3).
 *   <li>Exemplars ({@code ... # {trace_id="x"} 1}) and float-second timestamps are parse errors
 *       ({@code expected integer as timestamp}), exit 1.
 *   <li>The types {@code info}, {@code stateset}, {@code gaugehistogram} and {@code unknown} are
 *       parse errors ({@code unknown metric type}), exit 1.
 * </ul>
 *
 * So check OpenMetrics output with {@link PythonParser#parseOpenMetrics} instead.
 *
 * <p>promtool prints everything on stderr, which {@link Result#output()} merges with stdout.
 * Exit codes: 0 clean; 1 parse error (one line {@code error while linting: text format parsing
 * error in line N: ...}); 3 lint problems only (one line each, {@code <metric> <problem>}, e.g.
 * {@code foo counter metrics should have "_total" suffix} or {@code foo no help text}).
 */
public final class Promtool {

  private static final String PARSE_ERROR_PREFIX = "error while linting: ";
  private static final int LINT_EXIT_CODE = 3;

  /**
   * What {@code promtool check metrics} said.
   *
   * @param output stdout and stderr, trailing whitespace removed
   */
  public record Result(int exitCode, String output) {

    /** True if promtool found neither a parse error nor a lint problem. */
    public boolean ok() {
      return exitCode == 0;
    }

    /**
     * The parse error, without promtool's {@code error while linting: } prefix; empty if the
     * input parsed (also when it only has lint problems).
     */
    public Optional<String> parseError() {
      if (exitCode == 0 || exitCode == LINT_EXIT_CODE) {
        return Optional.empty();
      }
      String message = output.strip();
      return Optional.of(
          message.startsWith(PARSE_ERROR_PREFIX)
              ? message.substring(PARSE_ERROR_PREFIX.length())
              : message);
    }

    /** The lint problems, one per line of output; empty if there are none or parsing failed. */
    public List<String> lintProblems() {
      if (exitCode != LINT_EXIT_CODE) {
        return List.of();
      }
      return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
  }

  private Promtool() {}

  /** Pipes {@code exposition} (as UTF-8) into {@code promtool check metrics}. */
  public static Result checkMetrics(String exposition) {
    Exec.Output out =
        Exec.run(
            List.of("/usr/bin/promtool", "check", "metrics"),
            exposition,
            Duration.ofSeconds(30),
            true);
    return new Result(out.exitCode(), out.stdout().stripTrailing());
  }
}
