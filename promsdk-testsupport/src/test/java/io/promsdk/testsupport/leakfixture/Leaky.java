package io.promsdk.testsupport.leakfixture;

import io.promsdk.testsupport.leakfixture.internal.Hidden;
import java.util.List;
import java.util.function.Supplier;

/** Public API that names an internal type in each place a signature can, for {@code InternalTypeLeaksTest}. */
public class Leaky implements Supplier<List<? extends Hidden>> {
  public Hidden field;

  public Leaky(Hidden[] hidden) {}

  protected <T extends Hidden> void bound(T t) {}

  @Override
  public List<? extends Hidden> get() {
    return List.of();
  }

  // Not API: none of these may be reported.
  Hidden packagePrivate() {
    return null;
  }

  private Hidden privateField;

  public void clean(String s) {}

  /** Not public, so not API, whatever its signature. */
  static class NotPublic {
    public Hidden notApi() {
      return null;
    }
  }
}
