package io.promsdk.remotewrite;

import static io.promsdk.remotewrite.RemoteWriteFixture.CREATED;
import static io.promsdk.remotewrite.RemoteWriteFixture.EXEMPLAR_TS;
import static io.promsdk.remotewrite.RemoteWriteFixture.EXTERNAL;
import static io.promsdk.remotewrite.RemoteWriteFixture.T;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DynamicMessage;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same read as {@link RegistryBatchReaderV1Test}, encoded as remote write 2.0 and decoded with
 * prometheus/prometheus' {@code io/prometheus/write/v2/types.proto}: the same series, plus the
 * metadata of each and the created timestamps as {@code start_timestamp}; a symbol table that
 * starts with {@code ""} and holds each string once.
 */
class RegistryBatchReaderV2Test {
  private static final String NATIVE = "histogram{count_int: 8 sum: 12.0 schema: 3 zero_threshold: 0.001"
      + " zero_count_int: 1 negative_spans { offset: -1 length: 1 } negative_deltas: 1"
      + " positive_spans { offset: 1 length: 2 } positive_spans { offset: 3 length: 1 }"
      + " positive_deltas: 2 positive_deltas: -1 positive_deltas: 2";
  private static final String JOBS = " meta{METRIC_TYPE_COUNTER help=\"Jobs done.\" unit=\"\"}";
  private static final String LATENCY = " meta{METRIC_TYPE_HISTOGRAM help=\"Latency.\" unit=\"seconds\"}";
  private static final String RPC = " meta{METRIC_TYPE_SUMMARY help=\"RPCs.\" unit=\"seconds\"}";
  private static final String SIZES = " meta{METRIC_TYPE_HISTOGRAM help=\"Both.\" unit=\"\"}";
  private static final String FEATURE = " meta{METRIC_TYPE_STATESET help=\"Features.\" unit=\"\"}";
  private static final String AT = " @" + T;
  private static final String STARTED = AT + " start=" + CREATED;

  @Test
  void everyTypeWithMetadataAndStartTimestamps() throws Exception {
    WriteBatch batch = new RegistryBatchReader(RemoteWriteFixture.registry(), EXTERNAL).read(T, 1, 1000).get(0);
    DynamicMessage request = RemoteWriteProto.roundTrip(batch, RemoteWriteProtocol.V2);

    assertThat(DecodedSeries.v2(request)).containsExactly(
        "{__name__=\"jobs_total\",instance=\"h:1\",job=\"api\",queue=\"q\"} 7.0" + STARTED
            + " # {trace_id=\"abc\"} 2.0 @" + EXEMPLAR_TS + JOBS,
        "{__name__=\"jobs_total\",instance=\"own\",job=\"api\",queue=\"r\"} 1.0" + AT + JOBS,
        "{__name__=\"temperature_celsius\",instance=\"h:1\",job=\"api\"} 21.5" + AT
            + " meta{METRIC_TYPE_GAUGE help=\"\" unit=\"celsius\"}",
        "{__name__=\"legacy\",instance=\"h:1\",job=\"api\"} -0.0" + AT
            + " meta{METRIC_TYPE_UNSPECIFIED help=\"Untyped.\" unit=\"\"}",
        "{__name__=\"build_info\",instance=\"h:1\",job=\"api\",version=\"1.2\"} 1.0" + AT
            + " meta{METRIC_TYPE_INFO help=\"Build.\" unit=\"\"}",
        "{__name__=\"feature\",env=\"prod\",feature=\"a\",instance=\"h:1\",job=\"api\"} 1.0" + AT + FEATURE,
        "{__name__=\"feature\",env=\"prod\",feature=\"b\",instance=\"h:1\",job=\"api\"} 0.0" + AT + FEATURE,
        "{__name__=\"latency_seconds_bucket\",instance=\"h:1\",job=\"api\",le=\"0.1\",path=\"/a\"} 1.0" + STARTED
            + " # {trace_id=\"def\"} 0.05" + AT + LATENCY,
        "{__name__=\"latency_seconds_bucket\",instance=\"h:1\",job=\"api\",le=\"1.0\",path=\"/a\"} 3.0" + STARTED
            + LATENCY,
        "{__name__=\"latency_seconds_bucket\",instance=\"h:1\",job=\"api\",le=\"+Inf\",path=\"/a\"} 4.0" + STARTED
            + LATENCY,
        "{__name__=\"latency_seconds_count\",instance=\"h:1\",job=\"api\",path=\"/a\"} 4.0" + STARTED + LATENCY,
        "{__name__=\"latency_seconds_sum\",instance=\"h:1\",job=\"api\",path=\"/a\"} 2.5" + STARTED + LATENCY,
        "{__name__=\"rpc_seconds\",instance=\"h:1\",job=\"api\",quantile=\"0.5\"} 0.2" + AT + RPC,
        "{__name__=\"rpc_seconds\",instance=\"h:1\",job=\"api\",quantile=\"0.99\"} 0.9" + AT + RPC,
        "{__name__=\"rpc_seconds_count\",instance=\"h:1\",job=\"api\"} 10.0" + STARTED + RPC,
        "{__name__=\"rpc_seconds_sum\",instance=\"h:1\",job=\"api\"} 5.0" + STARTED + RPC,
        "{__name__=\"sizes_bucket\",instance=\"h:1\",job=\"api\",le=\"1.0\"} 4.0" + STARTED + SIZES,
        "{__name__=\"sizes_bucket\",instance=\"h:1\",job=\"api\",le=\"+Inf\"} 8.0" + STARTED + SIZES,
        "{__name__=\"sizes_count\",instance=\"h:1\",job=\"api\"} 8.0" + STARTED + SIZES,
        "{__name__=\"sizes_sum\",instance=\"h:1\",job=\"api\"} 12.0" + STARTED + SIZES,
        "{__name__=\"sizes\",instance=\"h:1\",job=\"api\"} " + NATIVE + " timestamp: " + T
            + " start_timestamp: " + CREATED + "} # {trace_id=\"abc\"} 2.0 @" + EXEMPLAR_TS + SIZES,
        "{__name__=\"queue_depth\",instance=\"h:1\",job=\"api\"} " + NATIVE + " reset_hint: RESET_HINT_GAUGE"
            + " timestamp: " + T + "} meta{METRIC_TYPE_GAUGEHISTOGRAM help=\"Native gauge histogram.\" unit=\"\"}");
  }

  @Test
  void theSymbolTableStartsEmptyAndHoldsEachStringOnce() throws Exception {
    WriteBatch batch = new RegistryBatchReader(RemoteWriteFixture.registry(), EXTERNAL).read(T, 1, 1000).get(0);
    List<String> symbols = RemoteWriteProto.list(RemoteWriteProto.roundTrip(batch, RemoteWriteProtocol.V2), "symbols");

    assertThat(symbols.get(0)).isEmpty();
    assertThat(new HashSet<>(symbols)).hasSameSizeAs(symbols);
    assertThat(symbols).contains("__name__", "jobs_total", "instance", "h:1", "Jobs done.", "seconds", "+Inf");
  }

  @Test
  void v1AndV2CarryTheSameSeriesFromOneBatch() throws Exception {
    // The fallback after a 415 re-encodes a batch made for 2.0 as 1.0.
    WriteBatch batch = new RegistryBatchReader(RemoteWriteFixture.registry(), EXTERNAL, true).read(T, 1, 1000).get(0);
    List<String> v2 = DecodedSeries.v2(RemoteWriteProto.roundTrip(batch, RemoteWriteProtocol.V2));
    List<String> v1 = DecodedSeries.v1(RemoteWriteProto.roundTrip(batch, RemoteWriteProtocol.V1));

    assertThat(v1).isEqualTo(RemoteWriteFixture.expectedV1WithNativeHistograms());
    assertThat(v2).hasSameSizeAs(v1);
    for (int i = 0; i < v1.size(); i++) {
      assertThat(v2.get(i)).startsWith(v1.get(i).substring(0, v1.get(i).indexOf('}') + 1));
    }
  }
}
