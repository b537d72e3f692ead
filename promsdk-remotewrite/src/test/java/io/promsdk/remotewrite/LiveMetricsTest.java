package io.promsdk.remotewrite;

import static io.promsdk.remotewrite.RemoteWriteProto.get;
import static io.promsdk.remotewrite.RemoteWriteProto.list;
import static io.promsdk.remotewrite.RemoteWriteProto.messages;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DynamicMessage;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Histogram;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * promsdk's own metrics, read live (no snapshot) as the sender reads them: a default histogram
 * (classic and native buckets) arrives as its classic series and one native histogram whose
 * buckets add up to its count; a counter's created timestamp arrives in 2.0 only.
 */
class LiveMetricsTest {
  private static final long T = 1_700_000_000_000L;

  @Test
  void aLiveHistogramArrivesClassicAndNative() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Histogram h = Histogram.builder().name("op_seconds").help("Ops.").buckets(0.1, 1).register(registry);
    double[] observations = {0.05, 0.2, 0.2, 3, -1, 0};
    double sum = 0;
    for (double v : observations) {
      h.observe(v);
      sum += v;
    }

    WriteBatch batch = new RegistryBatchReader(registry, Map.of(), true).read(T, 1, 100).get(0);
    DynamicMessage request = RemoteWriteProto.roundTrip(batch, RemoteWriteProtocol.V1);

    assertThat(DecodedSeries.v1(request).subList(0, 5)).containsExactly(
        "{__name__=\"op_seconds_bucket\",le=\"0.1\"} 3.0 @" + T,
        "{__name__=\"op_seconds_bucket\",le=\"1.0\"} 5.0 @" + T,
        "{__name__=\"op_seconds_bucket\",le=\"+Inf\"} 6.0 @" + T,
        "{__name__=\"op_seconds_count\"} 6.0 @" + T,
        "{__name__=\"op_seconds_sum\"} " + sum + " @" + T);
    List<DynamicMessage> series = messages(request, "timeseries");
    assertThat(series).hasSize(6);
    DynamicMessage nativeHistogram = messages(series.get(5), "histograms").get(0);
    assertThat(get(nativeHistogram, "count_int")).isEqualTo(6L);
    assertThat(get(nativeHistogram, "sum")).isEqualTo(sum);
    assertThat(get(nativeHistogram, "timestamp")).isEqualTo(T);
    long buckets = (Long) get(nativeHistogram, "zero_count_int");
    for (String side : new String[] {"positive_deltas", "negative_deltas"}) {
      long count = 0;
      for (long delta : RemoteWriteProto.<Long>list(nativeHistogram, side)) {
        count += delta; // deltas from bucket to bucket: the running sum is each bucket's count
        buckets += count;
      }
    }
    assertThat(buckets).as("zero bucket + positive + negative buckets").isEqualTo(6);
  }

  @Test
  void aLiveCountersCreatedTimestampIsSentIn2Point0() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    long before = System.currentTimeMillis();
    Counter.builder().name("jobs_total").help("Jobs.").register(registry).inc(3);

    WriteBatch batch = new RegistryBatchReader(registry, Map.of("job", "j")).read(T, 1, 100).get(0);
    DynamicMessage v2 = RemoteWriteProto.roundTrip(batch, RemoteWriteProtocol.V2);
    DynamicMessage sample = messages(messages(v2, "timeseries").get(0), "samples").get(0);

    assertThat(get(sample, "value")).isEqualTo(3.0);
    assertThat((Long) get(sample, "start_timestamp")).isBetween(before - 1000, System.currentTimeMillis());
    assertThat(list(v2, "symbols")).startsWith("");
  }
}
