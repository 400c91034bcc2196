package dev.redline.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doSwitch;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.redline.simulations.endpoints.ConfigEndpoints;
import dev.redline.simulations.endpoints.DashboardEndpoints;
import dev.redline.simulations.endpoints.ModelEndpoints;
import dev.redline.simulations.endpoints.SessionEndpoints;
import dev.redline.simulations.journeys.SessionBrowsingJourney;
import dev.redline.simulations.journeys.SessionWritingJourney;
import dev.redline.simulations.journeys.Setup;
import dev.redline.simulations.support.Dice;
import dev.redline.simulations.support.ModelIds;
import dev.redline.simulations.support.Protocols;
import dev.redline.simulations.support.SimulationConfig;
import dev.redline.simulations.support.Tokens;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The PR gate's load run ({@code redline gate}, {@code redline calibrate}): {@code pr.rps} arrivals
 * per second for {@code pr.seconds}, each a distinct user making one request (dashboard 23%,
 * session list by status 6%, by an uncached date range 6%, by statuses and a date range no cache
 * has seen 12%, a 200-item page deep in the list 6%, config 18%, one model by id 17%, a session
 * create 12%; {@link #MIX}). Every run has the same shape and no verdict of its own, so runs of
 * base and head differ only by the build they measure; the gate judges them. With {@code -Dseed=N}
 * (the gate gives base and head one seed a round) both get the same sequence of requests ({@link
 * Dice}).
 *
 * <p>Run: {@code ./mvnw -pl load-simulations gatling:test
 * -Dgatling.simulationClass=dev.redline.simulations.PullRequestSimulation -DbaseUrl=... -Dpr.rps=40
 * -Dpr.seconds=20}
 */
public class PullRequestSimulation extends Simulation {

  private final SimulationConfig config = SimulationConfig.fromSystemProperties();

  /** Arrivals per second, 0.1..10,000 (default 40). */
  private final double rps = config.dbl("pr.rps", 40, 40, 0.1, 10_000);

  /**
   * Seconds at the start over which the rate rises linearly from a fifth of {@link #rps} to it
   * (0..{@code pr.seconds}; default 0: the whole run at {@link #rps}). The gate's warm-up uses it:
   * a JVM not yet compiled spends 5-10 ms of CPU on a request it later serves in 1 ms, and two
   * platforms started at 100/s overloaded a 2-core machine until their compiler threads starved.
   */
  private final int rampSeconds = (int) config.dbl("pr.rampSeconds", 0, 0, 0, 86_400);

  /** Length of the run in seconds, 1..86,400 (default 20; 3 with {@code -Dsize=smoke}). */
  private final int seconds = (int) config.dbl("pr.seconds", 20, 3, 1, 86_400);

  /**
   * The request mix: {@link #MIX}, or {@code -Dpr.mix=dashboard=25,config=25,...} (see {@link
   * Mix#with}).
   */
  private final Mix mix = MIX.with(System.getProperty("pr.mix", ""));

  {
    List<String> models = ModelIds.fetch(config);
    ScenarioBuilder arrivals =
        scenario("pr arrivals")
            .exec(Setup.distinctUser(Tokens.pool(config)))
            .exec(session -> session.set("request", mix.pick(Dice.of(session, 0))))
            .exec(
                doSwitch("#{request}")
                    .on(
                        onCase("dashboard").then(exec(DashboardEndpoints.stats())),
                        onCase("list").then(SessionBrowsingJourney.oneListQuery()),
                        onCase("date-range").then(uncachedDateRangeQuery()),
                        onCase("filtered").then(SessionBrowsingJourney.distinctFilteredQuery()),
                        onCase("deep-page").then(deepPage()),
                        onCase("config").then(exec(ConfigEndpoints.get())),
                        onCase("model").then(oneModel(models)),
                        onCase("create").then(SessionWritingJourney.createOnRandomModel(models))));
    if (rampSeconds > seconds) {
      throw new IllegalArgumentException(
          "-Dpr.rampSeconds="
              + rampSeconds
              + " is longer than the run (pr.seconds="
              + seconds
              + ")");
    }
    double rate = config.shard.rate(rps);
    List<OpenInjectionStep> steps = new ArrayList<>();
    if (rampSeconds > 0) {
      steps.add(rampUsersPerSec(rate / 5).to(rate).during(Duration.ofSeconds(rampSeconds)));
    }
    steps.add(constantUsersPerSec(rate).during(Duration.ofSeconds(seconds - rampSeconds)));
    setUp(arrivals.injectOpen(steps)).protocols(Protocols.http(config));
  }

  /**
   * The request mix, in percent of arrivals. The deep page was 20% until 2026-12-02: the heaviest
   * request, mostly PostgreSQL's work (offsets of 8,000-11,999; at 100/s the sessions route took 13
   * ms of service time for 2 ms of the platform's CPU, and the 2 CPUs were full). At 6%, 100/s
   * gives the other routes twice the requests of 50/s with the old mix: in duet A/A calibrations
   * (seeds 3750 and 911, 2026-12-02) the MDE medians over the 5 PR routes went from 13% to 8.7%
   * (service time p50), 13% to 8.7% (CPU mean) and 7.4% to 5.0% (CPU p50), 8 figures at the 5% goal
   * against 2.
   */
  static final Mix MIX =
      new Mix(
          List.of(
              "dashboard",
              "list",
              "date-range",
              "filtered",
              "deep-page",
              "config",
              "model",
              "create"),
          new int[] {23, 6, 6, 12, 6, 18, 17, 12});

  /**
   * Named choices with integer weights, drawn from a caller's generator (replayable with a seed).
   */
  record Mix(List<String> names, int[] weights) {
    /**
     * This mix with some weights replaced: {@code spec} is {@code name=weight,...} with names of
     * this mix and weights 0..1,000; names left out keep their weight; empty keeps the mix.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    Mix with(String spec) {
      int[] w = weights.clone();
      for (String entry : spec.split(",")) {
        if (entry.isBlank()) {
          continue;
        }
        String[] kv = entry.trim().split("=", 2);
        int i = names.indexOf(kv[0].trim());
        int weight = -1;
        try {
          weight = kv.length == 2 ? Integer.parseInt(kv[1].trim()) : -1;
        } catch (NumberFormatException e) {
          weight = -1;
        }
        if (i < 0 || weight < 0 || weight > 1_000) {
          throw new IllegalArgumentException(
              "pr.mix entry '"
                  + entry.trim()
                  + "' is not NAME=WEIGHT with NAME one of "
                  + names
                  + " and WEIGHT 0..1000");
        }
        w[i] = weight;
      }
      if (java.util.Arrays.stream(w).sum() == 0) {
        throw new IllegalArgumentException("pr.mix '" + spec + "' leaves every weight at 0");
      }
      return new Mix(names, w);
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < weights.length; i++) {
        b.append(i == 0 ? "" : ",").append(names.get(i)).append('=').append(weights[i]);
      }
      return b.toString();
    }

    String pick(RandomGenerator random) {
      int total = 0;
      for (int w : weights) {
        total += w;
      }
      int x = random.nextInt(total);
      for (int i = 0; i < weights.length; i++) {
        x -= weights[i];
        if (x < 0) {
          return names.get(i);
        }
      }
      throw new IllegalStateException("unreachable: weights sum to " + total);
    }
  }

  /**
   * A session list over a date range ending now (to the second) and starting 1..30 days back: its
   * cache key changes every second, so each request does the database work (count and page) that a
   * slowdown of the service's own code shows in, rather than a cache hit that costs microseconds.
   */
  private static ChainBuilder uncachedDateRangeQuery() {
    return exec(session -> {
          Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
          Instant after = before.minus(1 + Dice.of(session, 10).nextInt(30), ChronoUnit.DAYS);
          return session
              .set("createdAfter", after.toString())
              .set("createdBefore", before.toString());
        })
        .exec(SessionEndpoints.listByDateRange());
  }

  /** One registered model by id (an uncached read by primary key). */
  private static ChainBuilder oneModel(List<String> ids) {
    return exec(session ->
            session.set("modelId", ids.get(Dice.of(session, 11).nextInt(ids.size()))))
        .exec(ModelEndpoints.get());
  }

  /**
   * A full page of 200 deep in the history (offset 8,000..11,999 of the 20,000 seeded sessions):
   * the heaviest read, 15-30 ms of the service's own work (skip, batch model fetch, serialization),
   * so a slowdown of the service shows above Gatling's 1 ms resolution. The offset varies so the 10
   * s list cache rarely answers (4,000 keys, about 1% repeats in a 20 s run at 40/s).
   */
  private static ChainBuilder deepPage() {
    return exec(session -> session.set("offset", 8_000 + Dice.of(session, 12).nextInt(4_000)))
        .exec(SessionEndpoints.deepPage());
  }

  @Override
  public void before() {
    System.out.printf(
        "[redline] PullRequestSimulation %s pr.rps=%s pr.seconds=%d pr.mix=%s seed=%s%n",
        config.describe(), rps, seconds, mix, Dice.seeded() ? System.getProperty("seed") : "none");
  }
}
