package io.promsdk.remotewrite;

import io.promsdk.exposition.internal.ProtobufBuffer;

/**
 * Encodes a {@link ColumnarBatch} as a remote write 1.0 {@code prometheus.WriteRequest}
 * (prometheus/prometheus {@code prompb/remote.proto} and {@code prompb/types.proto}): one {@code
 * TimeSeries} per series with its sorted {@code labels}, one {@code Sample} or, for a native
 * histogram, one {@code Histogram} (the field Prometheus reads since 2.40; only if the reader
 * was told to send them in 1.0, see {@link ColumnarBatch}), and its {@code exemplars}. 1.0 has no field for created timestamps, and metadata travels in separate requests
 * in Prometheus' own sender, so neither is written.
 */
final class V1RequestEncoder {
  // WriteRequest
  private static final int TIMESERIES = 1;
  // TimeSeries
  private static final int LABELS = 1;
  private static final int SAMPLES = 2;
  private static final int EXEMPLARS = 3;
  private static final int HISTOGRAMS = 4;
  // Label {name, value}, Sample {value, timestamp}, Exemplar {labels, value, timestamp}
  private static final int FIRST = 1;
  private static final int SECOND = 2;
  private static final int EXEMPLAR_TIMESTAMP = 3;

  private V1RequestEncoder() {}

  static void encode(ColumnarBatch b, ProtobufBuffer out, StoredHistogram histogram) {
    String[] symbols = b.symbols;
    long timestamp = b.timestampMs();
    for (int s = 0, n = b.seriesCount(); s < n; s++) {
      if (!b.isSent(s, RemoteWriteProtocol.V1)) {
        continue;
      }
      int series = out.beginMessage(TIMESERIES);
      labels(out, LABELS, symbols, b.labelRefs, b.labelStart(s), b.labelEnds[s]);
      if (b.isHistogram(s)) {
        histogram.at(b, s).write(out, HISTOGRAMS, timestamp, 0);
      } else {
        int sample = out.beginMessage(SAMPLES);
        out.doubleField(FIRST, b.value(s));
        out.varintField(SECOND, timestamp);
        out.endMessage(sample);
      }
      for (int e = b.exemplarStart(s); e < b.exemplarEnds[s]; e++) {
        int exemplar = out.beginMessage(EXEMPLARS);
        labels(out, FIRST, symbols, b.exemplarLabelRefs, b.exemplarLabelStart(e), b.exemplarLabelEnds[e]);
        out.doubleField(SECOND, Double.longBitsToDouble(b.exemplarValueBits[e]));
        out.varintField(EXEMPLAR_TIMESTAMP, b.exemplarTimestamps[e]);
        out.endMessage(exemplar);
      }
      out.endMessage(series);
    }
    histogram.release();
  }

  /** {@code Label} messages in {@code field} for the symbol pairs {@code refs[from, to)}. */
  private static void labels(ProtobufBuffer out, int field, String[] symbols, int[] refs, int from, int to) {
    for (int i = from; i < to; i += 2) {
      int label = out.beginMessage(field);
      out.stringField(FIRST, symbols[refs[i]]);
      out.stringField(SECOND, symbols[refs[i + 1]]);
      out.endMessage(label);
    }
  }
}
