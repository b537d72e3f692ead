package io.promsdk.pushgateway;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the builders. */
final class Checks {
  private Checks() {}

  static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
    return d;
  }
}
