package io.promsdk.remotewrite;

/**
 * The {@link WriteBatch} of a {@link RegistryBatchReader}: the flattened series of one shard in
 * columns of primitives, with no object per series or sample, so that the sender's queue holds
 * them compactly and any protocol can encode them again (a retry, a fallback from 2.0 to 1.0).
 *
 * <p>Layout (series {@code s}, all arrays immutable once built):
 *
 * <ul>
 *   <li>{@code symbols}: every string of the batch once, {@code ""} first (the 2.0 symbol table);
 *   <li>labels: {@code labelRefs[labelEnds[s-1] .. labelEnds[s])}, name and value symbol pairs,
 *       sorted by name, {@code __name__} among them;
 *   <li>one sample: the native histogram stored at {@code histograms[histogramOffsets[s]]} (see
 *       {@link StoredHistogram}) if that offset is 0 or more, else the double {@code
 *       valueBits[s]}: a series always sent ({@link #FLOAT}) or the classic fallback of a
 *       native-only histogram ({@link #CLASSIC_FALLBACK}: its {@code _bucket{le="+Inf"}}, count
 *       and sum), sent instead of the native series where native histograms are not sent;
 *   <li>{@code startTimestamps[s]}: the created timestamp, 0 if none;
 *   <li>metadata: family {@code familyRefs[s]} of {@code familyTypes} (the 2.0 metadata type),
 *       {@code familyHelp} and {@code familyUnit} (symbols);
 *   <li>exemplars {@code exemplarEnds[s-1] .. exemplarEnds[s])}: labels {@code
 *       exemplarLabelRefs[exemplarLabelEnds[e-1] .. exemplarLabelEnds[e])}, value bits, timestamp.
 * </ul>
 *
 * <p>Every sample is at {@link #timestampMs()}. Native histograms are sent in 2.0 always, in
 * 1.0 only if the reader was told to ({@code nativeHistogramsInV1}, as Prometheus' own {@code
 * send_native_histograms}, off by default): a 1.0 receiver without native histograms enabled
 * (Prometheus 2.42 without {@code --enable-feature=native-histograms}) answers a request that
 * has one with a 500, which would be retried forever.
 */
final class ColumnarBatch implements WriteBatch {
  /** {@code histogramOffsets} of a float series sent in every encoding. */
  static final int FLOAT = -1;
  /** {@code histogramOffsets} of a float series sent only where native histograms are not. */
  static final int CLASSIC_FALLBACK = -2;

  private final int shard;
  private final long timestampMs;
  private final int sampleCount;
  private final boolean nativeHistogramsInV1;
  final String[] symbols;
  final int[] labelEnds;
  final int[] labelRefs;
  final long[] valueBits;
  final int[] histogramOffsets;
  final long[] histograms;
  final long[] startTimestamps;
  final int[] familyRefs;
  final int[] familyTypes;
  final int[] familyHelp;
  final int[] familyUnit;
  final int[] exemplarEnds;
  final int[] exemplarLabelEnds;
  final int[] exemplarLabelRefs;
  final long[] exemplarValueBits;
  final long[] exemplarTimestamps;

  @SuppressWarnings("checkstyle:ParameterNumber") // the columns, built by BatchBuilder only
  ColumnarBatch(int shard, long timestampMs, int sampleCount, boolean nativeHistogramsInV1, String[] symbols, int[] labelEnds, int[] labelRefs,
      long[] valueBits, int[] histogramOffsets, long[] histograms, long[] startTimestamps, int[] familyRefs,
      int[] familyTypes, int[] familyHelp, int[] familyUnit, int[] exemplarEnds, int[] exemplarLabelEnds,
      int[] exemplarLabelRefs, long[] exemplarValueBits, long[] exemplarTimestamps) {
    this.shard = shard;
    this.timestampMs = timestampMs;
    this.sampleCount = sampleCount;
    this.nativeHistogramsInV1 = nativeHistogramsInV1;
    this.symbols = symbols;
    this.labelEnds = labelEnds;
    this.labelRefs = labelRefs;
    this.valueBits = valueBits;
    this.histogramOffsets = histogramOffsets;
    this.histograms = histograms;
    this.startTimestamps = startTimestamps;
    this.familyRefs = familyRefs;
    this.familyTypes = familyTypes;
    this.familyHelp = familyHelp;
    this.familyUnit = familyUnit;
    this.exemplarEnds = exemplarEnds;
    this.exemplarLabelEnds = exemplarLabelEnds;
    this.exemplarLabelRefs = exemplarLabelRefs;
    this.exemplarValueBits = exemplarValueBits;
    this.exemplarTimestamps = exemplarTimestamps;
  }

  @Override
  public int shard() {
    return shard;
  }

  @Override
  public long timestampMs() {
    return timestampMs;
  }

  /** One sample per series sent; of the two encodings (with native histograms or without), the larger. */
  @Override
  public int sampleCount() {
    return sampleCount;
  }

  @Override
  public void encodeTo(RemoteWriteProtocol protocol, RequestBuffer out) {
    RequestEncoding.encode(this, protocol, out);
  }

  int seriesCount() {
    return labelEnds.length;
  }

  int labelStart(int series) {
    return series == 0 ? 0 : labelEnds[series - 1];
  }

  int exemplarStart(int series) {
    return series == 0 ? 0 : exemplarEnds[series - 1];
  }

  int exemplarLabelStart(int exemplar) {
    return exemplar == 0 ? 0 : exemplarLabelEnds[exemplar - 1];
  }

  /** Whether {@code series} is part of the request in {@code protocol}. */
  boolean isSent(int series, RemoteWriteProtocol protocol) {
    boolean natives = protocol == RemoteWriteProtocol.V2 || nativeHistogramsInV1;
    int offset = histogramOffsets[series];
    return offset == FLOAT || (offset == CLASSIC_FALLBACK ? !natives : natives);
  }

  boolean isHistogram(int series) {
    return histogramOffsets[series] >= 0;
  }

  double value(int series) {
    return Double.longBitsToDouble(valueBits[series]);
  }

  @Override
  public String toString() {
    return "ColumnarBatch{shard=" + shard + ", samples=" + sampleCount() + ", symbols=" + symbols.length + "}";
  }
}
