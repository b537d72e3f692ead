package io.promsdk.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses an exposition with the reference parsers of the Python client ({@code
 * python3-prometheus-client} 0.16, run by {@code /usr/bin/python3}): {@code
 * prometheus_client.parser} for the text format 0.0.4 and {@code
 * prometheus_client.openmetrics.parser} for OpenMetrics 1.0.
 *
 * <p>Each call starts one Python process (about 0.1-0.2s). The embedded script prints JSON with
 * {@code ensure_ascii}, so any unicode, quote, backslash or newline in names, label values and
 * help travels as JSON escapes; numbers travel as strings ({@code NaN}, {@code +Inf}, {@code
 * -Inf} or Python's shortest round-trip {@code repr}), so every double value comes back exact.
 */
public final class PythonParser {

  /** Python's parser rejected the input; {@link #pythonError()} is its message. */
  public static final class ParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String pythonError;

    ParseException(String format, String pythonError) {
      super("the Python " + format + " parser rejected the input: " + pythonError);
      this.pythonError = pythonError;
    }

    /** E.g. {@code ValueError: Missing # EOF at end}. */
    public String pythonError() {
      return pythonError;
    }
  }

  private static final String PYTHON = "/usr/bin/python3";

  // Exit codes: 0 parsed, 1 the parser rejected the input, 3 prometheus_client is missing.
  // Output on stdout: {"families":[{"name","type","help","unit","samples":[{"name","labels",
  // "value","timestamp","exemplar":{"labels","value","timestamp"}|null}]}]} or {"error":"..."}.
  private static final String SCRIPT =
      """
      import json, math, sys

      def out(obj, code):
          sys.stdout.write(json.dumps(obj, ensure_ascii=True, allow_nan=False))
          sys.stdout.flush()
          sys.exit(code)

      try:
          if sys.argv[1] == 'openmetrics':
              from prometheus_client.openmetrics.parser import text_string_to_metric_families
          else:
              from prometheus_client.parser import text_string_to_metric_families
      except ImportError as e:
          out({'setup_error': type(e).__name__ + ': ' + str(e)}, 3)

      def num(v):
          v = float(v)
          if math.isnan(v):
              return 'NaN'
          if math.isinf(v):
              return '+Inf' if v > 0 else '-Inf'
          return repr(v)

      def opt_num(v):
          return None if v is None else num(v)

      families = []
      try:
          text = sys.stdin.buffer.read().decode('utf-8')
          for f in text_string_to_metric_families(text):
              samples = []
              for s in f.samples:
                  e = s.exemplar
                  samples.append({
                      'name': s.name, 'labels': s.labels, 'value': num(s.value),
                      'timestamp': opt_num(s.timestamp),
                      'exemplar': None if e is None else {
                          'labels': e.labels, 'value': num(e.value),
                          'timestamp': opt_num(e.timestamp)}})
              families.append({'name': f.name, 'type': f.type, 'help': f.documentation,
                               'unit': f.unit, 'samples': samples})
      except Exception as e:
          out({'error': type(e).__name__ + ': ' + str(e)}, 1)
      out({'families': families}, 0)
      """;

  private PythonParser() {}

  /**
   * Parses the Prometheus text format 0.0.4.
   *
   * @throws ParseException if Python's parser rejects it
   */
  public static List<ParsedFamily> parsePrometheusText(String text) {
    return run("text", "Prometheus text", text);
  }

  /**
   * Parses OpenMetrics 1.0 text; it must end with {@code # EOF}.
   *
   * @throws ParseException if Python's parser rejects it
   */
  public static List<ParsedFamily> parseOpenMetrics(String text) {
    return run("openmetrics", "OpenMetrics", text);
  }

  private static List<ParsedFamily> run(String mode, String formatName, String text) {
    // -I: ignore PYTHONPATH, user site-packages and the working directory, so only the
    // Debian-installed prometheus_client can be imported.
    Exec.Output out =
        Exec.run(List.of(PYTHON, "-I", "-c", SCRIPT, mode), text, Duration.ofSeconds(60), false);
    Map<String, Object> result;
    try {
      result = Json.object(Json.parse(out.stdout()), "python output");
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          PYTHON + " exited with code " + out.exitCode() + " without a result; stdout: "
              + out.stdout() + "; stderr: " + out.stderr(),
          e);
    }
    if (result.containsKey("setup_error")) {
      throw new IllegalStateException(
          PYTHON + " cannot import prometheus_client (install python3-prometheus-client): "
              + result.get("setup_error"));
    }
    if (result.containsKey("error")) {
      throw new ParseException(formatName, Json.string(result.get("error"), "error"));
    }
    List<ParsedFamily> families = new ArrayList<>();
    for (Object f : Json.array(result.get("families"), "families")) {
      Map<String, Object> family = Json.object(f, "family");
      List<ParsedSample> samples = new ArrayList<>();
      for (Object s : Json.array(family.get("samples"), "samples")) {
        Map<String, Object> sample = Json.object(s, "sample");
        ParsedExemplar exemplar = null;
        if (sample.get("exemplar") != null) {
          Map<String, Object> e = Json.object(sample.get("exemplar"), "exemplar");
          exemplar =
              new ParsedExemplar(
                  Json.stringMap(e.get("labels"), "exemplar.labels"),
                  number(e.get("value")),
                  optionalNumber(e.get("timestamp")));
        }
        samples.add(
            new ParsedSample(
                Json.string(sample.get("name"), "sample.name"),
                Json.stringMap(sample.get("labels"), "sample.labels"),
                number(sample.get("value")),
                optionalNumber(sample.get("timestamp")),
                exemplar));
      }
      families.add(
          new ParsedFamily(
              Json.string(family.get("name"), "family.name"),
              Json.string(family.get("type"), "family.type"),
              Json.string(family.get("help"), "family.help"),
              Json.string(family.get("unit"), "family.unit"),
              samples));
    }
    return families;
  }

  private static double number(Object value) {
    return PrometheusServer.parsePromValue(Json.string(value, "number"));
  }

  private static Double optionalNumber(Object value) {
    return value == null ? null : number(value);
  }
}
