package io.promsdk.core.metrics;

/**
 * The time the exemplar gates compare with: monotonic milliseconds (any origin). Injectable so
 * that tests step it instead of sleeping.
 */
interface ExemplarClock {
  long millis();
}
