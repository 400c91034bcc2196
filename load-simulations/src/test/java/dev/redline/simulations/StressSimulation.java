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
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stress: after {@code stress.warmupSeconds} at the start rate, an open-model staircase of arrival
 * rates, {@code stress.startRps} rising by {@code stress.stepRps} for {@code stress.steps} levels
 * of {@code stress.stepSeconds} each, every arrival a new distinct user making one request: of the
 * suite {@code -Drun.suite} names ({@link SuiteMix}; {@code ./redline run} passes its suite), else
 * the dashboard. After the run it reports the capacity knee: the highest rate whose level (and all
 * below it) kept p95 under {@code stress.p95Ms} and errors under {@code stress.maxErrorPercent};
 * printed and written to the run folder's redline-figures.json.
 *
 * <p>Past capacity is where this shape is meant to go, so missing the target on the top levels is
 * the measurement, not a failure; the run fails only when nothing was measured.
 */
public class StressSimulation extends Simulation {

  private final SimulationConfig config = SimulationConfig.fromSystemProperties();
  private final Timeline timeline = new Timeline();

  {
    ScenarioBuilder arrivals =
        scenario("stress arrivals")
            .exec(Setup.distinctUser(Tokens.pool(config)))
            .exec(
                SuiteMix.named(System.getProperty("run.suite"))
                    .map(suite -> SuiteMix.request(suite, config))
                    .orElseGet(() -> DashboardEndpoints.stats().toChainBuilder()))
            .exec(timeline.record());
    List<OpenInjectionStep> staircase = new ArrayList<>();
    if (config.stressWarmupSeconds > 0) {
      // Warm-up at the first level's rate (JIT, connection pool): not part of any level.
      staircase.add(
          constantUsersPerSec(config.shard.rate(config.stressStartRps))
              .during(Duration.ofSeconds(config.stressWarmupSeconds)));
    }
    for (int i = 0; i < config.stressSteps; i++) {
      double rate = config.shard.rate(config.stressStartRps + i * config.stressStepRps);
      staircase.add(constantUsersPerSec(rate).during(Duration.ofSeconds(config.stressStepSeconds)));
    }
    setUp(arrivals.injectOpen(staircase))
        .protocols(Protocols.http(config))
        .assertions(global().allRequests().count().gt(0L));
  }

  @Override
  public void before() {
    System.out.println(
        "[redline] StressSimulation "
            + config.describe()
            + " run.suite="
            + System.getProperty("run.suite", "(none)"));
  }

  @Override
  public void after() {
    ShapeAnalysis.Knee knee =
        ShapeAnalysis.knee(
            timeline,
            config.stressWarmupSeconds,
            // this shard's levels: its knee is in its own part of the rate
            config.shard.rate(config.stressStartRps),
            config.shard.rate(config.stressStepRps),
            config.stressSteps,
            config.stressStepSeconds,
            config.stressP95Ms,
            config.stressMaxErrorPercent);
    System.out.print(ShapeAnalysis.table(knee));
    System.out.printf(
        "%s (target p95 < %d ms, errors < %.1f%%)%n",
        knee.describe(), config.stressP95Ms, config.stressMaxErrorPercent);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("shape", "stress");
    if (knee.injectorSaturated().isPresent()) {
      // No knee: the platform was not what gave out. Said, not stored as a figure.
      figures.put("injector_saturated_rps", knee.injectorSaturated().get().targetRps());
      figures.put("injector_started_rps", knee.injectorSaturated().get().window().rps());
      figures.put("held_rps", knee.kneeRps());
    } else {
      figures.put("knee_rps", knee.kneeRps());
    }
    figures.put("saturated", knee.saturated());
    figures.put("target_p95_ms", config.stressP95Ms);
    figures.put("max_error_percent", config.stressMaxErrorPercent);
    for (int i = 0; i < knee.steps().size(); i++) {
      ShapeAnalysis.Step step = knee.steps().get(i);
      figures.put("step_" + i + "_target_rps", step.targetRps());
      figures.put("step_" + i + "_p95_ms", step.window().percentileMs(95));
      figures.put("step_" + i + "_error_percent", step.window().errorPercent());
    }
    figures.put("summary", knee.describe());
    RunFigures.write(getClass(), figures)
        .ifPresent(f -> System.out.println("[redline] wrote " + f));
  }
}
