package io.promsdk.remotewrite;

import io.promsdk.exposition.internal.ProtobufBuffer;

/**
 * Encodes a {@link ColumnarBatch} as a remote write 2.0 {@code io.prometheus.write.v2.Request}
 * (prometheus/prometheus {@code prompb/io/prometheus/write/v2/types.proto}): the batch's symbols,
 * {@code ""} first, as the symbol table; one {@code TimeSeries} per series with its sorted label
 * references (packed), one {@code Sample} or native {@code Histogram}, its exemplars, its
 * metadata (type, help and unit references) and its created timestamp as the sample's {@code
 * start_timestamp} (the field that replaced the experimental {@code TimeSeries.created_timestamp}
 * in prometheus/prometheus#17411).
 */
final class V2RequestEncoder {
  // Request
  private static final int SYMBOLS = 4;
  private static final int TIMESERIES = 5;
  // TimeSeries
  private static final int LABELS_REFS = 1;
  private static final int SAMPLES = 2;
  private static final int HISTOGRAMS = 3;
  private static final int EXEMPLARS = 4;
  private static final int METADATA = 5;
  // Sample {value, timestamp, start_timestamp}; Exemplar {labels_refs, value, timestamp}
  private static final int FIRST = 1;
  private static final int SECOND = 2;
  private static final int THIRD = 3;
  // Metadata
  private static final int METADATA_TYPE = 1;
  private static final int HELP_REF = 3;
  private static final int UNIT_REF = 4;

  private V2RequestEncoder() {}

  static void encode(ColumnarBatch b, ProtobufBuffer out, StoredHistogram histogram) {
    for (String symbol : b.symbols) {
      out.stringField(SYMBOLS, symbol);
    }
    long timestamp = b.timestampMs();
    for (int s = 0, n = b.seriesCount(); s < n; s++) {
      if (!b.isSent(s, RemoteWriteProtocol.V2)) {
        continue;
      }
      int series = out.beginMessage(TIMESERIES);
      refs(out, LABELS_REFS, b.labelRefs, b.labelStart(s), b.labelEnds[s]);
      long start = b.startTimestamps[s];
      if (b.isHistogram(s)) {
        histogram.at(b, s).write(out, HISTOGRAMS, timestamp, start);
      } else {
        int sample = out.beginMessage(SAMPLES);
        out.doubleField(FIRST, b.value(s));
        out.varintField(SECOND, timestamp);
        if (start > 0) {
          out.varintField(THIRD, start);
        }
        out.endMessage(sample);
      }
      for (int e = b.exemplarStart(s); e < b.exemplarEnds[s]; e++) {
        int exemplar = out.beginMessage(EXEMPLARS);
        refs(out, FIRST, b.exemplarLabelRefs, b.exemplarLabelStart(e), b.exemplarLabelEnds[e]);
        out.doubleField(SECOND, Double.longBitsToDouble(b.exemplarValueBits[e]));
        out.varintField(THIRD, b.exemplarTimestamps[e]);
        out.endMessage(exemplar);
      }
      metadata(out, b, b.familyRefs[s]);
      out.endMessage(series);
    }
    histogram.release();
  }

  /** A packed repeated {@code uint32} field of the symbol references {@code refs[from, to)}. */
  private static void refs(ProtobufBuffer out, int field, int[] refs, int from, int to) {
    if (from == to) {
      return;
    }
    int packed = out.beginMessage(field);
    for (int i = from; i < to; i++) {
      out.varint(refs[i]);
    }
    out.endMessage(packed);
  }

  /** {@code Metadata}, its zero fields left out as proto3 leaves them. */
  private static void metadata(ProtobufBuffer out, ColumnarBatch b, int family) {
    int m = out.beginMessage(METADATA);
    if (b.familyTypes[family] != 0) {
      out.varintField(METADATA_TYPE, b.familyTypes[family]);
    }
    if (b.familyHelp[family] != 0) {
      out.varintField(HELP_REF, b.familyHelp[family]);
    }
    if (b.familyUnit[family] != 0) {
      out.varintField(UNIT_REF, b.familyUnit[family]);
    }
    out.endMessage(m);
  }
}
