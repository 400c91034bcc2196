package dev.redline.simulations.journeys;

import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.repeat;

import dev.redline.simulations.endpoints.DashboardEndpoints;
import io.gatling.javaapi.core.ChainBuilder;
import java.time.Duration;

/** An operator watching the dashboard. */
public final class DashboardJourney {

  private DashboardJourney() {}

  /** {@code times} dashboard reads back to back. */
  public static ChainBuilder reads(int times) {
    return repeat(times).on(exec(DashboardEndpoints.stats()));
  }

  /** Dashboard reads back to back for {@code duration}. */
  public static ChainBuilder sustained(Duration duration) {
    return during(duration).on(exec(DashboardEndpoints.stats()));
  }
}
