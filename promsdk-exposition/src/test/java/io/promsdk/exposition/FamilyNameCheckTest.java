package io.promsdk.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsdk.core.CollectorRegistry;
import io.promsdk.core.internal.RegistryAccess;
import io.promsdk.core.metrics.Counter;
import io.promsdk.core.metrics.Gauge;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The name check remembers a few accepted lists, so recurring scrapes cost no allocation. */
class FamilyNameCheckTest {

  private static Scrape scrapeOf(CollectorRegistry registry) {
    Scrape scrape = new Scrape().reset(Scrape.ALL, ExpositionOptions.defaults());
    RegistryAccess.collect(registry, scrape);
    return scrape;
  }

  @Test
  void listsScrapedInTurnAreRememberedAndCheckedWithoutAllocating() {
    CollectorRegistry pulled = new CollectorRegistry();
    Counter.builder().name("requests_total").register(pulled);
    Gauge.builder().name("temperature").register(pulled);
    CollectorRegistry pushed = new CollectorRegistry();
    Gauge.builder().name("batch_last_success_seconds").register(pushed);
    Scrape a = scrapeOf(pulled);
    Scrape b = scrapeOf(pushed);
    FamilyNameCheck check = ((StreamingFormat) ExpositionFormat.OPENMETRICS_TEXT).newNameCheck();
    for (int i = 0; i < 20_000; i++) { // accepted once each, then warm
      check.check(i % 2 == 0 ? a : b);
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 10_000; i++) {
      check.check(i % 2 == 0 ? a : b);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    // A single remembered list would rebuild a HashMap and two arrays on every one of these calls.
    assertThat(allocated / 10_000.0).as("bytes per check (total %d)", allocated).isLessThan(1.0);
  }

  @Test
  void aCollisionIsStillRefusedAfterOtherListsWereAccepted() {
    CollectorRegistry fine = new CollectorRegistry();
    Gauge.builder().name("x").register(fine);
    FamilyNameCheck check = ((StreamingFormat) ExpositionFormat.OPENMETRICS_TEXT).newNameCheck();
    check.check(scrapeOf(fine));
    Scrape clash = new Scrape().reset(Scrape.ALL, ExpositionOptions.defaults());
    Counter counter = Counter.builder().name("x").build();
    Gauge gauge = Gauge.builder().name("x_created").build();
    clash.family(counter, counter);
    clash.family(gauge, gauge);
    assertThatThrownBy(() -> check.check(clash)).hasMessageContaining("x_created");
  }
}
