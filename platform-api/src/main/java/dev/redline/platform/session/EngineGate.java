package dev.redline.platform.session;

/**
 * Says whether this instance's engine may run its scheduled tick. With several instances on one
 * database exactly one holds the engine (see {@code cluster.EngineLeadership}), so each session is
 * advanced by one engine at the configured pace, not once per instance.
 */
@FunctionalInterface
public interface EngineGate {

  /** True when this instance should tick now; called once per tick, may take a round trip. */
  boolean mayAdvance();
}
