package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsdk.core.model.CounterDataPointView;
import io.promsdk.core.model.DataPointView;
import io.promsdk.core.model.DataPointVisitor;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Expiry racing writers: increments through fresh lookups and through children cached across
 * expiries, while a scraper collects without pause on a clock that jumps past the idle time at each
 * collection (so any label set not updated between two collections expires). Bounded: a fixed
 * number of increments per writer, and a deadline.
 *
 * <p>The guarantee checked ({@link IdleExpiry}): every increment is exposed, and only a writer
 * paused between its increment and its check for a whole idle time (here: across two
 * collections, since the clock jumps) can have it exposed twice, once per child it retires. Each
 * series the scraper reads is remembered by its child object with the value last read; once the
 * writers are done and a last collection has run, the sum of those values is at least the number
 * of increments (an increment that landed in an expired child and stayed there would be missing)
 * and at most that plus the writers times the retired children.
 */
class IdleExpiryRaceTest {
  private static final int WRITERS = 3;
  private static final int INCREMENTS_PER_WRITER = 200_000;
  private static final int KEYS = 16;

  @Test
  void everyIncrementRacingExpiryIsExposed() throws Exception {
    AtomicLong millis = new AtomicLong();
    Counter c = Counter.builder().name("race_total").labelNames("k")
        .expireAfterIdle(Duration.ofSeconds(1)).expiryClock(millis::get).build();
    String[] keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "k" + i;
    }
    CountDownLatch done = new CountDownLatch(WRITERS);
    Thread[] writers = new Thread[WRITERS];
    for (int w = 0; w < WRITERS; w++) {
      SplittableRandom random = new SplittableRandom(w);
      writers[w] = new Thread(() -> {
        try {
          Counter.Child[] cached = new Counter.Child[KEYS];
          for (int i = 0; i < INCREMENTS_PER_WRITER; i++) {
            int k = random.nextInt(KEYS);
            if (random.nextBoolean()) {
              c.labelValues(keys[k]).inc();
            } else {
              if (cached[k] == null || random.nextInt(1000) == 0) {
                cached[k] = c.labelValues(keys[k]);
              }
              cached[k].inc();
            }
          }
        } finally {
          done.countDown();
        }
      }, "writer-" + w);
      writers[w].start();
    }

    Map<LabelledChild, Double> lastSeen = new IdentityHashMap<>();
    Field childField = LiveDataPoint.class.getDeclaredField("child");
    childField.setAccessible(true);
    DataPointVisitor remember = new DataPointVisitor() {
      @Override
      public void dataPoint(DataPointView p) {
        throw new AssertionError("a counter's data point passed without its type");
      }

      @Override
      public void counter(CounterDataPointView p) {
        try {
          lastSeen.put((LabelledChild) childField.get(p), p.value());
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    };
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int collections = 0;
    while (done.getCount() > 0 && System.nanoTime() < deadline) {
      millis.addAndGet(2000);
      c.forEachDataPoint(remember);
      collections++;
    }
    for (Thread t : writers) {
      t.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertThat(done.getCount()).as("writers finished within the deadline").isZero();
    c.forEachDataPoint(remember); // no clock step: reads what is linked, expires nothing

    double exposed = 0;
    int retired = 0;
    for (Map.Entry<LabelledChild, Double> e : lastSeen.entrySet()) {
      exposed += e.getValue();
      retired += e.getKey().idleState == IdleExpiry.RETIRED ? 1 : 0;
    }
    System.out.printf("IdleExpiryRaceTest: %d collections, %d children for %d label sets, %d retired,"
        + " %.0f exposed for %d increments%n", collections, lastSeen.size(), KEYS, retired, exposed,
        WRITERS * INCREMENTS_PER_WRITER);
    assertThat(lastSeen.size()).as("series expired and were recreated").isGreaterThan(KEYS);
    double increments = (double) WRITERS * INCREMENTS_PER_WRITER;
    assertThat(exposed).isGreaterThanOrEqualTo(increments);
    assertThat(exposed).isLessThanOrEqualTo(increments + (double) WRITERS * retired);
  }
}
