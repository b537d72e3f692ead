package io.promsdk.exposition;

import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.Names;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Refuses, before a byte is written, an exposition whose families would write the same metric
 * name in a format: two families named {@code x}, or a gauge {@code x_total} next to a counter
 * {@code x}, or a gauge {@code x_created} next to a counter {@code x} in OpenMetrics (which
 * reserves {@code _created} even when no created timestamp is written). Also refuses a state set
 * whose name is no valid label name, as its states are written as a label named after it.
 *
 * <p>The registry should prevent all of this when metrics are registered; this check is the last
 * line of defence, so that a writer never produces invalid output. The family names of a registry
 * rarely change, so the last few accepted lists of names and types are remembered (a pull and a
 * push of different registries, or a few recurring {@code name[]} filters, each keep theirs) and a
 * scrape with a remembered list costs one pass of comparisons and no allocation.
 */
final class FamilyNameCheck {
  private static final int REMEMBERED = 4;

  private final TextFormat format;
  private final AtomicReferenceArray<Accepted> accepted = new AtomicReferenceArray<>(REMEMBERED);
  private final AtomicInteger nextSlot = new AtomicInteger();

  private record Accepted(String[] names, MetricType[] types) {
    boolean matches(Scrape scrape) {
      if (scrape.size() != names.length) {
        return false;
      }
      for (int i = 0; i < names.length; i++) {
        if (scrape.type(i) != types[i] || !names[i].equals(scrape.name(i))) {
          return false;
        }
      }
      return true;
    }
  }

  FamilyNameCheck(TextFormat format) {
    this.format = format;
  }

  /** A family that cannot be written next to the ones before it. */
  static final class Unwritable extends IllegalArgumentException {
    private final int family;

    Unwritable(String message, int family) {
      super(message);
      this.family = family;
    }

    /** The index in the scrape of the family refused: the later of two that collide. */
    int family() {
      return family;
    }
  }

  /** @throws Unwritable if two families collide or a state set name is unusable */
  void check(Scrape scrape) {
    for (int i = 0; i < REMEMBERED; i++) {
      Accepted a = accepted.get(i);
      if (a != null && a.matches(scrape)) {
        return;
      }
    }
    int n = scrape.size();
    String[] names = new String[n];
    MetricType[] types = new MetricType[n];
    Map<String, Integer> owners = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String name = names[i] = scrape.name(i);
      MetricType type = types[i] = scrape.type(i);
      if (type == MetricType.STATESET && !Names.isValidLabelName(name)) {
        throw new Unwritable("state set '" + name + "' cannot be written: its states"
            + " are a label named after it, and " + Names.labelNameProblem(name), i);
      }
      for (String suffix : format.occupiedSuffixes(type)) {
        Integer other = owners.putIfAbsent(name + suffix, i);
        if (other != null) {
          throw new Unwritable("metric families " + describe(names[other], types[other])
              + " and " + describe(name, type) + " both claim the name '" + name + suffix + "' in "
              + format.displayName() + "; rename one of them", i);
        }
      }
    }
    accepted.set(nextSlot.getAndIncrement() & (REMEMBERED - 1), new Accepted(names, types));
  }

  private static String describe(String name, MetricType type) {
    return "'" + name + "' (" + type.name().toLowerCase(Locale.ROOT) + ")";
  }
}
