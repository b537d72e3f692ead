package io.promsdk.remotewrite;

import io.promsdk.benchmarks.ScrapeFixtures;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.xerial.snappy.Snappy;

/**
 * Remote write from the 100,000-series registry of {@link ScrapeFixtures} (100,000 counter series
 * and 20 classic histograms: 100,340 samples), on one thread, one shard, batches of 2,000 samples
 * (Prometheus' {@code max_samples_per_send}). In this package because the reader and batches are
 * package-private in promsdk-remotewrite.
 *
 * <ul>
 *   <li>{@code readEncodeCompress}: what the sender does every interval, a read of the registry
 *       into batches, then each batch encoded ({@code -p protocol}) and snappy compressed;
 *   <li>{@code encodeCompress}: the batches of one read (made once) encoded and compressed again,
 *       as a retry or the 415 fallback does;
 *   <li>{@code compressOurs} / {@code compressSnappyJava}: the compression step alone on the same
 *       uncompressed body of one 2,000-sample batch: promsdk's block encoder against snappy-java's
 *       {@code rawCompress} (native C++ snappy, the physical limit here).
 * </ul>
 *
 * <p>The counters ({@code samples}, {@code wireBytes}, {@code inputBytes}) are rates per second:
 * samples/s per core, and wireBytes/samples = bytes per sample on the wire. With {@code -prof gc},
 * {@code gc.alloc.rate.norm} divided by the samples per operation (100,340 for the reading and
 * encoding benchmarks, 2,000 for the compression ones) is the allocation per sample.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Threads(1)
public class RemoteWriteEncodeBenchmark {
  static final int SERIES = 100_000;
  static final int BATCH = 2_000;
  static final long TIMESTAMP = 1_700_000_000_000L;

  @Param({"V1", "V2"})
  public RemoteWriteProtocol protocol;

  RegistryBatchReader reader;
  List<WriteBatch> batches;
  final RequestBuffer body = new RequestBuffer(1 << 20);
  byte[] uncompressed;
  byte[] compressed;
  SnappyBlock snappy = new SnappyBlock();

  /** Per-operation counts, reported by JMH as rates. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counts {
    public long samples;
    public long wireBytes;
    public long inputBytes;

    @Setup(Level.Iteration)
    public void clear() {
      samples = 0;
      wireBytes = 0;
      inputBytes = 0;
    }
  }

  @Setup
  public void setup() throws IOException {
    reader = new RegistryBatchReader(ScrapeFixtures.promsdk(new ScrapeFixtures.Labels(SERIES)),
        Map.of("job", "benchmark", "instance", "127.0.0.1:9400"));
    batches = reader.read(TIMESTAMP, 1, BATCH);
    batches.get(0).encodeTo(protocol, body);
    uncompressed = Snappy.uncompress(body.toByteArray());
    compressed = new byte[Math.max(SnappyBlock.maxCompressedLength(uncompressed.length),
        Snappy.maxCompressedLength(uncompressed.length))];
  }

  @Benchmark
  public long readEncodeCompress(Counts counts) {
    return encodeAll(reader.read(TIMESTAMP, 1, BATCH), counts);
  }

  @Benchmark
  public long encodeCompress(Counts counts) {
    return encodeAll(batches, counts);
  }

  private long encodeAll(List<WriteBatch> read, Counts counts) {
    long bytes = 0;
    for (WriteBatch b : read) {
      b.encodeTo(protocol, body);
      bytes += body.length();
      counts.samples += b.sampleCount();
    }
    counts.wireBytes += bytes;
    return bytes;
  }

  @Benchmark
  public int compressOurs(Counts counts) {
    int n = snappy.compress(uncompressed, 0, uncompressed.length, compressed, 0);
    counts.inputBytes += uncompressed.length;
    counts.wireBytes += n;
    return n;
  }

  @Benchmark
  public int compressSnappyJava(Counts counts) throws IOException {
    int n = Snappy.rawCompress(uncompressed, 0, uncompressed.length, compressed, 0);
    counts.inputBytes += uncompressed.length;
    counts.wireBytes += n;
    return n;
  }
}
