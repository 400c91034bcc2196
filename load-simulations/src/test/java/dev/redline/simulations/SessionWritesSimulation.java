package dev.redline.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.redline.simulations.endpoints.SessionEndpoints;
import dev.redline.simulations.journeys.SessionBrowsingJourney;
import dev.redline.simulations.journeys.SessionWritingJourney;
import dev.redline.simulations.journeys.Setup;
import dev.redline.simulations.support.ModelIds;
import dev.redline.simulations.support.Protocols;
import dev.redline.simulations.support.SimulationConfig;
import dev.redline.simulations.support.Targets;
import dev.redline.simulations.support.Tokens;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Write-heavy: {@code writes.createRps} session creates per second, and beside them {@code
 * writes.readRps} list queries no cache has seen (statuses and a creation range on random seconds,
 * so each runs its page and total in PostgreSQL while the counters change), for {@code
 * writes.seconds}. Each arrival is a distinct user making one request. Target: success >= {@code
 * writes.successPercent} (strict: both p99 under {@code strict.listP99Ms}, no errors).
 *
 * <p>Run: {@code ./mvnw -pl load-simulations gatling:test
 * -Dgatling.simulationClass=dev.redline.simulations.SessionWritesSimulation -DbaseUrl=...
 * -Dwrites.createRps=200 -Dwrites.seconds=30}, or {@code ./redline run sessionWrites}.
 */
public class SessionWritesSimulation extends Simulation {

  private final SimulationConfig config = SimulationConfig.fromSystemProperties();

  /** Creates per second, 0.1..10,000 (default 200; 10 with {@code -Dsize=smoke}). */
  private final double createRps = config.dbl("writes.createRps", 200, 10, 0.1, 10_000);

  /** Uncached filtered list queries per second, 0.1..10,000 (default 50; 5 smoke). */
  private final double readRps = config.dbl("writes.readRps", 50, 5, 0.1, 10_000);

  /** Length of the run in seconds, 1..86,400 (default 30; 3 smoke). */
  private final int seconds = (int) config.dbl("writes.seconds", 30, 3, 1, 86_400);

  /** Share of successful requests the run must reach, 0..100 (default 95). */
  private final double successPercent = config.dbl("writes.successPercent", 95, 95, 0, 100);

  {
    Iterator<Map<String, Object>> tokens = Tokens.pool(config);
    List<String> models = ModelIds.fetch(config);
    Duration during = Duration.ofSeconds(seconds);
    setUp(
            scenario("writes create")
                .exec(Setup.distinctUser(tokens))
                .exec(SessionWritingJourney.createOnRandomModel(models))
                .injectOpen(constantUsersPerSec(config.shard.rate(createRps)).during(during)),
            scenario("writes filtered list")
                .exec(Setup.distinctUser(tokens))
                .exec(SessionBrowsingJourney.distinctFilteredQuery())
                .injectOpen(constantUsersPerSec(config.shard.rate(readRps)).during(during)))
        .protocols(Protocols.http(config))
        .assertions(
            Targets.choose(
                config,
                List.of(global().successfulRequests().percent().gte(successPercent)),
                Targets.strict(
                    config,
                    List.of(),
                    List.of(SessionEndpoints.CREATE, SessionEndpoints.LIST_FILTERED))));
  }

  @Override
  public void before() {
    System.out.printf(
        "[redline] SessionWritesSimulation %s writes.createRps=%s writes.readRps=%s"
            + " writes.seconds=%d%n",
        config.describe(), createRps, readRps, seconds);
  }
}
