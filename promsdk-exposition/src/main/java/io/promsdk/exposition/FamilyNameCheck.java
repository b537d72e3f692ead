package io.promsdk.exposition;

import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricSnapshots;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.Names;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses, before a byte is written, an exposition whose families would write the same metric
 * name in a format: two families named {@code x}, or a gauge {@code x_total} next to a counter
 * {@code x}, or a gauge {@code x_created} next to a counter {@code x} in OpenMetrics (which
 * reserves {@code _created} even when no created timestamp is written). Also refuses a state set
 * whose name is no valid label name, as its states are written as a label named after it.
 *
 * <p>The registry should prevent all of this when metrics are registered; this check is the last
 * line of defence, so that a writer never produces invalid output. The family names of a registry
 * rarely change, so the last accepted list of names and types is remembered and a scrape with the
 * same list costs one pass of reference comparisons and no allocation.
 */
final class FamilyNameCheck {
  private final TextFormat format;
  private volatile Accepted accepted;

  private record Accepted(String[] names, MetricType[] types) {
    boolean matches(MetricSnapshots snapshots) {
      if (snapshots.size() != names.length) {
        return false;
      }
      for (int i = 0; i < names.length; i++) {
        MetricSnapshot<?> s = snapshots.get(i);
        if (s.type() != types[i] || !names[i].equals(s.name())) {
          return false;
        }
      }
      return true;
    }
  }

  FamilyNameCheck(TextFormat format) {
    this.format = format;
  }

  /** @throws IllegalArgumentException if two families collide or a state set name is unusable */
  void check(MetricSnapshots snapshots) {
    Accepted a = accepted;
    if (a != null && a.matches(snapshots)) {
      return;
    }
    int n = snapshots.size();
    String[] names = new String[n];
    MetricType[] types = new MetricType[n];
    Map<String, MetricSnapshot<?>> owners = new HashMap<>();
    for (int i = 0; i < n; i++) {
      MetricSnapshot<?> s = snapshots.get(i);
      names[i] = s.name();
      types[i] = s.type();
      if (s.type() == MetricType.STATESET && !Names.isValidLabelName(s.name())) {
        throw new IllegalArgumentException("state set '" + s.name() + "' cannot be written: its states"
            + " are a label named after it, and " + Names.labelNameProblem(s.name()));
      }
      for (String suffix : format.occupiedSuffixes(s.type())) {
        MetricSnapshot<?> other = owners.putIfAbsent(s.name() + suffix, s);
        if (other != null) {
          throw new IllegalArgumentException("metric families " + describe(other) + " and "
              + describe(s) + " both claim the name '" + s.name() + suffix + "' in "
              + format.displayName() + "; rename one of them");
        }
      }
    }
    accepted = new Accepted(names, types);
  }

  private static String describe(MetricSnapshot<?> s) {
    return "'" + s.name() + "' (" + s.type().name().toLowerCase(Locale.ROOT) + ")";
  }
}
