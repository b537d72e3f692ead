package io.promsdk.remotewrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.benchmarks.ScrapeFixtures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * What {@link RemoteWriteEncodeBenchmark} measures is real work on the whole registry: every
 * sample read and encoded, both compressors fed the same body and producing bodies that decompress
 * to it.
 */
class RemoteWriteEncodeBenchmarkTest {

  @Test
  void everyBenchmarkDoesTheWorkItNames() throws Exception {
    RemoteWriteEncodeBenchmark b = new RemoteWriteEncodeBenchmark();
    b.protocol = RemoteWriteProtocol.V1;
    b.setup();
    RemoteWriteEncodeBenchmark.Counts counts = new RemoteWriteEncodeBenchmark.Counts();

    long wire = b.readEncodeCompress(counts);
    // 100,000 counter series, 20 histograms of (buckets + _count + _sum) series.
    int histogramSeries = ScrapeFixtures.HISTOGRAM_SERIES * (io.promsdk.benchmarks.Inputs.DEFAULT_BUCKETS.length + 3);
    assertThat(counts.samples).isEqualTo(RemoteWriteEncodeBenchmark.SERIES + histogramSeries);
    assertThat(counts.wireBytes).isEqualTo(wire).isPositive();
    assertThat(b.encodeCompress(counts)).isEqualTo(wire);

    int ours = b.compressOurs(counts);
    assertThat(Snappy.uncompress(Arrays.copyOf(b.compressed, ours))).isEqualTo(b.uncompressed);
    int reference = b.compressSnappyJava(counts);
    assertThat(Snappy.uncompress(Arrays.copyOf(b.compressed, reference))).isEqualTo(b.uncompressed);
  }
}
