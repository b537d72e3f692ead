package io.promsdk.testsupport;

import java.util.Random;

/**
 * Property checks driven by a seed: runs a check on many random cases inside one JUnit 5 test,
 * and when a case fails, throws an {@link AssertionError} that names the seed and the case and
 * says how to run exactly that case again.
 *
 * <pre>{@code
 * @Test
 * void anyLongIsWrittenLikeLongToString() {
 *   Seeded.check(1000, random -> {
 *     long v = Draw.anyLong(random);
 *     assertThat(render(v)).isEqualTo(Long.toString(v));
 *   });
 * }
 * }</pre>
 *
 * <p>Each run picks a fresh seed, so repeated runs explore new cases; case {@code i} gets its own
 * {@link Random} made from the seed and {@code i}, so it can be replayed alone. To replay, pass the
 * seed (and optionally the case) as system properties; Maven's surefire hands {@code -D} options
 * to the test JVM:
 *
 * <pre>
 * mvn test -pl promsdk-exposition -Dtest='TextBufferTest#anyDoubleRoundTrips' -Dpromsdk.seed=42 -Dpromsdk.case=7
 * </pre>
 *
 * <p>There is no shrinking: a check should describe its input in its assertion messages
 * ({@code .as(...)}) so that the failure report shows what the case was.
 */
public final class Seeded {
  /** The system property that fixes the seed of every check in the JVM. */
  public static final String SEED_PROPERTY = "promsdk.seed";
  /** The system property that runs only this case (an index from a failure report). */
  public static final String CASE_PROPERTY = "promsdk.case";

  /** One case of a property: draws its input from {@code random} and asserts. */
  @FunctionalInterface
  public interface Check {
    void run(Random random) throws Exception;
  }

  private Seeded() {}

  /**
   * Runs {@code check} on {@code cases} random cases (or the one named by {@code -Dpromsdk.case}),
   * stopping at the first that throws.
   *
   * @throws AssertionError naming the seed, the case and the replay command, with the case's
   *     failure as its cause
   */
  public static void check(int cases, Check check) {
    if (cases < 1) {
      throw new IllegalArgumentException("cases must be at least 1, not " + cases);
    }
    String name = callerName();
    Long fixedSeed = longProperty(SEED_PROPERTY);
    Long onlyCase = longProperty(CASE_PROPERTY);
    if (onlyCase != null && fixedSeed == null) {
      throw new IllegalArgumentException("-D" + CASE_PROPERTY + " replays a case of a seed: also pass -D"
          + SEED_PROPERTY + " from the failure report");
    }
    long seed = fixedSeed != null ? fixedSeed : new Random().nextLong();
    int from = onlyCase != null ? Math.toIntExact(onlyCase) : 0;
    int to = onlyCase != null ? from + 1 : cases;
    for (int i = from; i < to; i++) {
      try {
        check.run(new Random(caseSeed(seed, i)));
      } catch (Exception | AssertionError e) {
        throw new AssertionError(report(name, seed, i, cases, e), e);
      }
    }
  }

  /** Spreads (seed, index) over the long range so neighbouring cases share no stream prefix. */
  static long caseSeed(long seed, int index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1L); // SplitMix64's finaliser
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static String report(String test, long seed, int index, int cases, Throwable failure) {
    return "property " + test + " failed on case " + index + " of " + cases + " (seed " + seed + ")\n"
        + "  replay: mvn test -pl <module> -Dtest='" + test + "' -D" + SEED_PROPERTY + "=" + seed
        + " -D" + CASE_PROPERTY + "=" + index + "\n"
        + "  cause (in full below): " + firstLine(failure);
  }

  /** The failure's type and the first non-blank line of its message (AssertJ's start with a newline). */
  private static String firstLine(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    String line = message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    String s = failure.getClass().getName() + ": " + line;
    return s.length() > 300 || !message.strip().equals(line) ? s.substring(0, Math.min(s.length(), 300)) + " ..." : s;
  }

  private static Long longProperty(String key) {
    String value = System.getProperty(key);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + key + " must be a whole number, not '" + value + "'", e);
    }
  }

  /** "Class#method" (surefire's -Dtest syntax) of the test that called {@link #check}. */
  private static String callerName() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(frames -> frames.filter(f -> f.getDeclaringClass() != Seeded.class)
            .findFirst()
            .map(f -> f.getDeclaringClass().getSimpleName() + "#" + enclosingMethod(f.getMethodName()))
            .orElse("?"));
  }

  /** javac names a lambda in {@code test()} "lambda$test$0": the test is what to replay. */
  private static String enclosingMethod(String method) {
    if (method.startsWith("lambda$")) {
      int end = method.indexOf('$', "lambda$".length());
      return end > 0 ? method.substring("lambda$".length(), end) : method;
    }
    return method;
  }
}
