package io.promsdk.remotewrite;

import static io.promsdk.remotewrite.RemoteWriteFixture.EXTERNAL;
import static io.promsdk.remotewrite.RemoteWriteFixture.T;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DynamicMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A read of every family type, encoded as remote write 1.0, decompressed by snappy-java and decoded
 * with the {@code .proto} of prometheus/prometheus: every series as Prometheus stores a scrape.
 */
class RegistryBatchReaderV1Test {

  @Test
  void everyTypeFlattensAsPrometheusStoresIt() throws Exception {
    List<WriteBatch> batches = new RegistryBatchReader(RemoteWriteFixture.registry(), EXTERNAL).read(T, 1, 1000);

    assertThat(batches).hasSize(1);
    WriteBatch batch = batches.get(0);
    assertThat(batch.shard()).isZero();
    assertThat(batch.timestampMs()).isEqualTo(T);
    DynamicMessage request = RemoteWriteProto.roundTrip(batch, RemoteWriteProtocol.V1);
    assertThat(DecodedSeries.v1(request)).containsExactlyElementsOf(RemoteWriteFixture.expectedV1());
    assertThat(batch.sampleCount()).isEqualTo(RemoteWriteFixture.expectedV1().size());
    assertThat(request.getAllFields()).hasSize(1); // no metadata in 1.0
  }

  @Test
  void nativeHistogramsOnlyWhenTheReaderIsToldTo() throws Exception {
    List<WriteBatch> batches = new RegistryBatchReader(RemoteWriteFixture.registry(), EXTERNAL, true).read(T, 1, 1000);

    DynamicMessage request = RemoteWriteProto.roundTrip(batches.get(0), RemoteWriteProtocol.V1);
    assertThat(DecodedSeries.v1(request)).containsExactlyElementsOf(RemoteWriteFixture.expectedV1WithNativeHistograms());
    // The larger encoding counts: here the one without native histograms (3 series for 1).
    assertThat(batches.get(0).sampleCount()).isEqualTo(RemoteWriteFixture.expectedV1().size());
  }

  @Test
  void aBatchEncodesTheSameEveryTime() throws Exception {
    WriteBatch batch = new RegistryBatchReader(RemoteWriteFixture.registry(), EXTERNAL).read(T, 1, 1000).get(0);
    RequestBuffer first = new RequestBuffer(16);
    RequestBuffer second = new RequestBuffer(16);
    batch.encodeTo(RemoteWriteProtocol.V1, first);
    batch.encodeTo(RemoteWriteProtocol.V1, second);
    batch.encodeTo(RemoteWriteProtocol.V1, second); // a reused buffer is replaced, not appended to
    assertThat(second.toByteArray()).isEqualTo(first.toByteArray());
  }
}
