package io.promsdk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SeededTest {

  private String seedGiven;
  private String caseGiven;

  /** Each test sets the properties it needs; one given on the command line is kept for later. */
  @BeforeEach
  void clearProperties() {
    seedGiven = System.clearProperty(Seeded.SEED_PROPERTY);
    caseGiven = System.clearProperty(Seeded.CASE_PROPERTY);
  }

  @AfterEach
  void restoreProperties() {
    restore(Seeded.SEED_PROPERTY, seedGiven);
    restore(Seeded.CASE_PROPERTY, caseGiven);
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  @Test
  void runsEveryCaseWhenAllPass() {
    AtomicInteger runs = new AtomicInteger();
    Seeded.check(137, random -> runs.incrementAndGet());
    assertThat(runs).hasValue(137);
  }

  @Test
  void aFailureNamesTheTestTheSeedTheCaseAndHowToReplayIt() {
    System.setProperty(Seeded.SEED_PROPERTY, "12345");
    AtomicInteger runs = new AtomicInteger();

    AssertionError failure = catchThrowableOfType(AssertionError.class, () -> Seeded.check(100, random -> {
      if (runs.getAndIncrement() == 41) {
        throw new AssertionError("expected 1 but was 2");
      }
    }));

    assertThat(runs).as("stops at the first failing case").hasValue(42);
    assertThat(failure.getMessage())
        .contains("SeededTest#aFailureNamesTheTestTheSeedTheCaseAndHowToReplayIt")
        .contains("failed on case 41 of 100 (seed 12345)")
        .contains("-Dtest='SeededTest#aFailureNamesTheTestTheSeedTheCaseAndHowToReplayIt' "
            + "-Dpromsdk.seed=12345 -Dpromsdk.case=41")
        .contains("expected 1 but was 2");
    assertThat(failure.getCause()).hasMessage("expected 1 but was 2");
  }

  @Test
  void exceptionsFailTheCaseToo() {
    assertThatThrownBy(() -> Seeded.check(3, random -> {
      throw new java.io.IOException("boom");
    })).isInstanceOf(AssertionError.class).hasMessageContaining("failed on case 0 of 3")
        .hasCauseInstanceOf(java.io.IOException.class);
  }

  @Test
  void aSeedReplaysTheSameCasesAndACaseAlone() {
    System.setProperty(Seeded.SEED_PROPERTY, "-7");
    List<Long> all = new ArrayList<>();
    Seeded.check(20, random -> all.add(random.nextLong()));
    List<Long> again = new ArrayList<>();
    Seeded.check(20, random -> again.add(random.nextLong()));
    System.setProperty(Seeded.CASE_PROPERTY, "13");
    List<Long> alone = new ArrayList<>();
    Seeded.check(20, random -> alone.add(random.nextLong()));

    assertThat(again).isEqualTo(all);
    assertThat(alone).containsExactly(all.get(13));
    assertThat(all).doesNotHaveDuplicates();
  }

  @Test
  void withoutASeedEachRunDrawsNewCases() {
    List<Long> first = new ArrayList<>();
    Seeded.check(5, random -> first.add(random.nextLong()));
    List<Long> second = new ArrayList<>();
    Seeded.check(5, random -> second.add(random.nextLong()));
    assertThat(second).doesNotContainAnyElementsOf(first);
  }

  @Test
  void aCaseWithoutASeedIsRefused() {
    System.setProperty(Seeded.CASE_PROPERTY, "3");
    assertThatThrownBy(() -> Seeded.check(5, random -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-Dpromsdk.seed");
  }

  @Test
  void stringsAreWellFormedAndReachEveryKindOfCharacter() {
    boolean[] seen = new boolean[5]; // escape, control, non-ASCII BMP, supplementary, empty
    Seeded.check(2000, random -> {
      String s = Draw.string(random, 40);
      assertThat(s.codePointCount(0, s.length())).isLessThanOrEqualTo(40);
      assertThat(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
          .as("no lone surrogate").isEqualTo(s);
      seen[0] |= s.contains("\\") || s.contains("\"") || s.contains("\n");
      seen[1] |= s.chars().anyMatch(c -> c < 0x20);
      seen[2] |= s.chars().anyMatch(c -> c > 0x7f && !Character.isSurrogate((char) c));
      seen[3] |= s.codePoints().anyMatch(Character::isSupplementaryCodePoint);
      seen[4] |= s.isEmpty();
    });
    assertThat(seen).containsOnly(true);
  }

  @Test
  void charsIncludeLoneSurrogates() {
    boolean[] lone = new boolean[1];
    Seeded.check(500, random -> {
      String s = Draw.chars(random, 20);
      lone[0] |= !new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s);
    });
    assertThat(lone[0]).isTrue();
  }

  @Test
  void numbersStayInTheirRangesAndHitTheEdges() {
    List<Double> doubles = new ArrayList<>();
    List<Long> longs = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    Seeded.check(5000, random -> {
      double d = Draw.between(random, 0.0001, 999999.9, 8);
      assertThat(d).isBetween(0.0001, 999999.9);
      assertThat(Draw.between(random, -3, 3)).isBetween(-3, 3);
      sizes.add(Draw.size(random, 1, 3000));
      doubles.add(Draw.anyDouble(random));
      longs.add(Draw.anyLong(random));
    });
    assertThat(sizes).contains(1, 3000).allMatch(n -> n >= 1 && n <= 3000);
    assertThat(doubles).contains(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
        Double.MIN_VALUE, Double.MAX_VALUE);
    assertThat(doubles).anyMatch(d -> d != 0 && Math.abs(d) < 1e-300);
    assertThat(longs).contains(0L, Long.MIN_VALUE, Long.MAX_VALUE, -1L);
  }
}
