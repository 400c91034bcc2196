package dev.redline.simulations.journeys;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.exec;

import dev.redline.simulations.endpoints.DashboardEndpoints;
import io.gatling.javaapi.core.ChainBuilder;
import java.util.concurrent.atomic.AtomicInteger;

/** One user spending its whole dashboard budget, and the other users who must not notice. */
public final class RateLimitJourney {

  private RateLimitJourney() {}

  /**
   * Reads the dashboard back to back until the platform answers 429, then once more, which must be
   * refused with Retry-After. Several virtual users may run this with the same token (one platform
   * user on several connections) to reach a raised limit sooner; {@code budget} caps the reads they
   * spend together. With the budget spent and no 429 seen, the final check fails: the limit is
   * higher than this run may spend (raise -DrateLimit.maxRequests or lower the platform's
   * PLATFORM_RATELIMIT_FACTOR).
   */
  public static ChainBuilder exceedLimit(AtomicInteger budget) {
    return asLongAs(
            session -> {
              Object status = session.get("status");
              return !(status instanceof Integer code && code == 429)
                  && budget.getAndDecrement() > 0;
            })
        .on(exec(DashboardEndpoints.statsSpendingBudget()).exitHereIfFailed())
        .exec(DashboardEndpoints.statsOverLimit());
  }

  /** {@code times} ordinary dashboard reads, which must all succeed. */
  public static ChainBuilder behave(int times) {
    return DashboardJourney.reads(times);
  }
}
