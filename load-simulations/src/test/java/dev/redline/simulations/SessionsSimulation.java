package dev.redline.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.redline.simulations.endpoints.SessionEndpoints;
import dev.redline.simulations.journeys.SessionBrowsingJourney;
import dev.redline.simulations.journeys.Setup;
import dev.redline.simulations.support.Protocols;
import dev.redline.simulations.support.SimulationConfig;
import dev.redline.simulations.support.Targets;
import dev.redline.simulations.support.Tokens;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.List;

/**
 * Sessions: {@code sessions.requests} list queries from {@code sessions.users} users, cycling
 * through status, model and date-range filters and pages. Targets: success >= 95%, mean < 1.5 s
 * (strict: p99 < 50 ms per filter shape, no errors).
 */
public class SessionsSimulation extends Simulation {

  private final SimulationConfig config = SimulationConfig.fromSystemProperties();

  {
    ScenarioBuilder browsing =
        scenario("sessions browsing")
            .exec(Setup.distinctUser(Tokens.pool(config)))
            .exec(
                SessionBrowsingJourney.browse(
                    Setup.perUser(config.sessionsRequests, config.sessionsUsers)));
    setUp(browsing.injectOpen(atOnceUsers(config.sessionsUsers)))
        .protocols(Protocols.http(config))
        .assertions(
            Targets.choose(
                config,
                List.of(
                    global().successfulRequests().percent().gte(config.sessionsSuccessPercent),
                    global().responseTime().mean().lt(config.sessionsMeanMs)),
                Targets.strict(
                    config,
                    List.of(),
                    List.of(
                        SessionEndpoints.LIST_BY_STATUS,
                        SessionEndpoints.LIST_BY_MODEL,
                        SessionEndpoints.LIST_BY_DATE_RANGE,
                        SessionEndpoints.LIST_NEXT_PAGE))));
  }

  @Override
  public void before() {
    System.out.println("[redline] SessionsSimulation " + config.describe());
  }
}
