package dev.redline.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.redline.simulations.endpoints.DashboardEndpoints;
import dev.redline.simulations.journeys.Setup;
import dev.redline.simulations.support.Protocols;
import dev.redline.simulations.support.RunFigures;
import dev.redline.simulations.support.ShapeAnalysis;
import dev.redline.simulations.support.SimulationConfig;
import dev.redline.simulations.support.Timeline;
import dev.redline.simulations.support.Tokens;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spike: {@code spike.baseRps} arrivals per second for {@code spike.steadySeconds}, a jump to
 * {@code spike.factor} times that rate for {@code spike.spikeSeconds}, back to the base rate for
 * {@code spike.recoverySeconds}. Reports the time to recover the steady p95 (a {@code
 * spike.windowSeconds} window back within 10% or 2 ms of it). Target: success >= 95%. Each arrival
 * makes one request of the suite {@code -Drun.suite} names ({@link SuiteMix}), else of the
 * dashboard.
 */
public class SpikeSimulation extends Simulation {

  /** A recovered window's p95 may exceed the steady p95 by this much (percent), or by 2 ms. */
  private static final double TOLERANCE_PERCENT = 10;

  private static final int TOLERANCE_FLOOR_MS = 2;

  private final SimulationConfig config = SimulationConfig.fromSystemProperties();
  private final Timeline timeline = new Timeline();

  {
    ScenarioBuilder arrivals =
        scenario("spike arrivals")
            .exec(Setup.distinctUser(Tokens.pool(config)))
            .exec(
                SuiteMix.named(System.getProperty("run.suite"))
                    .map(suite -> SuiteMix.request(suite, config))
                    .orElseGet(() -> DashboardEndpoints.stats().toChainBuilder()))
            .exec(timeline.record());
    double base = config.shard.rate(config.spikeBaseRps);
    setUp(
            arrivals.injectOpen(
                constantUsersPerSec(base).during(Duration.ofSeconds(config.spikeSteadySeconds)),
                constantUsersPerSec(base * config.spikeFactor)
                    .during(Duration.ofSeconds(config.spikeSeconds)),
                constantUsersPerSec(base).during(Duration.ofSeconds(config.spikeRecoverySeconds))))
        .protocols(Protocols.http(config))
        .assertions(global().successfulRequests().percent().gte(config.spikeSuccessPercent));
  }

  @Override
  public void before() {
    System.out.println(
        "[redline] SpikeSimulation "
            + config.describe()
            + " run.suite="
            + System.getProperty("run.suite", "(none)"));
  }

  @Override
  public void after() {
    ShapeAnalysis.Recovery recovery =
        ShapeAnalysis.recovery(
            timeline,
            config.spikeSteadySeconds,
            config.spikeSeconds,
            config.spikeRecoverySeconds,
            config.spikeWindowSeconds,
            TOLERANCE_PERCENT,
            TOLERANCE_FLOOR_MS);
    System.out.println(recovery.describe());
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("shape", "spike");
    figures.put("steady_p95_ms", recovery.steadyP95Ms());
    figures.put("spike_p95_ms", recovery.spikeP95Ms());
    figures.put("recovered_p95_threshold_ms", recovery.thresholdMs());
    figures.put("recovery_seconds", recovery.recoverySeconds());
    figures.put("recovered", recovery.recoverySeconds() >= 0);
    figures.put("summary", recovery.describe());
    RunFigures.write(getClass(), figures)
        .ifPresent(f -> System.out.println("[redline] wrote " + f));
  }
}
