package io.promsdk.core.model;

import java.util.Arrays;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Immutable native (exponential) histogram buckets, as the Prometheus native histogram
 * specification defines them: at schema {@code s} (-4..8) the bucket boundaries are the powers of
 * {@code base = 2^(2^-s)}, bucket index {@code i} holds the observations {@code v} with {@code
 * base^(i-1) < |v| <= base^i} (positive buckets for {@code v > 0}, negative ones for {@code v < 0}),
 * and the zero bucket holds those with {@code |v| <= zeroThreshold}.
 *
 * <p>Only populated buckets are listed, by strictly ascending index, each with its absolute (not
 * cumulative, not delta) count, which is at least 1: that is what {@link HistogramDataPointView}'s
 * native accessors hand a format, which derives spans and deltas from it.
 *
 * <pre>{@code
 * NativeBuckets buckets = NativeBuckets.builder(3)   // schema 3: base 2^(1/8)
 *     .zeroThreshold(1e-9).zeroCount(2)
 *     .positive(0, 5).positive(8, 1)                // 5 in (0.917, 1], 1 in (1.834, 2]
 *     .negative(-2, 4)
 *     .build();
 * }</pre>
 */
public final class NativeBuckets {
  /** The lowest schema the specification defines (base 2^16). */
  public static final int MIN_SCHEMA = -4;
  /** The highest schema the specification defines (base 2^(1/256)). */
  public static final int MAX_SCHEMA = 8;

  private static final int[] NO_INDEXES = {};
  private static final long[] NO_COUNTS = {};

  private final int schema;
  private final double zeroThreshold;
  private final long zeroCount;
  private final int[] positiveIndexes;
  private final long[] positiveCounts;
  private final int[] negativeIndexes;
  private final long[] negativeCounts;

  private NativeBuckets(int schema, double zeroThreshold, long zeroCount, int[] positiveIndexes,
      long[] positiveCounts, int[] negativeIndexes, long[] negativeCounts) {
    this.schema = schema;
    this.zeroThreshold = zeroThreshold;
    this.zeroCount = zeroCount;
    this.positiveIndexes = positiveIndexes;
    this.positiveCounts = positiveCounts;
    this.negativeIndexes = negativeIndexes;
    this.negativeCounts = negativeCounts;
  }

  /**
   * Buckets from arrays (all copied, then checked).
   *
   * @throws IllegalArgumentException naming the rule broken: schema outside -4..8, a zero threshold
   *     that is negative, infinite or NaN, a negative zero count, index and count arrays of
   *     different lengths, an index beyond {@code ±2^(schema+11)}, indexes not strictly
   *     ascending, a count below 1, counts adding up past {@code Long.MAX_VALUE}
   */
  public static NativeBuckets of(int schema, double zeroThreshold, long zeroCount, int[] positiveIndexes,
      long[] positiveCounts, int[] negativeIndexes, long[] negativeCounts) {
    NativeBuckets b = new NativeBuckets(schema, zeroThreshold, zeroCount,
        Objects.requireNonNull(positiveIndexes, "positiveIndexes").clone(),
        Objects.requireNonNull(positiveCounts, "positiveCounts").clone(),
        Objects.requireNonNull(negativeIndexes, "negativeIndexes").clone(),
        Objects.requireNonNull(negativeCounts, "negativeCounts").clone());
    b.check();
    return b;
  }

  /** A builder for buckets at {@code schema}; buckets may be added in any order. */
  public static Builder builder(int schema) {
    return new Builder(schema);
  }

  private void check() {
    if (schema < MIN_SCHEMA || schema > MAX_SCHEMA) {
      throw new IllegalArgumentException("native schema must be in " + MIN_SCHEMA + ".." + MAX_SCHEMA + ", not " + schema);
    }
    if (!(zeroThreshold >= 0) || zeroThreshold == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("native zero threshold must be finite and >= 0, not " + zeroThreshold);
    }
    if (zeroCount < 0) {
      throw new IllegalArgumentException("native zero count must be >= 0, not " + zeroCount);
    }
    checkSide("positive", positiveIndexes, positiveCounts);
    checkSide("negative", negativeIndexes, negativeCounts);
    try {
      totalCount();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("native bucket counts add up to more than " + Long.MAX_VALUE, e);
    }
  }

  /**
   * The largest index magnitude at {@code schema}: {@code 2^(schema+11)}, more than any finite
   * double reaches (2^1024 is index 1024·2^schema, 2^-1074 is -1074·2^schema), which keeps every
   * gap between indexes, and so every span offset a format writes, within an int.
   */
  static int maxIndex(int schema) {
    return 1 << (schema + 11);
  }

  private void checkSide(String side, int[] indexes, long[] counts) {
    if (indexes.length != counts.length) {
      throw new IllegalArgumentException("need one count per " + side + " native bucket index: "
          + indexes.length + " indexes, " + counts.length + " counts");
    }
    int max = maxIndex(schema);
    for (int i = 0; i < indexes.length; i++) {
      if (indexes[i] > max || indexes[i] < -max) {
        throw new IllegalArgumentException(side + " native bucket index " + indexes[i] + " is out of range for schema "
            + schema + ": at most " + max + " in magnitude (beyond what any finite double reaches)");
      }
      if (i > 0 && indexes[i] <= indexes[i - 1]) {
        throw new IllegalArgumentException(side + " native bucket indexes must be strictly ascending: "
            + Arrays.toString(indexes));
      }
      if (counts[i] < 1) {
        throw new IllegalArgumentException(side + " native bucket " + indexes[i]
            + " has count " + counts[i] + ": only populated buckets (count >= 1) are listed");
      }
    }
  }

  public int schema() {
    return schema;
  }

  public double zeroThreshold() {
    return zeroThreshold;
  }

  public long zeroCount() {
    return zeroCount;
  }

  /** The number of populated positive buckets. */
  public int positiveSize() {
    return positiveIndexes.length;
  }

  public int positiveIndex(int i) {
    return positiveIndexes[i];
  }

  public long positiveCount(int i) {
    return positiveCounts[i];
  }

  /** The number of populated negative buckets. */
  public int negativeSize() {
    return negativeIndexes.length;
  }

  public int negativeIndex(int i) {
    return negativeIndexes[i];
  }

  public long negativeCount(int i) {
    return negativeCounts[i];
  }

  /**
   * The observations in all native buckets, the zero bucket included. A histogram's count may be
   * larger (observations of NaN are counted but fall in no bucket), never smaller.
   *
   * @throws ArithmeticException if that overflows a long
   */
  public long totalCount() {
    long total = zeroCount;
    for (long c : positiveCounts) {
      total = Math.addExact(total, c);
    }
    for (long c : negativeCounts) {
      total = Math.addExact(total, c);
    }
    return total;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NativeBuckets b && schema == b.schema
        && Double.compare(zeroThreshold, b.zeroThreshold) == 0 && zeroCount == b.zeroCount
        && Arrays.equals(positiveIndexes, b.positiveIndexes) && Arrays.equals(positiveCounts, b.positiveCounts)
        && Arrays.equals(negativeIndexes, b.negativeIndexes) && Arrays.equals(negativeCounts, b.negativeCounts);
  }

  @Override
  public int hashCode() {
    int h = schema * 31 + Double.hashCode(zeroThreshold);
    h = h * 31 + Long.hashCode(zeroCount);
    h = h * 31 + Arrays.hashCode(positiveIndexes);
    h = h * 31 + Arrays.hashCode(positiveCounts);
    h = h * 31 + Arrays.hashCode(negativeIndexes);
    return h * 31 + Arrays.hashCode(negativeCounts);
  }

  @Override
  public String toString() {
    return "NativeBuckets{schema=" + schema + ", zeroThreshold=" + zeroThreshold + ", zeroCount=" + zeroCount
        + ", positive=" + pairs(positiveIndexes, positiveCounts) + ", negative=" + pairs(negativeIndexes, negativeCounts) + "}";
  }

  private static String pairs(int[] indexes, long[] counts) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < indexes.length; i++) {
      s.append(i == 0 ? "" : ", ").append(indexes[i]).append(':').append(counts[i]);
    }
    return s.append(']').toString();
  }

  /**
   * Collects buckets for {@link NativeBuckets}; {@link #build()} sorts them by index and checks
   * them as {@link NativeBuckets#of} does (an index given twice is an error, not a sum).
   */
  public static final class Builder {
    private final int schema;
    private double zeroThreshold;
    private long zeroCount;
    private final TreeMap<Integer, Long> positive = new TreeMap<>();
    private final TreeMap<Integer, Long> negative = new TreeMap<>();

    private Builder(int schema) {
      this.schema = schema;
    }

    /** The zero bucket's width; default 0 (only observations of exactly 0 land there). */
    public Builder zeroThreshold(double zeroThreshold) {
      this.zeroThreshold = zeroThreshold;
      return this;
    }

    /** The observations in the zero bucket; default 0. */
    public Builder zeroCount(long zeroCount) {
      this.zeroCount = zeroCount;
      return this;
    }

    /** Positive bucket {@code index} holds {@code count} observations (at least 1). */
    public Builder positive(int index, long count) {
      put("positive", positive, index, count);
      return this;
    }

    /** Negative bucket {@code index} (for {@code -base^index <= v < -base^(index-1)}) holds {@code count}. */
    public Builder negative(int index, long count) {
      put("negative", negative, index, count);
      return this;
    }

    private static void put(String side, TreeMap<Integer, Long> buckets, int index, long count) {
      if (buckets.putIfAbsent(index, count) != null) {
        throw new IllegalArgumentException(side + " native bucket " + index + " is given twice");
      }
    }

    public NativeBuckets build() {
      NativeBuckets b = new NativeBuckets(schema, zeroThreshold, zeroCount, indexes(positive), counts(positive),
          indexes(negative), counts(negative));
      b.check();
      return b;
    }

    private static int[] indexes(TreeMap<Integer, Long> buckets) {
      return buckets.isEmpty() ? NO_INDEXES : buckets.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    private static long[] counts(TreeMap<Integer, Long> buckets) {
      return buckets.isEmpty() ? NO_COUNTS : buckets.values().stream().mapToLong(Long::longValue).toArray();
    }
  }
}
