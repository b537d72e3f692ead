package io.promsdk.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Per-thread position in {@link Inputs#OBSERVATION}: every library observes the same sequence. */
@State(Scope.Thread)
public class Cursor {
  private int i;

  /** The next observation. */
  public double next() {
    return Inputs.OBSERVATION[i = (i + 1) & Inputs.OBSERVATION_MASK];
  }
}
