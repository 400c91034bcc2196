package dev.redline.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.redline.simulations.endpoints.ConfigEndpoints;
import dev.redline.simulations.endpoints.DashboardEndpoints;
import dev.redline.simulations.journeys.SessionBrowsingJourney;
import dev.redline.simulations.journeys.Setup;
import dev.redline.simulations.support.Protocols;
import dev.redline.simulations.support.RunFigures;
import dev.redline.simulations.support.ShapeAnalysis;
import dev.redline.simulations.support.SimulationConfig;
import dev.redline.simulations.support.Timeline;
import dev.redline.simulations.support.Tokens;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Soak: {@code soak.rps} arrivals per second for {@code soak.seconds} (2 minutes by default; the
 * nightly job passes 1800), each a distinct user making one read (dashboard, session list or
 * config). Fails when any request fails (a Gatling assertion) or when the p95 of the last {@code
 * soak.windowSeconds} exceeds the first window's by more than {@code soak.driftPercent} and by more
 * than {@code soak.noiseFloorMs} (checked after the run: the simulation exits non-zero).
 */
public class SoakSimulation extends Simulation {

  private final SimulationConfig config = SimulationConfig.fromSystemProperties();
  private final Timeline timeline = new Timeline();

  {
    ScenarioBuilder arrivals =
        scenario("soak arrivals")
            .exec(Setup.distinctUser(Tokens.pool(config)))
            .exec(
                randomSwitch()
                    .on(
                        new Choice.WithWeight(50.0, DashboardEndpoints.stats().toChainBuilder()),
                        new Choice.WithWeight(30.0, SessionBrowsingJourney.oneListQuery()),
                        new Choice.WithWeight(20.0, ConfigEndpoints.get().toChainBuilder())))
            .exec(timeline.record());
    setUp(
            arrivals.injectOpen(
                constantUsersPerSec(config.soakRps).during(Duration.ofSeconds(config.soakSeconds))))
        .protocols(Protocols.http(config))
        .assertions(global().failedRequests().count().is(0L));
  }

  @Override
  public void before() {
    System.out.println("[redline] SoakSimulation " + config.describe());
  }

  @Override
  public void after() {
    ShapeAnalysis.Drift drift =
        ShapeAnalysis.drift(
            timeline,
            config.soakSeconds,
            config.soakWindowSeconds,
            config.soakDriftPercent,
            config.soakNoiseFloorMs);
    System.out.println(drift.describe());
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("shape", "soak");
    figures.put("first_window_p95_ms", drift.firstP95Ms());
    figures.put("last_window_p95_ms", drift.lastP95Ms());
    figures.put("change_percent", drift.changePercent());
    figures.put("limit_percent", drift.limitPercent());
    figures.put("noise_floor_ms", drift.noiseFloorMs());
    figures.put("errors", drift.errors());
    figures.put("failed", drift.failed());
    figures.put("summary", drift.describe());
    RunFigures.write(getClass(), figures)
        .ifPresent(f -> System.out.println("[redline] wrote " + f));
    if (drift.failed()) {
      throw new IllegalStateException(drift.describe());
    }
  }
}
