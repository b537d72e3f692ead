package io.promsdk.core.metrics;

import io.promsdk.core.model.MetricSnapshot;
import io.promsdk.core.model.MetricType;
import io.promsdk.core.model.StateSetSnapshot;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed set of named states, each on or off: feature flags, a connection's lifecycle. Each state is
 * exposed as a series with the label {@code <name>="<state>"} valued 1 or 0.
 *
 * <pre>{@code
 * enum Phase { STARTING, RUNNING, STOPPING }
 * StateSet phase = StateSet.builder().name("service_phase").help("Lifecycle phase")
 *     .states(Phase.class).register(registry);
 * phase.state(Phase.RUNNING);          // RUNNING on, the others off
 * }</pre>
 */
public final class StateSet extends LabelledMetric<StateSet.Child> {
  private final String[] states;

  private StateSet(Builder builder) {
    super(builder);
    this.states = builder.states;
    initNoLabelsChild();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Only for state sets without labels, like the other unlabelled shortcuts. */
  public void setTrue(String state) {
    noLabels().setTrue(state);
  }

  public void setFalse(String state) {
    noLabels().setFalse(state);
  }

  public void setTrue(Enum<?> state) {
    noLabels().setTrue(state.name());
  }

  public void setFalse(Enum<?> state) {
    noLabels().setFalse(state.name());
  }

  /** Turns {@code state} on and every other state off, like the Python client's Enum metric. */
  public void state(String state) {
    noLabels().state(state);
  }

  public void state(Enum<?> state) {
    noLabels().state(state.name());
  }

  public boolean isTrue(String state) {
    return noLabels().isTrue(state);
  }

  @Override
  Child newChild(String[] labelValues, int labelHash) {
    return new Child(this, labelValues, labelHash);
  }

  @Override
  void read(Child child, LiveDataPoint into) {
    boolean[] enabled = into.enabled(states.length);
    for (int i = 0; i < states.length; i++) {
      enabled[i] = child.isTrue(i);
    }
    startSeries(into, child, 0).stateSet(states, states.length);
  }

  /** The current series, copied from the same view the formats read. */
  @Override
  public StateSetSnapshot snapshot() {
    return (StateSetSnapshot) MetricSnapshot.copyOf(this);
  }

  @Override
  public MetricType type() {
    return MetricType.STATESET;
  }

  int indexOf(String state) {
    for (int i = 0; i < states.length; i++) {
      if (states[i].equals(state)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        this + ": unknown state '" + state + "', the states are " + Arrays.toString(states));
  }

  /** The states of one labelled state set. */
  public static final class Child extends LabelledChild {
    private final StateSet owner;
    private final AtomicLongArray words;

    Child(StateSet owner, String[] labelValues, int labelHash) {
      super(labelValues, labelHash);
      this.owner = owner;
      this.words = new AtomicLongArray((owner.states.length + 63) / 64);
    }

    public void setTrue(String state) {
      int i = owner.indexOf(state);
      words.getAndAccumulate(i >>> 6, 1L << i, (w, bit) -> w | bit);
      if (!isLive()) { // only with expireAfterIdle, see IdleExpiry
        Child live = afterIdle();
        if (live != null) {
          live.setTrue(state);
        }
      }
    }

    public void setFalse(String state) {
      int i = owner.indexOf(state);
      words.getAndAccumulate(i >>> 6, 1L << i, (w, bit) -> w & ~bit);
      if (!isLive()) {
        Child live = afterIdle();
        if (live != null) {
          live.setFalse(state);
        }
      }
    }

    @Override
    LabelledMetric<?> metric() {
      return owner;
    }

    public void setTrue(Enum<?> state) {
      setTrue(state.name());
    }

    public void setFalse(Enum<?> state) {
      setFalse(state.name());
    }

    /** Turns {@code state} on and every other state off. */
    public synchronized void state(String state) {
      int index = owner.indexOf(state);
      for (int w = 0; w < words.length(); w++) {
        words.set(w, w == index >>> 6 ? 1L << index : 0L);
      }
      if (!isLive()) {
        Child live = afterIdle();
        if (live != null) {
          live.state(state);
        }
      }
    }

    public void state(Enum<?> state) {
      state(state.name());
    }

    public boolean isTrue(String state) {
      return isTrue(owner.indexOf(state));
    }

    boolean isTrue(int index) {
      return (words.get(index >>> 6) & (1L << index)) != 0;
    }
  }

  /** Builds a {@link StateSet}. */
  public static final class Builder extends LabelledMetric.Builder<Builder, StateSet> {
    private String[] states;

    private Builder() {}

    /** The names of the states, all off initially. */
    public Builder states(String... states) {
      this.states = states.clone();
      return this;
    }

    /** One state per constant of {@code enumClass}, named by {@link Enum#name()}. */
    public Builder states(Class<? extends Enum<?>> enumClass) {
      Enum<?>[] constants = enumClass.getEnumConstants();
      String[] names = new String[constants.length];
      for (int i = 0; i < constants.length; i++) {
        names[i] = constants[i].name();
      }
      return states(names);
    }

    @Override
    public StateSet build() {
      metadata(); // a missing or invalid name is reported before anything that mentions it
      if (states == null || states.length == 0) {
        throw new IllegalArgumentException("stateset '" + name + "': at least one state is required (states(..))");
      }
      Set<String> seen = new HashSet<>();
      for (String s : states) {
        if (s == null || !seen.add(s)) {
          throw new IllegalArgumentException("stateset '" + name + "': state '" + s + "' is null or given twice");
        }
      }
      if (unit != null) {
        throw new IllegalArgumentException("stateset '" + name + "': state sets have no unit");
      }
      if (!io.promsdk.core.model.Names.isValidLabelName(name)) {
        throw new IllegalArgumentException("stateset '" + name
            + "': the name doubles as the label of the states, so it must match [a-zA-Z_][a-zA-Z0-9_]*");
      }
      return new StateSet(this);
    }

    @Override
    String typeName() {
      return "stateset";
    }

    @Override
    String[] reservedLabelNames() {
      return new String[] {name};
    }
  }
}
