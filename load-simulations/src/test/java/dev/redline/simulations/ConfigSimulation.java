package dev.redline.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.redline.simulations.endpoints.ConfigEndpoints;
import dev.redline.simulations.journeys.ConfigJourney;
import dev.redline.simulations.journeys.Setup;
import dev.redline.simulations.support.Protocols;
import dev.redline.simulations.support.SimulationConfig;
import dev.redline.simulations.support.Targets;
import dev.redline.simulations.support.Tokens;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.ArrayList;
import java.util.List;

/**
 * Config: {@code config.requests} GETs from {@code config.users} users, then {@code
 * config.putUpdates} sequential PUTs by one admin, each with {@code If-Match}. Targets: GET success
 * >= 95%, mean < 0.5 s; PUT success >= 95%, mean < 1.0 s (strict: GET p99 < 20 ms, no errors).
 */
public class ConfigSimulation extends Simulation {

  private final SimulationConfig config = SimulationConfig.fromSystemProperties();

  {
    var tokens = Tokens.pool(config);
    ScenarioBuilder readers =
        scenario("config readers")
            .exec(Setup.distinctUser(tokens))
            .exec(ConfigJourney.reads(Setup.perUser(config.configRequests, config.configUsers)));
    PopulationBuilder population = readers.injectOpen(atOnceUsers(config.configUsers));
    String get = ConfigEndpoints.GET;
    String put = ConfigEndpoints.PUT;
    List<Assertion> defaults = new ArrayList<>();
    defaults.add(details(get).successfulRequests().percent().gte(config.configSuccessPercent));
    defaults.add(details(get).responseTime().mean().lt(config.configGetMeanMs));
    if (config.configPutUpdates > 0) {
      ScenarioBuilder admin =
          scenario("config admin")
              .exec(Setup.fixedUser(config.adminToken))
              .exec(ConfigJourney.updates(config.configPutUpdates));
      population = population.andThen(admin.injectOpen(atOnceUsers(1)));
      defaults.add(details(put).successfulRequests().percent().gte(config.configSuccessPercent));
      defaults.add(details(put).responseTime().mean().lt(config.configPutMeanMs));
    }
    setUp(population)
        .protocols(Protocols.http(config))
        .assertions(
            Targets.choose(config, defaults, Targets.strict(config, List.of(get), List.of())));
  }

  @Override
  public void before() {
    System.out.println("[redline] ConfigSimulation " + config.describe());
  }
}
