package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The owned stripes, their fallback and the reader's duties (revoking, freeing stripes of dead
 * threads). Bucket k always gets the value k + 1, so a consistent reading has a sum of exactly
 * sum((k + 1) * count[k]).
 */
class HotColdCountsTest {

  @Test
  void readingsAreConsistentWhileFewWritersRace() throws Exception {
    raceAndCheck(4, 200_000); // each writer on a stripe of its own, bar hash collisions
  }

  @Test
  void readingsAreConsistentWithMoreWritersThanStripes() throws Exception {
    HotColdCounts counts = raceAndCheck(80, 10_000);
    assertThat(counts.createdStripes()).isGreaterThan(1);
    assertThat(counts.usedFallback()).isTrue();
  }

  private static HotColdCounts raceAndCheck(int writers, int perWriter) throws Exception {
    int buckets = 4;
    HotColdCounts counts = new HotColdCounts(buckets);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < writers; t++) {
      int first = t;
      threads.add(started(() -> {
        await(start);
        for (int i = 0; i < perWriter; i++) {
          int bucket = (first + i) % buckets;
          counts.observe(bucket, bucket + 1);
        }
      }));
    }
    long[] out = new long[buckets];
    long readings = 0;
    long lastCount = 0;
    start.countDown();
    while (threads.stream().anyMatch(Thread::isAlive)) {
      long count = readConsistent(counts, out);
      assertThat(count).isGreaterThanOrEqualTo(lastCount); // never goes back
      lastCount = count;
      readings++;
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(readConsistent(counts, out)).isEqualTo((long) writers * perWriter);
    for (int k = 0; k < buckets; k++) {
      assertThat(out[k]).isEqualTo((long) writers * perWriter / buckets);
    }
    assertThat(readings).isGreaterThan(10);
    return counts;
  }

  @Test
  void aReaderProgressesWhileOneThreadHammersTheChild() throws Exception {
    int buckets = 30; // a long read, which a writer in a tight loop would always overlap
    HotColdCounts counts = new HotColdCounts(buckets);
    AtomicBoolean stop = new AtomicBoolean();
    long[] written = new long[1];
    CountDownLatch running = new CountDownLatch(1);
    Thread hammer = started(() -> {
      long n = 0;
      while (!stop.get()) {
        for (int i = 0; i < 1000; i++, n++) {
          int bucket = (int) (n % buckets);
          counts.observe(bucket, bucket + 1);
        }
        running.countDown();
      }
      written[0] = n;
    });
    try {
      running.await();
      long[] out = new long[buckets];
      assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
        for (int i = 0; i < 200; i++) {
          readConsistent(counts, out);
        }
      });
    } finally {
      stop.set(true);
      hammer.join();
    }
    long[] out = new long[buckets];
    assertThat(readConsistent(counts, out)).isEqualTo(written[0]);
    // The reading after the hammer's death frees whatever stripe it had, revoked or not.
    assertThat(counts.ownedStripes()).isZero();
  }

  @Test
  void stripesOfDeadThreadsAreReused() throws Exception {
    int perThread = 1000;
    HotColdCounts counts = new HotColdCounts(3);
    long[] out = new long[3];
    long expected = 0;
    for (int t = 0; t < 100; t++) { // one after the other, with a scrape between
      runAll(1, counts, perThread);
      expected += perThread;
      assertThat(readConsistent(counts, out)).isEqualTo(expected);
      assertThat(counts.ownedStripes()).as("owned after thread %d", t).isZero();
    }
    // Each took the home stripe its dead predecessor left.
    assertThat(counts.createdStripes()).isEqualTo(1);
    assertThat(counts.usedFallback()).isFalse();

    for (int batch = 0; batch < 25; batch++) { // four at a time
      runAll(4, counts, perThread);
      expected += 4L * perThread;
      assertThat(readConsistent(counts, out)).isEqualTo(expected);
      assertThat(counts.ownedStripes()).as("owned after batch %d", batch).isZero();
    }
  }

  private static void runAll(int threads, HotColdCounts counts, int perThread) throws Exception {
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      started.add(started(() -> {
        for (int i = 0; i < perThread; i++) {
          counts.observe(i % 3, i % 3 + 1);
        }
      }));
    }
    for (Thread t : started) {
      t.join();
    }
  }

  /** Reads, checks that the sum belongs to the counts, and returns the count. */
  private static long readConsistent(HotColdCounts counts, long[] out) {
    double sum = counts.read(out);
    long count = 0;
    double expectedSum = 0;
    for (int k = 0; k < out.length; k++) {
      count += out[k];
      expectedSum += (k + 1) * (double) out[k];
    }
    assertThat(sum).as("sum of a reading with counts %s", Arrays.toString(out))
        .isEqualTo(expectedSum);
    return count;
  }

  private static Thread started(Runnable body) {
    Thread t = new Thread(body);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
