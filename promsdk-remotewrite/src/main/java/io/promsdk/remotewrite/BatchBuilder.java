package io.promsdk.remotewrite;

import io.promsdk.core.model.Exemplar;
import io.promsdk.core.model.HistogramDataPointView;
import io.promsdk.core.model.Labels;

/**
 * Collects the series of one shard into columns (see {@link ColumnarBatch} for the layout) until
 * {@link #sampleCount()} reaches the batch size, then {@link #seal}s them into an immutable batch
 * and starts over. Its columns are kept and reused by the next batch (a sealed batch gets
 * exact-size copies), so a steady-state read allocates only the batches it returns. Used by one
 * reading thread; not thread-safe.
 */
final class BatchBuilder {
  private final int shard;
  private final SymbolInterner symbols = new SymbolInterner();
  private final GrowableInts labelRefs = new GrowableInts();
  private final GrowableInts labelEnds = new GrowableInts();
  private final GrowableLongs valueBits = new GrowableLongs();
  private final GrowableInts histogramOffsets = new GrowableInts();
  private final GrowableLongs histograms = new GrowableLongs();
  private final GrowableLongs startTimestamps = new GrowableLongs();
  private final GrowableInts familyRefs = new GrowableInts();
  private final GrowableInts familyTypes = new GrowableInts();
  private final GrowableInts familyHelp = new GrowableInts();
  private final GrowableInts familyUnit = new GrowableInts();
  private final GrowableInts exemplarEnds = new GrowableInts();
  private final GrowableInts exemplarLabelEnds = new GrowableInts();
  private final GrowableInts exemplarLabelRefs = new GrowableInts();
  private final GrowableLongs exemplarValueBits = new GrowableLongs();
  private final GrowableLongs exemplarTimestamps = new GrowableLongs();
  /** The reader's number of the family of the last series added, -1 after a seal. */
  private int lastFamily = -1;
  private int nativeSeries;
  private int fallbackSeries;
  private final boolean nativeHistogramsInV1;

  BatchBuilder(int shard, boolean nativeHistogramsInV1) {
    this.shard = shard;
    this.nativeHistogramsInV1 = nativeHistogramsInV1;
  }

  /**
   * The samples of the larger of the batch's two encodings: with native histograms, or with the
   * classic fallback series of native-only histograms instead (see {@link ColumnarBatch}).
   */
  int sampleCount() {
    return labelEnds.size() - Math.min(nativeSeries, fallbackSeries);
  }

  /** A series with one float sample. */
  void addSample(FlattenedFamily family, SeriesLabels labels, double value, long startTimestampMs) {
    addSeries(family, labels, startTimestampMs);
    valueBits.addDouble(value);
    histogramOffsets.add(ColumnarBatch.FLOAT);
  }

  /**
   * A series with one float sample that stands in for a native-only histogram where native
   * histograms are not sent: its {@code +Inf} bucket, count or sum.
   */
  void addClassicFallback(FlattenedFamily family, SeriesLabels labels, double value, long startTimestampMs) {
    addSeries(family, labels, startTimestampMs);
    valueBits.addDouble(value);
    histogramOffsets.add(ColumnarBatch.CLASSIC_FALLBACK);
    fallbackSeries++;
  }

  /** A series with one native histogram sample: the native buckets of {@code p}. */
  void addNativeHistogram(FlattenedFamily family, SeriesLabels labels, HistogramDataPointView p,
      long startTimestampMs, boolean gauge) {
    addSeries(family, labels, startTimestampMs);
    valueBits.add(0);
    histogramOffsets.add(histograms.size());
    nativeSeries++;
    int negative = p.nativeNegativeBucketCount();
    int positive = p.nativePositiveBucketCount();
    histograms.add(p.count());
    histograms.addDouble(p.sum());
    histograms.add(p.nativeSchema());
    histograms.addDouble(p.nativeZeroThreshold());
    histograms.add(p.nativeZeroCount());
    histograms.add(gauge ? StoredHistogram.RESET_HINT_GAUGE : StoredHistogram.RESET_HINT_UNKNOWN);
    histograms.add(negative);
    histograms.add(positive);
    for (int i = 0; i < negative; i++) {
      histograms.add(p.nativeNegativeBucketIndex(i));
      histograms.add(p.nativeNegativeBucketValue(i));
    }
    for (int i = 0; i < positive; i++) {
      histograms.add(p.nativePositiveBucketIndex(i));
      histograms.add(p.nativePositiveBucketValue(i));
    }
  }

  private void addSeries(FlattenedFamily family, SeriesLabels labels, long startTimestampMs) {
    if (family.number() != lastFamily) {
      lastFamily = family.number();
      familyTypes.add(family.metadataType());
      familyHelp.add(symbols.intern(family.help()));
      familyUnit.add(symbols.intern(family.unit()));
    }
    familyRefs.add(familyTypes.size() - 1);
    for (int i = 0; i < labels.size(); i++) {
      labelRefs.add(symbols.intern(labels.name(i)));
      labelRefs.add(symbols.intern(labels.value(i)));
    }
    labelEnds.add(labelRefs.size());
    startTimestamps.add(startTimestampMs);
    exemplarEnds.add(exemplarValueBits.size());
  }

  /**
   * Attaches an exemplar to the series added last; one without a timestamp gets {@code
   * defaultTimestampMs} (the read's), as Prometheus stamps such an exemplar with the scrape's time.
   */
  void addExemplar(Exemplar e, long defaultTimestampMs) {
    Labels l = e.labels();
    for (int i = 0; i < l.size(); i++) {
      exemplarLabelRefs.add(symbols.intern(l.name(i)));
      exemplarLabelRefs.add(symbols.intern(l.value(i)));
    }
    exemplarLabelEnds.add(exemplarLabelRefs.size());
    exemplarValueBits.addDouble(e.value());
    exemplarTimestamps.add(e.hasTimestamp() ? e.timestampMillis() : defaultTimestampMs);
    // The series' exemplar end moves past this one.
    exemplarEnds.set(exemplarEnds.size() - 1, exemplarValueBits.size());
  }

  /** The series so far as an immutable batch; this builder starts over, empty. */
  ColumnarBatch seal(long timestampMs) {
    ColumnarBatch batch = new ColumnarBatch(shard, timestampMs, sampleCount(), nativeHistogramsInV1, symbols.toArray(),
        labelEnds.toArray(), labelRefs.toArray(), valueBits.toArray(), histogramOffsets.toArray(),
        histograms.toArray(), startTimestamps.toArray(), familyRefs.toArray(), familyTypes.toArray(),
        familyHelp.toArray(), familyUnit.toArray(), exemplarEnds.toArray(), exemplarLabelEnds.toArray(),
        exemplarLabelRefs.toArray(), exemplarValueBits.toArray(), exemplarTimestamps.toArray());
    clear();
    return batch;
  }

  void clear() {
    symbols.clear();
    labelRefs.clear();
    labelEnds.clear();
    valueBits.clear();
    histogramOffsets.clear();
    histograms.clear();
    startTimestamps.clear();
    familyRefs.clear();
    familyTypes.clear();
    familyHelp.clear();
    familyUnit.clear();
    exemplarEnds.clear();
    exemplarLabelEnds.clear();
    exemplarLabelRefs.clear();
    exemplarValueBits.clear();
    exemplarTimestamps.clear();
    lastFamily = -1;
    nativeSeries = 0;
    fallbackSeries = 0;
  }
}
