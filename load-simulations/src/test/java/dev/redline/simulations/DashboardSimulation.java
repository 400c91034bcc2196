package dev.redline.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.redline.simulations.endpoints.DashboardEndpoints;
import dev.redline.simulations.journeys.DashboardJourney;
import dev.redline.simulations.journeys.Setup;
import dev.redline.simulations.support.Protocols;
import dev.redline.simulations.support.SimulationConfig;
import dev.redline.simulations.support.Targets;
import dev.redline.simulations.support.Tokens;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;

/**
 * Dashboard: {@code dashboard.requests} reads from {@code dashboard.users} concurrent users, then
 * {@code dashboard.sustainSeconds} of back-to-back reads from {@code dashboard.sustainUsers}.
 * Targets: success >= 95%, mean < 1.0 s, p95 < 2.0 s (strict: p99 < 20 ms, no errors).
 */
public class DashboardSimulation extends Simulation {

  private final SimulationConfig config = SimulationConfig.fromSystemProperties();

  {
    var tokens = Tokens.pool(config);
    ScenarioBuilder burst =
        scenario("dashboard burst")
            .exec(Setup.distinctUser(tokens))
            .exec(
                DashboardJourney.reads(
                    Setup.perUser(config.dashboardRequests, config.dashboardUsers)));
    PopulationBuilder population = burst.injectOpen(atOnceUsers(config.dashboardUsers));
    if (config.dashboardSustainUsers > 0 && config.dashboardSustainSeconds > 0) {
      ScenarioBuilder sustained =
          scenario("dashboard sustained")
              .exec(Setup.distinctUser(tokens))
              .exec(DashboardJourney.sustained(Duration.ofSeconds(config.dashboardSustainSeconds)));
      population =
          population.andThen(sustained.injectOpen(atOnceUsers(config.dashboardSustainUsers)));
    }
    String stats = DashboardEndpoints.STATS;
    setUp(population)
        .protocols(Protocols.http(config))
        .assertions(
            Targets.choose(
                config,
                List.of(
                    global().successfulRequests().percent().gte(config.dashboardSuccessPercent),
                    details(stats).responseTime().mean().lt(config.dashboardMeanMs),
                    details(stats).responseTime().percentile(95.0).lt(config.dashboardP95Ms)),
                Targets.strict(config, List.of(stats), List.of())));
  }

  @Override
  public void before() {
    System.out.println("[redline] DashboardSimulation " + config.describe());
  }
}
