package dev.redline.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.redline.simulations.endpoints.ConfigEndpoints;
import dev.redline.simulations.endpoints.DashboardEndpoints;
import dev.redline.simulations.endpoints.ModelEndpoints;
import dev.redline.simulations.endpoints.SessionEndpoints;
import dev.redline.simulations.journeys.SessionBrowsingJourney;
import dev.redline.simulations.journeys.Setup;
import dev.redline.simulations.support.Protocols;
import dev.redline.simulations.support.SimulationConfig;
import dev.redline.simulations.support.Targets;
import dev.redline.simulations.support.Tokens;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Mixed: every REST endpoint type at once (the session list also with statuses and a date range no
 * cache has seen), {@code mixed.requestsPerType} requests each, spread over {@code mixed.users}
 * users per type. Target: success >= 95% (strict: cached reads p99 < 20 ms, list queries p99 < 50
 * ms, no errors).
 */
public class MixedSimulation extends Simulation {

  private static final ChainBuilder NOTHING = exec(session -> session);

  private final SimulationConfig config = SimulationConfig.fromSystemProperties();

  {
    Iterator<Map<String, Object>> tokens = Tokens.pool(config);
    int perUser = Setup.perUser(config.mixedRequestsPerType, config.mixedUsers);
    List<PopulationBuilder> populations = new ArrayList<>();
    populations.add(type("dashboard", tokens, NOTHING, exec(DashboardEndpoints.stats()), perUser));
    populations.add(
        type("sessions list", tokens, NOTHING, SessionBrowsingJourney.oneListQuery(), perUser));
    populations.add(
        type(
            "sessions filtered",
            tokens,
            NOTHING,
            SessionBrowsingJourney.distinctFilteredQuery(),
            perUser));
    populations.add(
        type(
            "session by id",
            tokens,
            exec(session -> session.set("offset", 0)).exec(SessionEndpoints.listPage()),
            exec(session -> {
                  List<Object> ids =
                      session.contains(SessionEndpoints.SESSION_IDS)
                          ? session.getList(SessionEndpoints.SESSION_IDS)
                          : List.of();
                  return ids.isEmpty()
                      ? session
                      : session.set("sessionId", ids.get((int) (Math.random() * ids.size())));
                })
                .doIf(session -> session.contains("sessionId"))
                .then(exec(SessionEndpoints.get())),
            perUser));
    populations.add(type("models list", tokens, NOTHING, exec(ModelEndpoints.list()), perUser));
    populations.add(
        type("model by id", tokens, Setup.pickModel(), exec(ModelEndpoints.get()), perUser));
    populations.add(type("config", tokens, NOTHING, exec(ConfigEndpoints.get()), perUser));
    populations.add(
        type(
            "session create", tokens, Setup.pickModel(), exec(SessionEndpoints.create()), perUser));

    setUp(populations)
        .protocols(Protocols.http(config))
        .assertions(
            Targets.choose(
                config,
                List.of(global().successfulRequests().percent().gte(config.mixedSuccessPercent)),
                Targets.strict(
                    config,
                    List.of(DashboardEndpoints.STATS, ConfigEndpoints.GET),
                    List.of(
                        SessionEndpoints.LIST_BY_STATUS,
                        SessionEndpoints.LIST_FILTERED,
                        ModelEndpoints.LIST))));
  }

  private PopulationBuilder type(
      String name,
      Iterator<Map<String, Object>> tokens,
      ChainBuilder prepare,
      ChainBuilder request,
      int times) {
    return scenario("mixed " + name)
        .exec(Setup.distinctUser(tokens))
        .exec(prepare)
        .exec(repeat(times).on(request))
        .injectOpen(atOnceUsers(config.mixedUsers));
  }

  @Override
  public void before() {
    System.out.println("[redline] MixedSimulation " + config.describe());
  }
}
