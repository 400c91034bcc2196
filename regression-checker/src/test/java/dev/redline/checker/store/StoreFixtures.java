package dev.redline.checker.store;

import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import dev.redline.checker.model.Window;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

public final class StoreFixtures {
  private StoreFixtures() {}

  /** A Gatling-like run with {@code requests} distinct-ish response times and a few windows. */
  public static Run run(String id, String branch, Instant start, int requests, long seed) {
    Random r = new Random(seed);
    int[] ms = new int[requests];
    for (int i = 0; i < requests; i++) {
      ms[i] = (int) (20 * Math.exp(0.5 * r.nextGaussian()));
    }
    Samples.Distribution d = Samples.Distribution.ofMillis(ms);
    Map<String, String> tags = Map.of("request", "GET /dashboard/stats");
    Run.Builder b =
        Run.builder()
            .id(id)
            .suite("MixedWorkloadSimulation")
            .profile("load")
            .source("gatling")
            .branch(branch)
            .commit("abc123")
            .jdk("17.0.15")
            .machine("host-1/8cpu")
            .startedAt(start)
            .toolVersion("gatling", "3.15.1")
            .provenance("jvmFlags", "-Xmx1g");
    for (Metric m : new Metric[] {Metric.P50, Metric.P95, Metric.P99}) {
      b.measurement(
          new Measurement(
              "GET /dashboard/stats",
              m,
              Units.MS,
              Direction.LOWER_IS_BETTER,
              d.quantile(m.quantile()),
              d,
              tags));
    }
    b.measurement(
        new Measurement(
            "GET /dashboard/stats",
            Metric.MEAN,
            Units.MS,
            Direction.LOWER_IS_BETTER,
            d.mean(),
            d,
            tags));
    b.measurement(
        new Measurement(
            "GET /dashboard/stats",
            Metric.ERROR_RATE,
            Units.PERCENT,
            Direction.LOWER_IS_BETTER,
            1.0,
            new Samples.Proportion(requests / 100, requests),
            tags));
    b.measurement(
        new Measurement(
            "GET /dashboard/stats",
            Metric.RPS,
            Units.REQ_PER_S,
            Direction.HIGHER_IS_BETTER,
            50.5,
            new Samples.Observations(new double[] {50, 51, Double.NaN}),
            tags));
    b.window(new Window("GET /dashboard/stats", start.getEpochSecond(), 50, 49, 1, 31.0, 10));
    return b.build();
  }
}
