package io.promsdk.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The owned stripes, their fallback and the reader's duties (revoking, freeing stripes of dead
 * threads). Bucket k always gets the value k + 1, so a consistent reading has a sum of exactly
 * sum((k + 1) * count[k]).
 */
class HotColdCountsTest {

  @Test
  void readingsAreConsistentWhileFewWritersRace() throws Exception {
    raceAndCheck(4, 100_000, 20_000); // each writer on a stripe of its own, bar hash collisions
  }

  @Test
  void readingsAreConsistentWithMoreWritersThanStripes() throws Exception {
    HotColdCounts counts = raceAndCheck(80, 10_000, 200);
    assertThat(createdStripes(counts)).isGreaterThan(1);
    assertThat(usedFallback(counts)).isTrue();
  }

  /**
   * Writers go on until the reader has had {@code readings} with writes in them, each writer at least
   * {@code perWriter} times. Many writers yield now and then, as threads with other work do: 80
   * threads updating flat out on two cores would preempt each other inside updates, and the reader
   * would wait for those to finish for about a second per reading (the fallback alone did before).
   */
  private static HotColdCounts raceAndCheck(int writers, int perWriter, int readings)
      throws Exception {
    boolean yielding = writers > 8;
    int buckets = 4;
    HotColdCounts counts = new HotColdCounts(buckets);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean stop = new AtomicBoolean();
    long[] written = new long[writers];
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < writers; t++) {
      int writer = t;
      threads.add(started(() -> {
        await(start);
        long i = 0;
        for (; i < perWriter || !stop.get(); i++) {
          int bucket = (int) ((writer + i) % buckets);
          counts.observe(bucket, bucket + 1);
          if ((i & 63) == 63 && yielding) {
            Thread.yield();
          }
        }
        written[writer] = i;
      }));
    }
    long[] out = new long[buckets];
    long lastCount = 0;
    start.countDown();
    for (int done = 0; done < readings; ) {
      long count = readConsistent(counts, out);
      assertThat(count).isGreaterThanOrEqualTo(lastCount); // never goes back
      lastCount = count;
      done += count > 0 ? 1 : 0;
    }
    stop.set(true);
    long[] expected = new long[buckets];
    for (int t = 0; t < writers; t++) {
      threads.get(t).join();
      for (long i = 0; i < written[t]; i++) {
        expected[(int) ((t + i) % buckets)]++;
      }
    }
    readConsistent(counts, out);
    assertThat(out).containsExactly(expected);
    return counts;
  }

  @Test
  void aReaderProgressesWhileOneThreadHammersTheChild() throws Exception {
    int buckets = 1024; // a long read, which a writer in a tight loop nearly always overlaps
    HotColdCounts counts = new HotColdCounts(buckets);
    AtomicBoolean stop = new AtomicBoolean();
    long[] written = new long[1];
    CountDownLatch running = new CountDownLatch(1);
    Thread hammer = started(() -> {
      long n = 0;
      while (!stop.get()) {
        for (int i = 0; i < 1 << 16; i++) {
          counts.observe(i & (buckets - 1), (i & (buckets - 1)) + 1);
        }
        n += 1 << 16;
        running.countDown();
      }
      written[0] = n;
    });
    try {
      running.await();
      long[] out = new long[buckets];
      // Pauses of the writer (interrupts, a shared host) let some readings through even without
      // revoking, so the readings go on until one had to revoke: the hammer, the only writer and
      // alive, goes elsewhere (an extra stripe) only while a reading has revoked its home stripe.
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
        for (int i = 0; i < 200 || createdStripes(counts) == 1 && !usedFallback(counts); i++) {
          readConsistent(counts, out);
        }
      });
      // Each reading gives back what it revoked: the hammer, alive, owns its home stripe again.
      assertThat(revokedStripes(counts)).isZero();
      assertThat(counts.owner).isSameAs(hammer);
    } finally {
      stop.set(true);
      hammer.join();
    }
    long[] out = new long[buckets];
    assertThat(readConsistent(counts, out)).isEqualTo(written[0]);
    // The reading after the hammer's death frees its stripes, revoked or not.
    assertThat(ownedStripes(counts)).isZero();
  }

  @Test
  void anUpdateThatFailsLeavesTheStripeReadableAndWritable() throws Exception {
    HotColdCounts counts = new HotColdCounts(2);
    // By this thread, which owns the stripe from then on and lives: nobody frees it.
    assertThatThrownBy(() -> counts.observe(5, 1.0)).isInstanceOf(ArrayIndexOutOfBoundsException.class);
    long[] out = new long[2];
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> counts.read(out));
    counts.observe(1, 2.0);
    assertThat(counts.read(out)).isEqualTo(2.0);
    assertThat(out).containsExactly(0, 1);
  }

  @Test
  void aThreadThatDiedInsideAnUpdateDoesNotHangReaders() throws Exception {
    HotColdCounts counts = new HotColdCounts(2);
    diedInsideAnUpdate(counts);
    long[] out = new long[2];
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> counts.read(out));
    assertThat(out).containsExactly(1, 0);
    Thread next = started(() -> counts.observe(1, 2.0)); // takes over the freed stripe
    next.join();
    assertThat(counts.read(out)).isEqualTo(3.0);
    assertThat(out).containsExactly(1, 1);
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
      assertThat(ownedStripes(counts)).as("owned after thread %d", t).isZero();
    }
    // Each took the home stripe its dead predecessor left.
    assertThat(createdStripes(counts)).isEqualTo(1);
    assertThat(usedFallback(counts)).isFalse();

    for (int batch = 0; batch < 25; batch++) { // four at a time
      runAll(4, counts, perThread);
      expected += 4L * perThread;
      assertThat(readConsistent(counts, out)).isEqualTo(expected);
      assertThat(ownedStripes(counts)).as("owned after batch %d", batch).isZero();
    }
  }

  @Test
  void stripesOfDeadThreadsServeTheNextThreadsWithoutAScrape() throws Exception {
    HotColdCounts counts = new HotColdCounts(3);
    counts.observe(0, 1.0); // this thread owns the home stripe and lives on
    for (int t = 0; t < 200; t++) { // a thread per request, one after the other, never a reading
      runAll(1, counts, 10);
    }
    // Without a takeover, the dead threads would hold every extra stripe after the first few
    // requests, and the rest would go to the atomic fallback.
    assertThat(usedFallback(counts)).isFalse();
    long[] out = new long[3];
    assertThat(readConsistent(counts, out)).isEqualTo(1 + 200 * 10);
  }

  @Test
  void aDeadHomeOwnersStripeGoesToTheNextWriter() throws Exception {
    HotColdCounts counts = new HotColdCounts(2);
    started(() -> counts.observe(0, 1.0)).join();
    counts.observe(1, 2.0);
    assertThat(counts.owner).isSameAs(Thread.currentThread());
    assertThat(createdStripes(counts)).as("no extra stripe needed").isEqualTo(1);
    long[] out = new long[2];
    assertThat(counts.read(out)).isEqualTo(3.0);
    assertThat(out).containsExactly(1, 1);
  }

  @Test
  void aStripeLeftInsideAnUpdateIsNotTakenOverByAWriter() throws Exception {
    HotColdCounts counts = new HotColdCounts(2);
    Thread dead = diedInsideAnUpdate(counts);
    counts.observe(1, 2.0);
    // The version has one writer at a time: the reader closes the update and frees the stripe.
    assertThat(counts.owner).isSameAs(dead);
    long[] out = new long[2];
    assertThat(readConsistent(counts, out)).isEqualTo(2);
    assertThat(counts.owner).isNull();
  }

  /**
   * The interleaving of a reader freeing a dead owner's stripe with a writer taking it over: the
   * reader has read the dead owner, then this thread takes the stripe over and opens an update,
   * then the reader goes on to free the stripe. It must leave the new owner's stripe and its open
   * update alone; closing that version would let a reading accept the update half done.
   */
  @Test
  void aFreeRacingATakeoverLeavesTheNewOwnersUpdateOpen() throws Exception {
    HotColdCounts counts = new HotColdCounts(2);
    Thread dead = started(() -> counts.observe(0, 1.0));
    dead.join();
    long[] d = counts.data;
    int b = d.length - 2 - 2; // version, sum bits, two buckets
    Object seenByReader = counts.owner;
    assertThat(counts.takeOverFromDead(seenByReader, b, Thread.currentThread())).isTrue();
    long open = d[b] | 1;
    set(d, b, open); // the new owner's update: version odd
    set(d, b + 2 + 1, 1); // bucket 1 counted, its value 2.0 not yet in the sum

    StripeRevocation.freeFromDead(counts, b, seenByReader); // the reader, with the owner it saw

    assertThat(d[b]).as("the new owner's update is still open").isEqualTo(open);
    assertThat(counts.owner).isSameAs(Thread.currentThread());
    set(d, b + 1, Double.doubleToRawLongBits(3.0)); // the update finishes
    set(d, b, open + 1);
    long[] out = new long[2];
    assertThat(readConsistent(counts, out)).isEqualTo(2);
    assertThat(out).containsExactly(1, 1);
    assertThat(counts.owner).as("a live owner keeps its stripe").isSameAs(Thread.currentThread());
  }

  /**
   * The seqlock's writer steps, taken one at a time by this test through the home stripe's data in
   * the order {@link OwnedStripe#add} takes them (version odd, count, sum, version even), while a
   * real reader thread reads. Whenever the reader gets in, it must return the state before the
   * update or after it, never the count without the sum.
   */
  /**
   * The revocation protocol's writer side, step by step (the state a reading leaves a stripe in
   * when it revoked it and its owner is still alive, set here directly): while revoked, the stripe
   * gets no writer at all — not its live old owner, which goes on elsewhere, nor another thread —
   * and once the old owner has ended, a reading frees it and the next writer takes it, with every
   * count kept.
   */
  @Test
  void aRevokedStripeGetsNoWriterWhileItsOwnerLivesAndIsFreedWhenItEnds() throws Exception {
    HotColdCounts counts = new HotColdCounts(2);
    CountDownLatch revokedNow = new CountDownLatch(1);
    CountDownLatch observedAgain = new CountDownLatch(1);
    CountDownLatch end = new CountDownLatch(1);
    Thread oldOwner = started(() -> {
      counts.observe(0, 1.0);
      await(revokedNow);
      counts.observe(0, 1.0); // revoked: must not touch the home stripe
      observedAgain.countDown();
      await(end);
    });
    while (counts.owner != oldOwner) {
      Thread.onSpinWait();
    }
    // What read() does when it revokes (revoke(stripe)): owner -> REVOKED, remembering whom.
    assertThat(OwnedStripe.OWNER.compareAndSet(counts, oldOwner, OwnedStripe.REVOKED)).isTrue();
    counts.revoked = oldOwner;
    long[] home = counts.data.clone();
    revokedNow.countDown();
    await(observedAgain);
    counts.observe(1, 2.0); // another live thread: must not take the revoked stripe either
    assertThat(counts.data).as("the revoked home stripe is untouched").containsExactly(home);
    assertThat(counts.owner).isSameAs(OwnedStripe.REVOKED);
    long[] out = new long[2];
    assertThat(readConsistent(counts, out)).isEqualTo(3);
    assertThat(out).containsExactly(2, 1);
    assertThat(counts.owner).as("its owner lives: still revoked").isSameAs(OwnedStripe.REVOKED);

    end.countDown();
    oldOwner.join();
    assertThat(readConsistent(counts, out)).isEqualTo(3); // frees the dead owner's stripe
    assertThat(counts.owner).isNull();
    assertThat(counts.revoked).isNull();
    // This thread keeps the extra stripe it took meanwhile; a new writer takes the freed one.
    Thread next = started(() -> counts.observe(1, 2.0));
    next.join();
    assertThat(counts.owner).as("the next writer takes the freed stripe").isSameAs(next);
    assertThat(readConsistent(counts, out)).isEqualTo(4);
    assertThat(out).containsExactly(2, 2);
  }

  @Test
  void aReaderReturnsOnlyWholeUpdatesWhateverStepTheWriterIsAt() throws Exception {
    for (int pausedAfter = 1; pausedAfter <= 3; pausedAfter++) {
      HotColdCounts counts = new HotColdCounts(2);
      counts.observe(0, 1.0); // this thread owns the home stripe: nobody revokes or frees it
      long[] d = counts.data;
      int b = d.length - 2 - 2; // version, sum bits, two buckets
      long version = d[b];
      set(d, b, version | 1); // step 1: an update is under way
      if (pausedAfter >= 2) {
        set(d, b + 2 + 1, 1); // step 2: bucket 1 counted
      }
      if (pausedAfter >= 3) {
        set(d, b + 1, Double.doubleToRawLongBits(3.0)); // step 3: its value 2.0 added to the sum
      }
      long[] out = new long[2];
      double[] sum = new double[1];
      Thread reader = started(() -> sum[0] = counts.read(out));
      reader.join(200); // lets the reader reach the stripe while the update is open
      assertThat(reader.isAlive()).as("reader returned inside an update paused after step %d", pausedAfter)
          .isTrue();
      if (pausedAfter < 2) {
        set(d, b + 2 + 1, 1);
      }
      if (pausedAfter < 3) {
        set(d, b + 1, Double.doubleToRawLongBits(3.0));
      }
      set(d, b, (version | 1) + 1); // step 4: the update is done
      reader.join(10_000);
      assertThat(reader.isAlive()).as("reader still waiting after the update closed").isFalse();
      assertThat(sum[0]).isEqualTo(3.0);
      assertThat(out).containsExactly(1, 1);
    }
  }

  /** Stripes that have an owner (live, dead or revoked), the home stripe included. */
  private static int ownedStripes(HotColdCounts counts) {
    return countStripes(counts, stripe -> stripe.owner != null);
  }

  /** Stripes a reader took from a thread that still lives, the home stripe included. */
  private static int revokedStripes(HotColdCounts counts) {
    return countStripes(counts, stripe -> stripe.owner == OwnedStripe.REVOKED);
  }

  /** Stripes created, the home stripe included. */
  private static int createdStripes(HotColdCounts counts) {
    return countStripes(counts, stripe -> true);
  }

  /** Whether any observation went to the atomic fallback. */
  private static boolean usedFallback(HotColdCounts counts) {
    return counts.fallback != null;
  }

  private static int countStripes(HotColdCounts counts, Predicate<OwnedStripe> which) {
    int count = which.test(counts) ? 1 : 0;
    OwnedStripe[] more = counts.stripes;
    for (int i = 0; more != null && i < more.length; i++) {
      if (more[i] != null && which.test(more[i])) {
        count++;
      }
    }
    return count;
  }

  /** A write the reader thread is sure to see, as the owner's opaque and release writes are. */
  private static void set(long[] data, int index, long value) {
    OwnedStripe.LONGS.setVolatile(data, index, value);
  }

  /**
   * Has a thread observe 1.0 in bucket 0 of a 2-bucket {@code counts}, taking its home stripe, and
   * end; then leaves the stripe as it would be had the thread died between the two version writes.
   */
  private static Thread diedInsideAnUpdate(HotColdCounts counts) throws InterruptedException {
    Thread owner = started(() -> counts.observe(0, 1.0));
    owner.join();
    int version = counts.data.length - 2 - 2;
    counts.data[version] |= 1;
    return owner;
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
    if (sum != expectedSum) {
      throw new AssertionError("sum " + sum + " does not belong to counts " + Arrays.toString(out));
    }
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
