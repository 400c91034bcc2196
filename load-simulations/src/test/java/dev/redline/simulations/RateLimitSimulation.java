package dev.redline.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.redline.simulations.endpoints.DashboardEndpoints;
import dev.redline.simulations.journeys.RateLimitJourney;
import dev.redline.simulations.journeys.Setup;
import dev.redline.simulations.support.Protocols;
import dev.redline.simulations.support.SimulationConfig;
import dev.redline.simulations.support.Tokens;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rate limit: one user (the token reserved for this) reads the dashboard until the platform refuses
 * it, and its next read must be a 429 with Retry-After; meanwhile {@code rateLimit.bystanders}
 * other users read it {@code rateLimit.bystanderRequests} times each and every one of their reads
 * must succeed. At most {@code rateLimit.maxRequests} reads are spent.
 */
public class RateLimitSimulation extends Simulation {

  private final SimulationConfig config = SimulationConfig.fromSystemProperties();

  {
    ScenarioBuilder overLimit =
        scenario("rate limit: over-limit user")
            .exec(Setup.fixedUser(Tokens.reservedForRateLimit(config)))
            .exec(RateLimitJourney.exceedLimit(new AtomicInteger(config.rateLimitMaxRequests)));
    ScenarioBuilder bystanders =
        scenario("rate limit: bystanders")
            .exec(Setup.distinctUser(Tokens.pool(config)))
            .exec(
                repeat(config.rateLimitBystanderRequests)
                    .on(exec(DashboardEndpoints.stats()).exec(pause(Duration.ofMillis(200)))));
    long bystanderReads = (long) config.rateLimitBystanders * config.rateLimitBystanderRequests;
    setUp(
            overLimit.injectOpen(atOnceUsers(config.rateLimitConnections)),
            bystanders.injectOpen(
                nothingFor(Duration.ofMillis(500)), atOnceUsers(config.rateLimitBystanders)))
        .protocols(Protocols.http(config))
        .assertions(
            details(DashboardEndpoints.STATS_OVER_LIMIT)
                .allRequests()
                .count()
                .is((long) config.rateLimitConnections),
            details(DashboardEndpoints.STATS_OVER_LIMIT).successfulRequests().percent().is(100.0),
            details(DashboardEndpoints.STATS).allRequests().count().is(bystanderReads),
            details(DashboardEndpoints.STATS).failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    System.out.println("[redline] RateLimitSimulation " + config.describe());
  }
}
