package dev.redline.checker.model;

/** Which way a measurement gets better. */
public enum Direction {
  /** Latency, time per operation, bytes allocated, error rate. */
  LOWER_IS_BETTER,
  /** Throughput: requests or operations per second. */
  HIGHER_IS_BETTER;

  /** True when moving from {@code baseline} to {@code current} is a worsening. */
  public boolean isWorse(double baseline, double current) {
    return this == LOWER_IS_BETTER ? current > baseline : current < baseline;
  }
}
