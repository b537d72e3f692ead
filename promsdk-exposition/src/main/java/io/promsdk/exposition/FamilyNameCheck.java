package io.promsdk.exposition;

import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.Names;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Refuses, before a byte is written, an exposition whose families would write the same metric
 * name in a format: two families named {@code x}, or a gauge {@code x_total} next to a counter
 * {@code x}, or a gauge {@code x_created} next to a counter {@code x} in OpenMetrics (which
 * reserves {@code _created} even when no created timestamp is written). Also refuses a state set
 * whose name is no valid label name, as its states are written as a label named after it. It
 * serves any format: it knows only the names each type occupies there, which the format derives
 * from {@link io.promsdk.core.model.SampleSuffixes}.
 *
 * <p>The registry should prevent all of this when metrics are registered; this check is the last
 * line of defence, so that a writer never produces invalid output. The family names of a registry
 * rarely change, so the last few accepted lists of names and types are remembered (a pull and a
 * push of different registries, or a few recurring {@code name[]} filters, each keep theirs) and a
 * scrape with a remembered list costs one pass of comparisons and no allocation.
 */
final class FamilyNameCheck {
  private static final int REMEMBERED = 4;

  private final String formatName;
  private final Map<MetricType, List<String>> occupiedSuffixes;
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

  /**
   * @param formatName the format in messages, e.g. "OpenMetrics"
   * @param occupiedSuffixes per type, the names a family of that type writes in the format, as
   *     suffixes of its name ({@code ""} for the name itself)
   */
  FamilyNameCheck(String formatName, Map<MetricType, List<String>> occupiedSuffixes) {
    this.formatName = formatName;
    this.occupiedSuffixes = occupiedSuffixes;
  }

  /**
   * A family that cannot be written next to the ones before it: its index in the scrape (the
   * later of two that collide) and why.
   */
  record Unwritable(int family, String problem) {}

  /** @throws IllegalArgumentException if two families collide or a state set name is unusable */
  void check(Scrape scrape) {
    Unwritable u = firstUnwritable(scrape);
    if (u != null) {
      throw new IllegalArgumentException(u.problem());
    }
  }

  /** The first family that cannot be written next to the ones before it, or null if none. */
  Unwritable firstUnwritable(Scrape scrape) {
    for (int i = 0; i < REMEMBERED; i++) {
      Accepted a = accepted.get(i);
      if (a != null && a.matches(scrape)) {
        return null;
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
        return new Unwritable(i, "state set '" + name + "' cannot be written: its states"
            + " are a label named after it, and " + Names.labelNameProblem(name));
      }
      for (String suffix : occupiedSuffixes.get(type)) {
        Integer other = owners.putIfAbsent(name + suffix, i);
        if (other != null) {
          return new Unwritable(i, "metric families " + describe(names[other], types[other])
              + " and " + describe(name, type) + " both claim the name '" + name + suffix + "' in "
              + formatName + "; rename one of them");
        }
      }
    }
    accepted.set(nextSlot.getAndIncrement() & (REMEMBERED - 1), new Accepted(names, types));
    return null;
  }

  private static String describe(String name, MetricType type) {
    return "'" + name + "' (" + type.name().toLowerCase(Locale.ROOT) + ")";
  }
}
