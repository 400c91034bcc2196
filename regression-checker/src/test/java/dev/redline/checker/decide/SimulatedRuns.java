package dev.redline.checker.decide;

import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Gatling-like runs with realistic noise: lognormal response times in whole milliseconds (median 20
 * ms, log-sd 0.4, so p95 is about 39 ms), each run scaled by its own drift factor {@code exp(N(0,
 * drift))}, times an optional true slowdown.
 */
final class SimulatedRuns {
  static final String REQUEST = "GET /dashboard/stats";
  private final Random random;

  SimulatedRuns(long seed) {
    random = new Random(seed);
  }

  Run run(int requests, double drift, double slowdown) {
    double factor = Math.exp(random.nextGaussian() * drift) * slowdown;
    int[] ms = new int[requests];
    for (int i = 0; i < requests; i++) {
      ms[i] = (int) Math.round(20.0 * Math.exp(0.4 * random.nextGaussian()) * factor);
    }
    Samples.Distribution d = Samples.Distribution.ofMillis(ms);
    Run.Builder b =
        Run.builder().suite("sim").machine("m1").jdk("17").startedAt(Instant.EPOCH).id("sim");
    b.measurement(measurement(Metric.MEAN, d.mean(), d));
    for (Metric m : List.of(Metric.P50, Metric.P95, Metric.P99)) {
      b.measurement(measurement(m, d.quantile(m.quantile()), d));
    }
    return b.build();
  }

  List<Run> runs(int count, int requests, double drift, double slowdown) {
    List<Run> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(run(requests, drift, slowdown));
    }
    return out;
  }

  private static Measurement measurement(Metric metric, double value, Samples.Distribution d) {
    return new Measurement(
        REQUEST, metric, Units.MS, Direction.LOWER_IS_BETTER, value, d, Map.of("request", REQUEST));
  }

  /**
   * Out of {@code comparisons}, how many flag a regression on {@code metric} (or on any metric when
   * {@code metric} is null).
   */
  static int flagged(
      long seed,
      int comparisons,
      int runsPerSide,
      int requests,
      double drift,
      double slowdown,
      Metric metric)
      throws ComparisonException {
    SimulatedRuns sim = new SimulatedRuns(seed);
    Decider decider = new Decider(DecisionConfig.defaults());
    int flagged = 0;
    for (int i = 0; i < comparisons; i++) {
      List<Run> base = sim.runs(runsPerSide, requests, drift, 1.0);
      List<Run> cur = sim.runs(runsPerSide, requests, drift, slowdown);
      Comparison c = decider.compare("ab-sim", base, cur, false);
      boolean hit =
          c.verdicts().stream()
              .anyMatch(
                  v -> v.status() == Status.REGRESSION && (metric == null || v.metric() == metric));
      if (hit) {
        flagged++;
      }
    }
    return flagged;
  }

  /** Prints the flag rates behind the README table: {@code java -cp ... SimulatedRuns}. */
  public static void main(String[] args) throws Exception {
    int n = 400;
    System.out.println(
        "| runs per side | requests per run | drift | A/A flagged (any metric) | 15% slower: p95 flagged |");
    System.out.println("|---|---|---|---|---|");
    for (int runs : new int[] {1, 3, 5}) {
      for (int requests : new int[] {1000, 5000}) {
        for (double drift : new double[] {0.01, 0.03, 0.05}) {
          int aa = flagged(11, n, runs, requests, drift, 1.0, null);
          int slow = flagged(12, n, runs, requests, drift, 1.15, Metric.P95);
          System.out.printf(
              "| %d | %d | %.0f%% | %.1f%% | %.1f%% |%n",
              runs, requests, drift * 100, 100.0 * aa / n, 100.0 * slow / n);
        }
      }
    }
  }
}
