package io.promsdk.remotewrite;

import io.promsdk.core.Collector;
import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.internal.FamilyConsumer;
import io.promsdk.core.internal.RegistryAccess;
import io.promsdk.core.model.FamilyView;
import io.promsdk.core.model.MetricType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link BatchReader} of a {@link CollectorRegistry}: streams the registry as the exposition
 * formats do ({@link RegistryAccess#collect}: promsdk's own metrics are read live, series by
 * series, with no snapshot), flattens every data point into the series Prometheus would store
 * ({@link SeriesFlattener}), adds the external labels a series lacks, and packs the series into
 * compact per-shard batches ({@link ColumnarBatch}).
 *
 * <pre>{@code
 * BatchReader reader = new RegistryBatchReader(registry, Map.of("job", "api", "instance", "host:1"));
 * List<WriteBatch> batches = reader.read(System.currentTimeMillis(), 4, 2000);
 * }</pre>
 *
 * <p>A collector that fails is left out (counted and logged by the registry, as in a scrape), the
 * other collectors still read. Used by one thread at a time (the sender's scheduler); the columns,
 * label scratch and family list are reused from read to read, so a steady-state read allocates
 * the batches it returns and little else.
 */
final class RegistryBatchReader implements BatchReader, FamilyConsumer {
  private final CollectorRegistry registry;
  private final SeriesFlattener flattener;
  private final ShardedBatches shards;
  private FamilyView[] families = new FamilyView[16];
  private int familyCount;

  /**
   * A reader whose batches carry native histograms in remote write 2.0 only (in 1.0 a native-only
   * histogram goes as its {@code +Inf} bucket, count and sum), as Prometheus' own sender does by
   * default ({@code send_native_histograms: false}).
   *
   * @param externalLabels added, in this order, to every series that lacks a label of the name
   *     (as Prometheus' {@code external_labels}); a series' own label of that name is kept
   */
  RegistryBatchReader(CollectorRegistry registry, Map<String, String> externalLabels) {
    this(registry, externalLabels, false);
  }

  /**
   * @param nativeHistogramsInV1 whether remote write 1.0 requests carry native histograms too (in
   *     {@code TimeSeries.histograms}): only for receivers that take them, such as Prometheus 2.40+
   *     started with {@code --enable-feature=native-histograms}; others fail the whole request
   */
  RegistryBatchReader(CollectorRegistry registry, Map<String, String> externalLabels, boolean nativeHistogramsInV1) {
    this.shards = new ShardedBatches(nativeHistogramsInV1);
    this.registry = Objects.requireNonNull(registry, "registry");
    String[] names = new String[externalLabels.size()];
    String[] values = new String[externalLabels.size()];
    int i = 0;
    for (Map.Entry<String, String> e : externalLabels.entrySet()) {
      names[i] = Objects.requireNonNull(e.getKey(), "external label name");
      values[i] = Objects.requireNonNull(e.getValue(), () -> "value of external label " + e.getKey());
      i++;
    }
    this.flattener = new SeriesFlattener(names, values);
  }

  @Override
  public List<WriteBatch> read(long timestampMs, int shardCount, int maxSamplesPerBatch) {
    List<WriteBatch> batches = new ArrayList<>();
    shards.start(shardCount, maxSamplesPerBatch, timestampMs, batches);
    try {
      RegistryAccess.collect(registry, this);
      flattener.startRead(shards, timestampMs);
      for (int i = 0; i < familyCount; i++) {
        FamilyView family = families[i];
        flattener.startFamily(family.name(), family.type(), family.metadata());
        try {
          family.forEachDataPoint(flattener);
        } catch (IOException e) {
          throw new UncheckedIOException(family.name() + ": cannot read its data points", e);
        }
      }
      shards.finish();
      return batches;
    } catch (RuntimeException e) {
      shards.abandon();
      throw e;
    } finally {
      Arrays.fill(families, 0, familyCount, null);
      familyCount = 0;
    }
  }

  // ---------------------------------------------------------------- FamilyConsumer

  @Override
  public boolean wants(String name, MetricType type) {
    return true;
  }

  @Override
  public void family(FamilyView family, Collector from) {
    if (familyCount == families.length) {
      families = Arrays.copyOf(families, familyCount * 2);
    }
    families[familyCount] = family;
    familyCount++;
  }

  /** A failing collector is left out, counted and logged by the registry, as in a scrape. */
  @Override
  public boolean leavesOutFailedCollectors() {
    return true;
  }
}
