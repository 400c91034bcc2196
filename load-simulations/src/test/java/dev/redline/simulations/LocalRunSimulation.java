package dev.redline.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.redline.simulations.journeys.Setup;
import dev.redline.simulations.support.Protocols;
import dev.redline.simulations.support.SimulationConfig;
import dev.redline.simulations.support.Tokens;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A local run's load ({@code ./redline run SUITE}): an open model of {@code run.rps} arrivals per
 * second for {@code run.seconds}, each a distinct user making one request of the suite's mix. The
 * same class serves the unrecorded warm-up and the measured window (two Gatling runs). The window
 * starts with a lead-in at the same rate in the group {@value #LEAD_IN}, which Gatling's report
 * shows apart and the checker leaves out.
 *
 * <p>{@code run.suite}: {@code mixed} (dashboard 20%, session list by status 15%, by statuses and a
 * date range no cache has seen 10%, model list 10%, one model 15%, config 20%, session create 10%),
 * {@code dashboard}, {@code sessions} (the two list queries, half each) or {@code config}.
 */
public class LocalRunSimulation extends Simulation {

  private final SimulationConfig config = SimulationConfig.fromSystemProperties();

  /**
   * Arrivals per second, 0.1..10,000 (default 50; 20 with {@code -Dsize=smoke}); in a sharded run
   * ({@code redline run --injectors N}) this injector plays its 1/N of them.
   */
  private final double rps = config.shard.rate(config.dbl("run.rps", 50, 20, 0.1, 10_000));

  /** Length in seconds, 1..86,400 (default 30; 10 with {@code -Dsize=smoke}). */
  private final int seconds = (int) config.dbl("run.seconds", 30, 10, 1, 86_400);

  /**
   * Seconds of arrivals at the same rate before the window, in the group {@value #LEAD_IN} (and a
   * scenario of that name) that the checker leaves out: the injector's own JVM is cold when it
   * starts, and its first seconds were 10-20 times slower than the rest. 0..600 (default 5; 3 with
   * {@code -Dsize=smoke}).
   */
  private final int leadInSeconds = (int) config.dbl("run.leadInSeconds", 5, 3, 0, 600);

  /** The group and scenario prefix of the lead-in requests. */
  public static final String LEAD_IN = "lead-in";

  private final String suite = SuiteMix.named(System.getProperty("run.suite")).orElse("mixed");

  {
    Iterator<Map<String, Object>> tokens = Tokens.pool(config);
    ChainBuilder request = SuiteMix.request(suite, config);
    List<PopulationBuilder> populations = new ArrayList<>();
    if (leadInSeconds > 0) {
      populations.add(
          scenario(LEAD_IN + " " + suite)
              .exec(Setup.distinctUser(tokens))
              .group(LEAD_IN)
              .on(request)
              .injectOpen(constantUsersPerSec(rps).during(Duration.ofSeconds(leadInSeconds))));
    }
    populations.add(
        scenario("run " + suite)
            .exec(Setup.distinctUser(tokens))
            .exec(request)
            .injectOpen(
                nothingFor(Duration.ofSeconds(leadInSeconds)),
                constantUsersPerSec(rps).during(Duration.ofSeconds(seconds))));
    setUp(populations)
        .protocols(Protocols.http(config))
        .assertions(global().successfulRequests().percent().gte(95.0));
  }

  @Override
  public void before() {
    System.out.printf(
        "[redline] LocalRunSimulation %s run.suite=%s run.rps=%s run.seconds=%d"
            + " run.leadInSeconds=%d%n",
        config.describe(), suite, rps, seconds, leadInSeconds);
  }
}
