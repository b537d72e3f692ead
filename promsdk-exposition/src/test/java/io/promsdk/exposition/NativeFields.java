package io.promsdk.exposition;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import io.promsdk.core.model.NativeBuckets;

/**
 * The oracle's native histogram fields ({@link ProtobufOracle#expected}): what client_java 1.10
 * writes for a series' {@link NativeBuckets}, derived another way than the encoder does. Each
 * side's buckets are laid out densely, every index from the lowest to the highest populated one
 * (empty ones at 0); a span ends where three or more empty buckets follow each other, which are
 * left out, and shorter runs of empty buckets stay inside the span; deltas are taken over the
 * buckets the spans cover. Schema, zero threshold and zero count are always set; an empty series
 * with a zero threshold of 0 gets client_golang's no-op span.
 */
final class NativeFields {
  /** Runs of this many empty buckets or more are left out of the spans. */
  private static final int SPAN_BREAK = 3;

  private NativeFields() {}

  static void expected(DynamicMessage.Builder histogram, NativeBuckets b) {
    set(histogram, "schema", b.schema());
    set(histogram, "zero_threshold", b.zeroThreshold());
    set(histogram, "zero_count", b.zeroCount());
    int negatives = b.negativeSize();
    int positives = b.positiveSize();
    if (negatives > 0) {
      side(histogram, "negative", dense(b, false), b.negativeIndex(0));
    }
    if (positives > 0) {
      side(histogram, "positive", dense(b, true), b.positiveIndex(0));
    }
    if (negatives == 0 && positives == 0 && b.zeroCount() == 0 && b.zeroThreshold() == 0) {
      histogram.addRepeatedField(field(histogram.getDescriptorForType(), "positive_span"),
          span(histogram.getDescriptorForType(), 0, 0));
    }
  }

  /** The counts of one side from its lowest populated index to its highest, 0 where empty. */
  private static long[] dense(NativeBuckets b, boolean positive) {
    int n = positive ? b.positiveSize() : b.negativeSize();
    int low = positive ? b.positiveIndex(0) : b.negativeIndex(0);
    int high = positive ? b.positiveIndex(n - 1) : b.negativeIndex(n - 1);
    long[] counts = new long[high - low + 1];
    for (int i = 0; i < n; i++) {
      counts[(positive ? b.positiveIndex(i) : b.negativeIndex(i)) - low] =
          positive ? b.positiveCount(i) : b.negativeCount(i);
    }
    return counts;
  }

  private static void side(DynamicMessage.Builder histogram, String side, long[] dense, int low) {
    Descriptor type = histogram.getDescriptorForType();
    FieldDescriptor spans = field(type, side + "_span");
    FieldDescriptor deltas = field(type, side + "_delta");
    int spanStart = 0;      // dense position where the open span starts
    int spanEnd = 0;        // one past its last populated bucket
    int previousEnd = -1;   // one past the last closed span's end; -1: none yet
    long previous = 0;
    for (int i = 0; i <= dense.length; i++) {
      boolean closes = i == dense.length || (dense[i] == 0 && emptyRun(dense, i) >= SPAN_BREAK);
      if (closes) {
        int offset = previousEnd < 0 ? low + spanStart : spanStart - previousEnd;
        histogram.addRepeatedField(spans, span(type, offset, spanEnd - spanStart));
        for (int k = spanStart; k < spanEnd; k++) {
          histogram.addRepeatedField(deltas, dense[k] - previous);
          previous = dense[k];
        }
        if (i == dense.length) {
          break;
        }
        previousEnd = spanEnd;
        i += emptyRun(dense, i);
        spanStart = i;
      }
      spanEnd = i + 1;
    }
  }

  /** How many empty buckets follow each other from {@code i}. */
  private static int emptyRun(long[] dense, int i) {
    int run = 0;
    while (i + run < dense.length && dense[i + run] == 0) {
      run++;
    }
    return run;
  }

  private static DynamicMessage span(Descriptor histogram, int offset, int length) {
    DynamicMessage.Builder span = DynamicMessage.newBuilder(field(histogram, "positive_span").getMessageType());
    set(span, "offset", offset);
    set(span, "length", length);
    return span.build();
  }

  private static void set(DynamicMessage.Builder b, String name, Object value) {
    b.setField(field(b.getDescriptorForType(), name), value);
  }

  private static FieldDescriptor field(Descriptor type, String name) {
    FieldDescriptor f = type.findFieldByName(name);
    if (f == null) {
      throw new IllegalArgumentException(type.getFullName() + " has no field " + name);
    }
    return f;
  }
}
