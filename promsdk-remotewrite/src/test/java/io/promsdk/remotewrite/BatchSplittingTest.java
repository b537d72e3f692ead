package io.promsdk.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.model.MetricSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How a read splits series: by shard (the same series on the same shard on every read, whatever
 * else the registry holds), and within a shard into batches of at most the batch size, with
 * every series exactly once; a failing collector is left out while the others are read.
 */
class BatchSplittingTest {
  private static final long T = 1_700_000_000_000L;

  private static CollectorRegistry counters(int series) {
    CollectorRegistry registry = new CollectorRegistry();
    Counter c = Counter.builder().name("hits_total").help("Hits.").labelNames("id").register(registry);
    for (int i = 0; i < series; i++) {
      c.labelValues("s" + i).inc(i);
    }
    return registry;
  }

  /** Series line (labels and value, no timestamp) to the shard it came in. */
  private static Map<String, Integer> shardOfEachSeries(List<WriteBatch> batches) throws Exception {
    Map<String, Integer> shards = new HashMap<>();
    for (WriteBatch b : batches) {
      for (String line : DecodedSeries.v1(RemoteWriteProto.roundTrip(b, RemoteWriteProtocol.V1))) {
        String series = line.substring(0, line.indexOf(" @"));
        assertThat(shards.put(series, b.shard())).as("%s read twice", series).isNull();
      }
    }
    return shards;
  }

  @Test
  void everySeriesOnceInBatchesOfAtMostTheBatchSize() throws Exception {
    List<WriteBatch> batches = new RegistryBatchReader(counters(1000), Map.of()).read(T, 4, 64);

    assertThat(batches).allSatisfy(b -> assertThat(b.sampleCount()).isBetween(1, 64));
    assertThat(batches).allSatisfy(b -> assertThat(b.shard()).isBetween(0, 3));
    assertThat(batches.stream().mapToInt(WriteBatch::sampleCount).sum()).isEqualTo(1000);
    Map<String, Integer> shards = shardOfEachSeries(batches);
    assertThat(shards).hasSize(1000);
    // Every shard gets a fair part: a hash that sends everything to one shard would fail here.
    for (int shard = 0; shard < 4; shard++) {
      int s = shard;
      assertThat(shards.values().stream().filter(v -> v == s).count()).as("shard %d", s).isBetween(150L, 350L);
    }
  }

  @Test
  void aSeriesStaysOnItsShardFromReadToRead() throws Exception {
    CollectorRegistry registry = counters(300);
    RegistryBatchReader reader = new RegistryBatchReader(registry, Map.of("job", "j"));
    Map<String, Integer> first = shardOfEachSeries(reader.read(T, 3, 50));
    // More series, and another reader: the first 300 keep their shards.
    Counter.builder().name("other_total").help("Other.").register(registry).inc();
    Map<String, Integer> second = shardOfEachSeries(new RegistryBatchReader(registry, Map.of("job", "j"))
        .read(T + 15_000, 3, 7));

    assertThat(second).hasSize(301);
    assertThat(second).containsAllEntriesOf(first);
  }

  @Test
  void aFailingCollectorIsLeftOutAndTheOthersAreRead() throws Exception {
    CollectorRegistry registry = counters(3);
    registry.register(new Collector() {
      @Override
      public Collection<? extends MetricSnapshot<?>> collect() {
        throw new IllegalStateException("broken on purpose");
      }
    });

    List<WriteBatch> batches = new RegistryBatchReader(registry, Map.of()).read(T, 1, 100);

    Set<String> names = new HashSet<>();
    for (String series : shardOfEachSeries(batches).keySet()) {
      names.add(series.substring(series.indexOf("__name__=\"") + 10, series.indexOf('"', series.indexOf("__name__=\"") + 10)));
    }
    assertThat(names).contains("hits_total");
    assertThat(shardOfEachSeries(batches).keySet().stream().filter(s -> s.contains("hits_total"))).hasSize(3);
  }

  @Test
  void anEmptyRegistryGivesNoBatch() {
    assertThat(new RegistryBatchReader(new CollectorRegistry(), Map.of("job", "j")).read(T, 2, 10)).isEmpty();
  }

  @Test
  void nonsenseArgumentsAreRefused() {
    RegistryBatchReader reader = new RegistryBatchReader(counters(1), Map.of());
    assertThatThrownBy(() -> reader.read(T, 0, 10)).hasMessageContaining("shards must be at least 1, got 0");
    assertThatThrownBy(() -> reader.read(T, 1, 0)).hasMessageContaining("maxSamplesPerBatch must be at least 1");
  }

  @Test
  void labelsAreSortedByNameInByteOrder() throws Exception {
    Map<String, String> external = new java.util.LinkedHashMap<>();
    external.put("zone", "z1");
    external.put("Region", "R");  // uppercase sorts before "__name__" in byte order
    external.put("cluster", "c");
    List<WriteBatch> batches = new RegistryBatchReader(counters(1), external).read(T, 1, 10);
    List<String> lines = new ArrayList<>(DecodedSeries.v1(RemoteWriteProto.roundTrip(batches.get(0), RemoteWriteProtocol.V1)));
    assertThat(lines).containsExactly(
        "{Region=\"R\",__name__=\"hits_total\",cluster=\"c\",id=\"s0\",zone=\"z1\"} 0.0 @" + T);
  }
}
