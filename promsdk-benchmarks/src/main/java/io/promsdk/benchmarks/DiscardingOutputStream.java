package io.promsdk.benchmarks;

import java.io.OutputStream;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throws bytes away, but through a {@link Blackhole} so that the JIT cannot prove the formatting
 * that produced them dead. Counts them, so tests can check that something was written.
 */
public final class DiscardingOutputStream extends OutputStream {
  private final Blackhole blackhole;
  private long count;

  public DiscardingOutputStream(Blackhole blackhole) {
    this.blackhole = blackhole;
  }

  @Override
  public void write(int b) {
    blackhole.consume(b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    blackhole.consume(b);
    count += len;
  }

  public long count() {
    return count;
  }
}
