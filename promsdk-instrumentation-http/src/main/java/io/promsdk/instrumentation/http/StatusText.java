package io.promsdk.instrumentation.http;

/**
 * The {@code status} label values, made once: {@code Integer.toString} on every request would
 * allocate. Statuses outside 100..599 share one value, so a broken client cannot grow the label set.
 */
final class StatusText {
  static final String OUT_OF_RANGE = "UNKNOWN";
  private static final String[] TEXT = new String[600];

  static {
    for (int status = 100; status < TEXT.length; status++) {
      TEXT[status] = Integer.toString(status);
    }
  }

  private StatusText() {}

  static String of(int status) {
    return status >= 100 && status < TEXT.length ? TEXT[status] : OUT_OF_RANGE;
  }
}
