package io.promsdk.core.metrics;

import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.LabelRenderer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The label renderings a writer keeps with a metric's live series (see {@link
 * DataPointView#copyKeptLabels}): the renderings of the children of one {@link ChildTable}, in
 * the table's order, one after the other in one byte array, rendering {@code i} being that of the
 * child at index {@code i} of the table's ordered children.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Within one {@link #generation} of the table the child at index {@code i} never changes
 *       (inserts append; a removal starts a new generation and replaces this object), so rendering
 *       {@code i} stays right for as long as its generation is the table's. The table's one
 *       object tells its generation (an empty one, {@link #none}, before renderings are made); a
 *       visit reads it before and after the order (a seqlock: odd while a removal moves the
 *       children) and uses only renderings of that generation. Objects replace each other only by
 *       CAS from the table's current one, so an object of an older generation never comes back.
 *   <li>The bytes and end of every rendering below {@link #count} never change once written, and
 *       {@code count} is a volatile written after them: a reader that reads {@code count} first
 *       reads only complete renderings, without a lock.
 *   <li>One appender at a time: the cursor that won {@link #tryAppend}; only it writes past
 *       {@code count}, and only rendering {@code count}. It gives the right back at the end of its
 *       visit of the metric ({@link #endAppending}).
 *   <li>Growing makes a new object of the same generation, which the appender owns from its start
 *       and publishes in the table. It copies the array that is full and shares the other: readers
 *       of this one read only below its count, which nobody writes again, and the new one writes
 *       only past it (this one's right to append stays taken, so nobody appends here again).
 * </ul>
 */
final class KeptLabels {
  private static final byte[] NO_BYTES = new byte[0];
  private static final int[] NO_ENDS = new int[0];
  private static final VarHandle APPENDING;

  static {
    try {
      APPENDING = MethodHandles.lookup().findVarHandle(KeptLabels.class, "appending", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The most bytes per rendering still to come that a growth reserves ahead (see {@link #grown}). */
  private static final int MAX_PROJECTED_LENGTH = 256;

  /** A new table's: generation 0, no renderings. */
  static final KeptLabels FIRST = none(0);

  final int generation;
  /** Null in an object that holds no renderings (see {@link #none}). */
  final LabelRenderer renderer;
  private final byte[] bytes;
  /** Per rendering its end in {@link #bytes}, or {@code ~end} (negative) for one not kept. */
  private final int[] ends;
  private volatile int count;
  /** 1 while a cursor holds the right to append. */
  @SuppressWarnings("unused") // through APPENDING
  private volatile int appending;

  /**
   * No renderings, of generation {@code generation}: what a table holds before a writer asks, and
   * while a removal moves its children (odd). Nobody appends to it (its right to append is taken).
   */
  static KeptLabels none(int generation) {
    return new KeptLabels(generation, null, NO_BYTES, NO_ENDS, 0, 1);
  }

  /**
   * Empty renderings for generation {@code generation}, with room for the ends of {@code
   * expected} (the table's children now); the bytes are sized by the first append.
   */
  KeptLabels(int generation, LabelRenderer renderer, int expected) {
    this(generation, renderer, NO_BYTES, new int[Math.max(1, expected)], 0, 0);
  }

  private KeptLabels(int generation, LabelRenderer renderer, byte[] bytes, int[] ends, int count,
      int appending) {
    this.generation = generation;
    this.renderer = renderer;
    this.bytes = bytes;
    this.ends = ends;
    this.count = count;
    this.appending = appending;
  }

  /** How many renderings are complete: those of the children at indexes {@code 0..count-1}. */
  int count() {
    return count;
  }

  /**
   * Copies rendering {@code i < count()} to {@code into[offset]} if it was kept and fits before
   * {@code limit}; returns the position after it, or -1.
   */
  int copy(int i, byte[] into, int offset, int limit) {
    int end = ends[i];
    if (end < 0) {
      return -1;
    }
    int start = i == 0 ? 0 : start(ends[i - 1]);
    int length = end - start;
    if (length > limit - offset) {
      return -1;
    }
    System.arraycopy(bytes, start, into, offset, length);
    return offset + length;
  }

  private static int start(int previousEnd) {
    return previousEnd < 0 ? ~previousEnd : previousEnd;
  }

  /** How many bytes the renderings take, and how many are held: for tests of the sizing. */
  int usedBytes() {
    int n = count;
    return n == 0 ? 0 : start(ends[n - 1]);
  }

  int heldBytes() {
    return bytes.length;
  }

  /** Takes the right to append; false if another cursor holds it. */
  boolean tryAppend() {
    return APPENDING.compareAndSet(this, 0, 1);
  }

  /** Gives the right to append back. */
  void endAppending() {
    appending = 0;
  }

  /**
   * Renders {@code point}, the child at index {@code count()}, and keeps it as rendering {@code
   * count()}; only the appender calls it. Returns the object that now holds the renderings: this,
   * or a larger copy (owned by the caller, who publishes it) when this one was full.
   */
  KeptLabels append(DataPointView point) {
    int n = count;
    int start = n == 0 ? 0 : start(ends[n - 1]);
    int max = renderer.maxLength(point);
    if (max > MAX_BYTES - start) {
      max = -1; // renderings of 2 GB in one metric: the rest are not kept
    }
    KeptLabels target = this;
    if (n == ends.length || start + Math.max(max, 0) > bytes.length) {
      target = grown(n, start, start + Math.max(max, 0));
    }
    int end;
    if (max < 0) {
      end = ~start;
    } else {
      end = renderer.render(point, target.bytes, start);
      if (end < start || end - start > max) {
        throw new IllegalStateException("label renderer " + renderer + " wrote " + (end - start)
            + " bytes where its maxLength allowed " + max);
      }
    }
    target.ends[n] = end;
    target.count = n + 1; // publishes the rendering
    return target;
  }

  /** The most bytes one object keeps: about the largest array a JVM makes. */
  private static final int MAX_BYTES = Integer.MAX_VALUE - 16;

  /**
   * The object (owned by the caller) with room for one more rendering and {@code bytesNeeded}
   * bytes ({@code used} by the {@code n} kept, the rest the next one's most); an array with room
   * enough is shared (see the class's invariants). The bytes are sized for as many renderings as
   * there are ends for, at the average length so far (at most {@link #MAX_PROJECTED_LENGTH} each)
   * and an eighth more, so that a metric whose label sets are alike grows its bytes twice, on its
   * first scrape (for its first rendering, then for all), and keeps little room unused.
   */
  private KeptLabels grown(int n, int used, int bytesNeeded) {
    int[] moreEnds = n < ends.length ? ends : Arrays.copyOf(ends, n + (n >> 1) + 1);
    byte[] moreBytes = bytes;
    if (bytesNeeded > bytes.length) {
      long ahead = moreEnds.length - (n + 1L);
      long average = n == 0 ? 0 : (used + n - 1L) / n;
      long projected = bytesNeeded + ahead * Math.min(MAX_PROJECTED_LENGTH, average);
      projected += projected >> 3;
      long capacity = Math.max(projected, bytes.length + (long) (bytes.length >> 3));
      moreBytes = Arrays.copyOf(bytes, (int) Math.min(MAX_BYTES, capacity));
    }
    return new KeptLabels(generation, renderer, moreBytes, moreEnds, n, 1);
  }
}
