package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.model.CounterSnapshot;
import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.LabelRenderer;
import io.promsdk.core.model.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The label renderings a live series keeps between scrapes ({@link DataPointView#copyKeptLabels}):
 * rendered once per series, copied after, right after removals, inserts and growth, not shared
 * between renderers, and never wrong under concurrent scrapes that insert and remove.
 */
class KeptLabelsTest {

  /** Renders {@code name=value;} per label (ASCII) and counts its renderings. */
  private static final class CountingRenderer implements LabelRenderer {
    int renderings;
    int declineAbove = Integer.MAX_VALUE;
    /** Makes maxLength a worst case this many times the length, as the text pairs' 3 bytes per char. */
    int worstCaseFactor = 1;

    @Override
    public int maxLength(DataPointView p) {
      int length = 0;
      for (int i = 0; i < p.labelCount(); i++) {
        length += p.labelName(i).length() + p.labelValue(i).length() + 2;
      }
      return length > declineAbove ? -1 : worstCaseFactor * length;
    }

    @Override
    public int render(DataPointView p, byte[] into, int offset) {
      renderings++;
      byte[] text = expected(p).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(text, 0, into, offset, text.length);
      return offset + text.length;
    }
  }

  private static String expected(DataPointView p) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < p.labelCount(); i++) {
      s.append(p.labelName(i)).append('=').append(p.labelValue(i)).append(';');
    }
    return s.toString();
  }

  /** Per data point of {@code metric}: the kept rendering copied out, or "-1", in order. */
  private static List<String> copies(Metric metric, LabelRenderer renderer) throws IOException {
    List<String> copies = new ArrayList<>();
    byte[] buf = new byte[8192];
    metric.forEachDataPoint(p -> {
      int end = p.copyKeptLabels(renderer, buf, 3, buf.length);
      copies.add(end < 0 ? "-1" : new String(buf, 3, end - 3, StandardCharsets.US_ASCII));
    });
    return copies;
  }

  @Test
  void aSeriesRendersItsLabelsOnceAndCopiesThemOnLaterScrapes() throws IOException {
    Counter counter = Counter.builder().name("c_total").constLabel("k", "v").labelNames("a", "b").build();
    counter.labelValues("x", "1").inc();
    counter.labelValues("y", "2").inc();
    CountingRenderer renderer = new CountingRenderer();

    assertThat(copies(counter, renderer)).containsExactly("k=v;a=x;b=1;", "k=v;a=y;b=2;");
    assertThat(copies(counter, renderer)).containsExactly("k=v;a=x;b=1;", "k=v;a=y;b=2;");
    assertThat(renderer.renderings).as("rendered on the first scrape only").isEqualTo(2);

    counter.labelValues("z", "3").inc(); // a new series: appended, rendered on its first scrape
    assertThat(copies(counter, renderer)).containsExactly("k=v;a=x;b=1;", "k=v;a=y;b=2;", "k=v;a=z;b=3;");
    assertThat(renderer.renderings).isEqualTo(3);
  }

  @Test
  void aRemovalDropsTheRenderingsAndTheNextScrapeRendersTheSeriesInTheirNewPlaces() throws IOException {
    Counter counter = Counter.builder().name("c_total").labelNames("a").build();
    for (String v : List.of("p", "q", "r", "s")) {
      counter.labelValues(v).inc();
    }
    CountingRenderer renderer = new CountingRenderer();
    assertThat(copies(counter, renderer)).containsExactly("a=p;", "a=q;", "a=r;", "a=s;");

    counter.remove("q");
    assertThat(copies(counter, renderer)).containsExactly("a=p;", "a=r;", "a=s;");
    counter.labelValues("q").inc();
    assertThat(copies(counter, renderer)).containsExactly("a=p;", "a=r;", "a=s;", "a=q;");
    counter.clear();
    counter.labelValues("t").inc();
    assertThat(copies(counter, renderer)).containsExactly("a=t;");
    assertThat(renderer.renderings).isEqualTo(4 + 3 + 1 + 1);
  }

  @Test
  void renderingsGrowPastTheFirstArraysWithoutMovingAnyLabels() throws IOException {
    Counter counter = Counter.builder().name("c_total").labelNames("a").build();
    List<String> expected = new ArrayList<>();
    CountingRenderer renderer = new CountingRenderer();
    for (int i = 0; i < 300; i++) {
      String value = i + "-" + "v".repeat(i % 40); // 300 renderings, ~9 KB: past 16 slots and 1 KB
      counter.labelValues(value).inc();
      expected.add("a=" + value + ";");
      if (i % 37 == 0) { // appended by scrapes in between: several growths of both arrays
        assertThat(copies(counter, renderer)).isEqualTo(expected);
      }
    }
    assertThat(copies(counter, renderer)).isEqualTo(expected);
    assertThat(copies(counter, renderer)).isEqualTo(expected);
    assertThat(renderer.renderings).isEqualTo(300);
  }

  /**
   * The bytes are sized from the first renderings for the children there are: alike label sets
   * leave little room unused (an eighth at most, plus the first rendering's worst case), and a
   * second scrape adds nothing.
   */
  @Test
  void theRenderingsOfAlikeSeriesHoldLittleMoreThanTheirBytes() throws IOException {
    Counter counter = Counter.builder().name("c_total").labelNames("method", "path").build();
    for (int i = 0; i < 10_000; i++) {
      counter.labelValues("GET", "/api/v1/items/" + i).inc();
    }
    CountingRenderer worstCase = new CountingRenderer();
    worstCase.worstCaseFactor = 3;
    copies(counter, worstCase);
    KeptLabels kept = counter.children.keptLabelsNow();
    assertThat(kept.count()).isEqualTo(10_000);
    assertThat(kept.usedBytes()).isEqualTo(10 * (26 + 6) + 90 * (26 + 7) + 900 * (26 + 8) + 9_000 * (26 + 9));
    assertThat(kept.heldBytes()).isBetween(kept.usedBytes(), kept.usedBytes() * 9 / 8 + 3 * 35);
    copies(counter, worstCase);
    assertThat(counter.children.keptLabelsNow()).isSameAs(kept);
  }

  @Test
  void onlyTheFirstRendererIsKeptAndAnotherGetsNothing() throws IOException {
    Counter counter = Counter.builder().name("c_total").labelNames("a").build();
    counter.labelValues("x").inc();
    CountingRenderer first = new CountingRenderer();
    CountingRenderer second = new CountingRenderer();
    assertThat(copies(counter, first)).containsExactly("a=x;");
    assertThat(copies(counter, second)).containsExactly("-1");
    assertThat(second.renderings).isZero();
  }

  @Test
  void aDeclinedOrTooLongRenderingIsNotCopiedAndTheSeriesAfterItAreKept() throws IOException {
    Counter counter = Counter.builder().name("c_total").labelNames("a").build();
    counter.labelValues("short").inc();
    counter.labelValues("a-long-one").inc();
    counter.labelValues("tiny").inc();
    CountingRenderer renderer = new CountingRenderer();
    renderer.declineAbove = 10;
    assertThat(copies(counter, renderer)).containsExactly("a=short;", "-1", "a=tiny;");
    assertThat(copies(counter, renderer)).containsExactly("a=short;", "-1", "a=tiny;");
    assertThat(renderer.renderings).isEqualTo(2);

    byte[] small = new byte[7];
    List<Integer> ends = new ArrayList<>();
    counter.forEachDataPoint(p -> ends.add(p.copyKeptLabels(renderer, small, 0, small.length)));
    assertThat(ends).as("7 bytes hold a=tiny; only").containsExactly(-1, -1, 7);
  }

  @Test
  void aVisitThatFailsWhileAppendingGivesTheRightToAppendBack() throws IOException {
    Counter counter = Counter.builder().name("c_total").labelNames("a").build();
    counter.labelValues("x").inc();
    counter.labelValues("y").inc();
    CountingRenderer renderer = new CountingRenderer();
    byte[] buf = new byte[64];
    assertThatThrownBy(() -> counter.forEachDataPoint(p -> {
      p.copyKeptLabels(renderer, buf, 0, buf.length); // takes the right to append, renders x
      throw new IOException("client gone");
    })).isInstanceOf(IOException.class).hasMessage("client gone");
    assertThat(copies(counter, renderer)).as("the next scrape appends y").containsExactly("a=x;", "a=y;");
    assertThat(renderer.renderings).isEqualTo(2);
  }

  @Test
  void aRendererThatWritesMoreThanItsMaximumIsARenderingError() {
    Counter counter = Counter.builder().name("c_total").labelNames("a").build();
    counter.labelValues("x").inc();
    LabelRenderer liar = new LabelRenderer() {
      @Override
      public int maxLength(DataPointView point) {
        return 1;
      }

      @Override
      public int render(DataPointView point, byte[] into, int offset) {
        return offset + 4;
      }

      @Override
      public String toString() {
        return "liar";
      }
    };
    assertThatThrownBy(() -> copies(counter, liar)).isInstanceOf(IllegalStateException.class)
        .hasMessage("label renderer liar wrote 4 bytes where its maxLength allowed 1");
  }

  @Test
  void snapshotsAndDetachedSeriesKeepNothing() throws IOException {
    Counter counter = Counter.builder().name("c_total").labelNames("a").build();
    counter.labelValues("x").inc();
    CounterSnapshot snapshot = (CounterSnapshot) counter.snapshot();
    byte[] buf = new byte[64];
    assertThat(snapshot.dataPoints().get(0).copyKeptLabels(new CountingRenderer(), buf, 0, buf.length))
        .isEqualTo(-1);
    LiveDataPoint detached = new LiveDataPoint(counter.type()).start(Labels.of("a", "x"), 0);
    assertThat(detached.copyKeptLabels(new CountingRenderer(), buf, 0, buf.length)).isEqualTo(-1);
  }

  /** One of 200 label sets: removed (one time in three) or created and incremented. */
  private static void insertOrRemove(Counter counter, SplittableRandom random) {
    String a = "a" + random.nextInt(40);
    String b = "b" + random.nextInt(5);
    if (random.nextInt(3) == 0) {
      counter.remove(a, b);
    } else {
      counter.labelValues(a, b).inc();
    }
  }

  /** Random inserts and removals between scrapes, one thread: every copy is its series' labels. */
  @Test
  void scrapesBetweenRandomInsertsAndRemovalsCopyEachSeriesOwnLabels() throws IOException {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    Counter counter = Counter.builder().name("c_total").labelNames("a", "b").build();
    CountingRenderer renderer = new CountingRenderer();
    byte[] buf = new byte[256];
    for (int round = 0; round < 300; round++) {
      for (int i = random.nextInt(6); i > 0; i--) {
        insertOrRemove(counter, random);
      }
      counter.forEachDataPoint(p -> {
        int end = p.copyKeptLabels(renderer, buf, 0, buf.length);
        assertThat(end).as("seed %d", seed).isPositive();
        assertThat(new String(buf, 0, end, StandardCharsets.US_ASCII)).as("seed %d", seed).isEqualTo(expected(p));
      });
    }
  }

  /**
   * Scrapers copy while a writer inserts and removes series: every copy is the rendering of the
   * very series it was asked for (the renderer writes the labels; a copy is compared with the
   * labels the cursor shows). Bounded: 2 seconds at most, seed printed on failure.
   */
  @Test
  void concurrentScrapesInsertsAndRemovalsNeverCopyAnotherSeriesLabels() throws Exception {
    long seed = new SplittableRandom().nextLong();
    Counter counter = Counter.builder().name("c_total").labelNames("a", "b").build();
    CountingRenderer renderer = new CountingRenderer();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      CountDownLatch started = new CountDownLatch(3);
      List<Future<Long>> scrapers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        scrapers.add(pool.submit(() -> {
          started.countDown();
          byte[] buf = new byte[256];
          long copied = 0;
          long[] count = new long[1];
          while (!stop.get()) {
            counter.forEachDataPoint(p -> {
              int end = p.copyKeptLabels(renderer, buf, 0, buf.length);
              if (end >= 0) {
                String copy = new String(buf, 0, end, StandardCharsets.US_ASCII);
                if (!copy.equals(expected(p))) {
                  throw new AssertionError("seed " + seed + ": copied " + copy + " for " + expected(p));
                }
                count[0]++;
              }
            });
            copied = count[0];
          }
          return copied;
        }));
      }
      Future<?> writer = pool.submit(() -> {
        started.countDown();
        SplittableRandom random = new SplittableRandom(seed);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (int i = 0; i < 200_000 && System.nanoTime() < deadline; i++) {
          insertOrRemove(counter, random);
        }
        return null;
      });
      started.await();
      writer.get(10, TimeUnit.SECONDS);
      stop.set(true);
      long copied = 0;
      for (Future<Long> f : scrapers) {
        copied += f.get(10, TimeUnit.SECONDS);
      }
      assertThat(copied).as("seed %d: copies made", seed).isPositive();
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }
}
