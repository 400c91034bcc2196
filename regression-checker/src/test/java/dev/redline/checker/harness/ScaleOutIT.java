package dev.redline.checker.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.redline.checker.ingest.gatling.GatlingRun;
import dev.redline.checker.model.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local proof of scale-out (issue 22): two platform-api instances sharing one PostgreSQL and
 * one Redis, loaded by 1, 2 and 3 injector shards at the same total rate; the merged run counts
 * every shard's requests and has the percentiles of all raw samples; then one injector and three at
 * a rate chosen to be past one injector's reach.
 *
 * <p>A measurement, not a build test: it runs only with {@code REDLINE_SCALEOUT_PROOF=1} (and
 * {@code PLATFORM_DB_URL}, {@code REDIS_URL}), under the measure lock; {@code
 * deploy/local-proof.sh} runs it. Settings: {@code SCALEOUT_RPS} (60) and {@code SCALEOUT_SECONDS}
 * (5) for the exactness runs, {@code SCALEOUT_HIGH_RPS} (1200) and {@code SCALEOUT_HIGH_SECONDS}
 * (5) for the reach runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path OUT = ROOT.resolve("regression-checker/target/scale-out");
  private static final Progress PROGRESS = new Progress(System.out, System.err, 0);
  private static final List<Platform> PLATFORMS = new ArrayList<>();
  private static String baseUrls;

  @BeforeAll
  static void startTwoInstances() throws Exception {
    assumeTrue(
        "1".equals(System.getenv("REDLINE_SCALEOUT_PROOF")),
        "set REDLINE_SCALEOUT_PROOF=1 (deploy/local-proof.sh) to run the scale-out proof");
    String db = System.getenv("PLATFORM_DB_URL");
    String redis = System.getenv("REDIS_URL");
    assumeTrue(db != null && redis != null, "needs PLATFORM_DB_URL and REDIS_URL");
    Files.createDirectories(OUT);
    Checkout checkout = new Checkout(ROOT);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PLATFORM_DB_URL", db);
    env.put("PLATFORM_DB_USER", System.getenv().getOrDefault("PLATFORM_DB_USER", "postgres"));
    env.put("PLATFORM_DB_PASSWORD", System.getenv().getOrDefault("PLATFORM_DB_PASSWORD", ""));
    env.put("PLATFORM_REDIS_URL", redis);
    env.put("PLATFORM_ENGINE_ENABLED", "false");
    List<String> urls = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      int port = name.equals("a") ? 18221 : 18222;
      Platform p =
          Platform.start(name, checkout, port, OUT.resolve("platform-" + name), env, OUT, PROGRESS);
      PLATFORMS.add(p);
      urls.add(p.url());
    }
    baseUrls = String.join(",", urls);
    // JIT and pools of both instances warm before anything is measured (not judged, not kept)
    Injectors.run(
        checkout,
        LoadRun.PR_SIMULATION,
        OUT.resolve("warm-up"),
        "scale-out warm-up",
        Map.of("baseUrl", baseUrls, "pr.rps", "30", "pr.seconds", "10"),
        1,
        new Injectors.Plan(30, 10),
        null,
        PROGRESS);
  }

  @AfterAll
  static void stop() {
    PLATFORMS.forEach(Platform::close);
  }

  @Test
  @Order(1)
  void oneTwoAndThreeShardsMergeExactly() throws Exception {
    double rps = number("SCALEOUT_RPS", 60);
    int seconds = (int) number("SCALEOUT_SECONDS", 5);
    for (int n = 1; n <= 3; n++) {
      Map<String, String> props = new LinkedHashMap<>();
      props.put("baseUrl", baseUrls);
      props.put("pr.rps", fmt(rps));
      props.put("pr.seconds", Integer.toString(seconds));
      props.put("seed", "22");
      Injectors.Outcome o =
          Injectors.run(
              new Checkout(ROOT),
              LoadRun.PR_SIMULATION,
              OUT.resolve("pr-" + n),
              "scale-out proof",
              props,
              n,
              new Injectors.Plan(rps, seconds),
              null,
              PROGRESS);
      long sum = o.shards().stream().mapToLong(Injectors.Shard::requests).sum();
      RawSamples raw =
          RawSamples.of(
              o.shards().stream().map(s -> s.runDir().resolve("simulation.log")).toList());
      Run merged = o.merged();
      System.out.printf(
          Locale.ROOT,
          "[proof] %d shard(s) at %s/s for %d s: merged %d requests = %s; p50 %.0f p95 %.0f p99"
              + " %.0f ms (all raw samples: %.0f / %.0f / %.0f); valid=%s%n",
          n,
          fmt(rps),
          seconds,
          o.mergedRequests(),
          String.join(" + ", o.shards().stream().map(s -> Long.toString(s.requests())).toList()),
          value(merged, "p50"),
          value(merged, "p95"),
          value(merged, "p99"),
          raw.percentileMs(50),
          raw.percentileMs(95),
          raw.percentileMs(99),
          o.valid());
      assertThat(o.shards()).hasSize(n);
      assertThat(merged.provenance()).containsEntry("injectors", Integer.toString(n));
      assertThat(o.mergedRequests()).isEqualTo(sum).isEqualTo(raw.requests());
      for (String p : List.of("p50", "p75", "p95", "p99")) {
        assertThat(value(merged, p))
            .isEqualTo(raw.percentileMs(Double.parseDouble(p.substring(1))));
      }
    }
  }

  @Test
  @Order(2)
  void threeShardsReachWhatOneCannot() throws Exception {
    double rps = number("SCALEOUT_HIGH_RPS", 1200);
    int seconds = (int) number("SCALEOUT_HIGH_SECONDS", 5);
    for (int n : new int[] {1, 3}) {
      Map<String, String> props = new LinkedHashMap<>();
      props.put("baseUrl", baseUrls);
      // one level of the stress staircase: a constant rate of cached dashboard reads
      props.put("stress.startRps", fmt(rps));
      props.put("stress.steps", "1");
      props.put("stress.warmupSeconds", "0");
      props.put("stress.stepSeconds", Integer.toString(seconds));
      Injectors.Outcome o =
          Injectors.run(
              new Checkout(ROOT),
              "dev.redline.simulations.StressSimulation",
              OUT.resolve("reach-" + n),
              "scale-out reach",
              props,
              n,
              new Injectors.Plan(rps, seconds),
              null,
              PROGRESS);
      double achieved = o.shards().stream().mapToDouble(Injectors.Shard::achievedRps).sum();
      System.out.printf(
          Locale.ROOT,
          "[proof] reach: %d shard(s) asked %s/s for %d s: started %.1f/s together, %d requests,"
              + " p95 %.0f ms, valid=%s%s%n",
          n,
          fmt(rps),
          seconds,
          achieved,
          o.mergedRequests(),
          value(o.merged(), "p95"),
          o.valid(),
          o.valid() ? "" : " (" + o.merged().invalidReason() + ")");
      assertThat(o.mergedRequests())
          .isEqualTo(o.shards().stream().mapToLong(Injectors.Shard::requests).sum());
    }
  }

  private static double value(Run run, String metric) {
    return run.measurement(GatlingRun.ALL_REQUESTS + " " + metric)
        .orElseThrow(() -> new AssertionError("merged run has no All Requests " + metric))
        .value();
  }

  private static double number(String env, double fallback) {
    String v = System.getenv(env);
    return v == null || v.isBlank() ? fallback : Double.parseDouble(v);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
