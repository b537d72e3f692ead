package io.promsdk.testsupport;

import java.util.List;

/**
 * A metric family as the Python client's parser saw it.
 *
 * @param name the family name as Python reports it: for a text-format counter {@code foo_total}
 *     that is {@code foo}
 * @param type e.g. {@code counter}, {@code gauge}, {@code histogram}, {@code summary}, {@code
 *     untyped} (text format), {@code unknown}, {@code info}, {@code stateset}, {@code
 *     gaugehistogram} (OpenMetrics)
 * @param help the unescaped HELP text, empty if none
 * @param unit the UNIT, empty if none (always empty for the text format)
 */
public record ParsedFamily(
    String name, String type, String help, String unit, List<ParsedSample> samples) {

  public ParsedFamily {
    samples = List.copyOf(samples);
  }

  /** The samples with the given sample name, e.g. {@code foo_bucket}. */
  public List<ParsedSample> samples(String sampleName) {
    return samples.stream().filter(s -> s.name().equals(sampleName)).toList();
  }
}
