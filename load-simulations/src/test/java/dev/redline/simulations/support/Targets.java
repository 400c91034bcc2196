package dev.redline.simulations.support;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;

import io.gatling.javaapi.core.Assertion;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code strict} target set: Redline's own goals, selected with {@code -Dtargets=strict}, in
 * place of a simulation's default assertions: p99 under {@code strict.cachedP99Ms} (20 ms) for
 * cached reads, under {@code strict.listP99Ms} (50 ms) for list queries, and zero errors.
 */
public final class Targets {

  private Targets() {}

  /** The strict assertions for the named cached reads and list queries of one simulation. */
  public static List<Assertion> strict(
      SimulationConfig config, List<String> cachedReads, List<String> listQueries) {
    List<Assertion> out = new ArrayList<>();
    for (String name : cachedReads) {
      out.add(details(name).responseTime().percentile(99.0).lt(config.strictCachedP99Ms));
    }
    for (String name : listQueries) {
      out.add(details(name).responseTime().percentile(99.0).lt(config.strictListP99Ms));
    }
    out.add(global().failedRequests().count().is(0L));
    return out;
  }

  /** {@code strict} when the strict set is selected, else {@code defaults}. */
  public static List<Assertion> choose(
      SimulationConfig config, List<Assertion> defaults, List<Assertion> strict) {
    return config.targets == SimulationConfig.TargetSet.STRICT ? strict : defaults;
  }
}
