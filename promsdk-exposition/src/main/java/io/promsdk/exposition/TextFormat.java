package io.promsdk.exposition;

import io.promsdk.core.model.CounterDataPointView;
import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.HistogramDataPointView;
import io.promsdk.core.model.MetricMetadata;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.SampleSuffixes;
import io.promsdk.core.model.StateSetDataPointView;
import io.promsdk.core.model.SummaryDataPointView;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Function;

/**
 * What the Prometheus text and OpenMetrics text formats have in common: the sample lines of
 * values, buckets, quantiles and states, written through a pooled {@link TextBuffer}. Subclasses
 * write the metadata lines and decide which samples counters, histograms and summaries have.
 * Every sample is written from the read-only data view of its type (by {@link TextFamilyWriter}),
 * whether it is a snapshot's data point or a metric's live series.
 */
abstract class TextFormat extends StreamingFormat {

  TextFormat(String name, String contentType, MediaType mediaType, boolean pushable,
      String displayName, Function<MetricType, List<String>> occupiedSuffixes) {
    super(name, contentType, mediaType, pushable, displayName, occupiedSuffixes);
  }

  @Override
  final void writeFamilies(OutputStream out, Scrape scrape) throws IOException {
    TextBuffer b = TextBuffer.acquire(out, scrape.options().keepRenderedLabels());
    try {
      TextFamilyWriter writer = new TextFamilyWriter(this, b, scrape.options().createdTimestamps());
      for (int i = 0; i < scrape.size(); i++) {
        writer.write(scrape.family(i), scrape.name(i), scrape.type(i));
      }
      writeEnd(b);
      b.flush();
    } finally {
      b.release();
    }
  }

  /** Writes the metadata lines of a family. */
  abstract void header(TextBuffer b, MetricMetadata metadata, MetricType type) throws IOException;

  abstract void counter(TextBuffer b, String name, CounterDataPointView s,
      boolean withCreated) throws IOException;

  abstract void histogram(TextBuffer b, String name, boolean gauge, HistogramDataPointView s,
      boolean withCreated) throws IOException;

  abstract void summary(TextBuffer b, String name, SummaryDataPointView s,
      boolean withCreated) throws IOException;

  /** Writes what follows the last family. */
  void writeEnd(TextBuffer b) throws IOException {}

  /** Writes a sample timestamp (after its separating space). */
  abstract void timestamp(TextBuffer b, long millis) throws IOException;

  // ---------------------------------------------------------------- shared sample lines

  /**
   * Ends a sample line: the series' timestamp, if it has one, and a line feed. Every sample line
   * is written as start ({@link TextBuffer#sampleStart} or a remembered start), value, then this;
   * anything a format adds after a sample's value and timestamp (an OpenMetrics exemplar, {@code
   * # {labels} value [timestamp]}) goes here, between the timestamp and the line feed.
   */
  final void end(TextBuffer b, DataPointView s) throws IOException {
    if (s.hasScrapeTimestamp()) {
      b.ascii(' ');
      timestamp(b, s.scrapeTimestampMillis());
    }
    b.ascii('\n');
  }

  /**
   * Ends a sample line that may carry an exemplar: the series' timestamp, if it has one, the
   * exemplar if the format writes exemplars ({@link #exemplar}) and a line feed.
   */
  final void endWithExemplar(TextBuffer b, DataPointView s, Exemplar e) throws IOException {
    if (s.hasScrapeTimestamp()) {
      b.ascii(' ');
      timestamp(b, s.scrapeTimestampMillis());
    }
    if (e != null) {
      exemplar(b, e);
    }
    b.ascii('\n');
  }

  /** Writes an exemplar at the end of a sample line; formats without exemplars (0.0.4) write nothing. */
  void exemplar(TextBuffer b, Exemplar e) throws IOException {}

  /** Whether {@link #exemplar} writes anything: true for formats that override it. */
  boolean writesExemplars() {
    return false;
  }

  /** {@code name suffix labels value [timestamp]}. */
  final void sample(TextBuffer b, String name, String suffix, DataPointView s, double value)
      throws IOException {
    sampleStart(b, name, suffix, s, false).value(value);
    end(b, s);
  }

  /** {@code name suffix labels value [timestamp]}, for counts. */
  final void sample(TextBuffer b, String name, String suffix, DataPointView s, long value)
      throws IOException {
    sampleStart(b, name, suffix, s, false).value(value);
    end(b, s);
  }

  /** {@code name suffix labels value [timestamp] [exemplar]}, the exemplar if the format writes them. */
  final void sampleWithExemplar(TextBuffer b, String name, String suffix, DataPointView s, double value,
      Exemplar e) throws IOException {
    sampleStart(b, name, suffix, s, false).value(value);
    endWithExemplar(b, s, e);
  }

  /**
   * {@code name suffix labels value [timestamp]} for a later line of a series whose labels
   * {@link #buckets} or {@link #quantiles} remembered: the same line as {@link #sample}.
   */
  final void sampleOfSameSeries(TextBuffer b, String name, String suffix, DataPointView s, double value)
      throws IOException {
    sampleStart(b, name, suffix, s, true).value(value);
    end(b, s);
  }

  /** As {@link #sampleOfSameSeries(TextBuffer, String, String, DataPointView, double)}, for counts. */
  final void sampleOfSameSeries(TextBuffer b, String name, String suffix, DataPointView s, long value)
      throws IOException {
    sampleStart(b, name, suffix, s, true).value(value);
    end(b, s);
  }

  /**
   * {@code name suffix labels } of a sample line: the labels remembered ones if {@code
   * sameSeries}, else from the family's {@link SamplePrefixTemplate}.
   */
  private static TextBuffer sampleStart(TextBuffer b, String name, String suffix, DataPointView s,
      boolean sameSeries) throws IOException {
    return sameSeries ? b.name(name, suffix).sameLabels(s).ascii(' ') : b.sampleStart(name, suffix, s);
  }

  /** {@code # KEYWORD name suffix } (the caller writes the rest of the line). */
  static TextBuffer metadata(TextBuffer b, String keyword, String name, String suffix) throws IOException {
    return b.ascii("# ").ascii(keyword).ascii(' ').name(name, suffix).ascii(' ');
  }

  /**
   * The cumulative {@code _bucket} samples, {@code le} last and canonical: a histogram series'
   * first lines. Remembers the series' labels, so that its later lines can use {@link
   * #sampleOfSameSeries}.
   */
  final void buckets(TextBuffer b, String name, HistogramDataPointView s) throws IOException {
    b.rememberLines(s, name, SampleSuffixes.BUCKET, "le");
    // A format without exemplars does not even ask the series for them, one per line.
    boolean exemplars = writesExemplars();
    for (int i = 0; i < s.bucketCount(); i++) {
      b.rememberedLine(s, s.upperBound(i)).value(s.cumulativeCount(i));
      if (exemplars) {
        endWithExemplar(b, s, s.bucketExemplar(i));
      } else {
        end(b, s);
      }
    }
  }

  /**
   * One sample per quantile, {@code quantile} last and canonical; negative values skipped if asked:
   * a summary series' first lines. Remembers the series' labels, as {@link #buckets} does.
   */
  final void quantiles(TextBuffer b, String name, SummaryDataPointView s, boolean skipNegative)
      throws IOException {
    b.rememberLines(s, name, "", "quantile");
    for (int i = 0; i < s.quantileCount(); i++) {
      if (skipNegative && s.quantileValue(i) < 0) {
        continue;
      }
      b.rememberedLine(s, s.quantile(i)).value(s.quantileValue(i));
      end(b, s);
    }
  }

  /**
   * One sample per state, labelled {@code <name>="<state>"}, valued 1 or 0. A state named twice is
   * written once (its first flag), as two samples with the same labels would be invalid.
   */
  final void states(TextBuffer b, String name, StateSetDataPointView s) throws IOException {
    b.rememberLabels(s);
    for (int i = 0; i < s.stateCount(); i++) {
      if (!isRepeatedState(s, i)) {
        b.name(name, "").sameLabels(s, name, s.stateName(i)).ascii(' ')
            .value(s.isStateEnabled(i) ? 1L : 0L);
        end(b, s);
      }
    }
  }
}
