package dev.redline.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

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
 * Soak: {@code soak.rps} arrivals per second for {@code soak.warmupSeconds} of warm-up plus {@code
 * soak.seconds} (2 minutes by default; the nightly job passes 1800), each a distinct user making
 * one request of the suite {@code -Drun.suite} names ({@link SuiteMix}), else one read (dashboard,
 * session list or config). Fails when any request fails (a Gatling assertion) or when the p95 of
 * the last {@code soak.windowSeconds} exceeds the first window's by more than {@code
 * soak.driftPercent} and by more than {@code soak.noiseFloorMs} (checked after the run: the
 * simulation exits non-zero).
 */
public class SoakSimulation extends Simulation {

  /** Name of the one request that carries the drift verdict into Gatling's assertions. */
  public static final String DRIFT_VERDICT = "soak p95 drift verdict";

  private final SimulationConfig config = SimulationConfig.fromSystemProperties();
  private final Timeline timeline = new Timeline();
  private volatile ShapeAnalysis.Drift drift;

  {
    ScenarioBuilder arrivals =
        scenario("soak arrivals")
            .exec(Setup.distinctUser(Tokens.pool(config)))
            .exec(
                SuiteMix.named(System.getProperty("run.suite"))
                    .map(suite -> SuiteMix.request(suite, config))
                    .orElseGet(
                        () ->
                            randomSwitch()
                                .on(
                                    new Choice.WithWeight(
                                        50.0, DashboardEndpoints.stats().toChainBuilder()),
                                    new Choice.WithWeight(
                                        30.0, SessionBrowsingJourney.oneListQuery()),
                                    new Choice.WithWeight(
                                        20.0, ConfigEndpoints.get().toChainBuilder()))))
            .exec(timeline.record());
    // Runs once every arrival is done: computes the drift, then makes one readiness request whose
    // check fails with the drift sentence when the soak drifted, so the verdict is a Gatling
    // assertion like every other target (a normal run: report written, exit code 2 on failure).
    ScenarioBuilder verdict =
        scenario("soak verdict")
            .exec(
                session -> {
                  drift = analyse();
                  System.out.println(drift.describe());
                  return session;
                })
            .exec(
                http(DRIFT_VERDICT)
                    .get("/actuator/health/readiness")
                    .check(
                        bodyString()
                            .transform(body -> drift.failed() ? drift.describe() : "within limit")
                            .is("within limit")));
    setUp(
            arrivals
                .injectOpen(
                    constantUsersPerSec(config.shard.rate(config.soakRps))
                        .during(Duration.ofSeconds(config.soakWarmupSeconds + config.soakSeconds)))
                .andThen(verdict.injectOpen(atOnceUsers(1))))
        .protocols(Protocols.http(config))
        .assertions(
            global().failedRequests().count().is(0L),
            details(DRIFT_VERDICT).successfulRequests().percent().is(100.0));
  }

  private ShapeAnalysis.Drift analyse() {
    return ShapeAnalysis.drift(
        timeline,
        config.soakWarmupSeconds,
        config.soakSeconds,
        config.soakWindowSeconds,
        config.soakDriftPercent,
        config.soakNoiseFloorMs);
  }

  @Override
  public void before() {
    System.out.println(
        "[redline] SoakSimulation "
            + config.describe()
            + " run.suite="
            + System.getProperty("run.suite", "(none)"));
  }

  @Override
  public void after() {
    ShapeAnalysis.Drift result = drift != null ? drift : analyse();
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("shape", "soak");
    figures.put("first_window_p95_ms", result.firstP95Ms());
    figures.put("last_window_p95_ms", result.lastP95Ms());
    figures.put("change_percent", result.changePercent());
    figures.put("limit_percent", result.limitPercent());
    figures.put("noise_floor_ms", result.noiseFloorMs());
    figures.put("errors", result.errors());
    figures.put("failed", result.failed());
    figures.put("summary", result.describe());
    RunFigures.write(getClass(), figures)
        .ifPresent(f -> System.out.println("[redline] wrote " + f));
  }
}
