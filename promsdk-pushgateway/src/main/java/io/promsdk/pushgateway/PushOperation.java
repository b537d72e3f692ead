package io.promsdk.pushgateway;

/** What a {@link PushScheduler} sends on each tick, and once more when it is closed. */
public enum PushOperation {
  /** {@link PushGateway#push()}: PUT, replaces the group. */
  PUSH,
  /** {@link PushGateway#pushAdd()}: POST, replaces only the families pushed. */
  PUSH_ADD,
  /** {@link PushGateway#delete()}: removes the group. Only as a final operation. */
  DELETE,
  /** Nothing. Only as a final operation. */
  NONE;

  /** The label value in the scheduler's metrics. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
