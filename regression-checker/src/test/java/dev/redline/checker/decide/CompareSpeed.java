package dev.redline.checker.decide;

import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import dev.redline.checker.report.ConsoleReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Times comparing 500 measurements (100 requests x mean, p50, p95, p99, error rate; 20,000 response
 * times each) one run against one run, and 3 runs against 3, including the console table. Run:
 * {@code java -cp target/test-classes:target/classes:<deps>
 * dev.redline.checker.decide.CompareSpeed}.
 */
public final class CompareSpeed {
  public static void main(String[] args) throws Exception {
    Random r = new Random(7);
    List<Run> base = new ArrayList<>();
    List<Run> cur = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      base.add(run(r, 1.0));
      cur.add(run(r, 1.05));
    }
    Decider d = new Decider(DecisionConfig.defaults());
    for (int warm = 0; warm < 5; warm++) {
      d.compare("file", base.subList(0, 1), cur.subList(0, 1), false);
      d.compare("ab", base, cur, false);
    }
    for (int rep = 0; rep < 3; rep++) {
      long t0 = System.nanoTime();
      Comparison one = d.compare("file", base.subList(0, 1), cur.subList(0, 1), false);
      String table1 = ConsoleReport.render(one);
      long t1 = System.nanoTime();
      Comparison ab = d.compare("ab", base, cur, false);
      String table2 = ConsoleReport.render(ab);
      long t2 = System.nanoTime();
      System.out.printf(
          "%d measurements: 1 vs 1 run %.1f ms, 3 vs 3 runs %.1f ms (table %d + %d chars)%n",
          one.verdicts().size(),
          (t1 - t0) / 1e6,
          (t2 - t1) / 1e6,
          table1.length(),
          table2.length());
    }
  }

  private static Run run(Random r, double factor) {
    Run.Builder b =
        Run.builder().suite("speed").machine("m").jdk("17").startedAt(Instant.EPOCH).id("x");
    for (int q = 0; q < 100; q++) {
      String name = "GET /endpoint/" + q;
      int[] ms = new int[20_000];
      for (int i = 0; i < ms.length; i++) {
        ms[i] = (int) Math.round(20 * factor * Math.exp(0.5 * r.nextGaussian()));
      }
      Samples.Distribution dist = Samples.Distribution.ofMillis(ms);
      for (Metric m : List.of(Metric.MEAN, Metric.P50, Metric.P95, Metric.P99)) {
        double v = m == Metric.MEAN ? dist.mean() : dist.quantile(m.quantile());
        b.measurement(
            new Measurement(name, m, Units.MS, Direction.LOWER_IS_BETTER, v, dist, Map.of()));
      }
      b.measurement(
          new Measurement(
              name,
              Metric.ERROR_RATE,
              Units.PERCENT,
              Direction.LOWER_IS_BETTER,
              0.1,
              new Samples.Proportion(20, 20_000),
              Map.of()));
    }
    return b.build();
  }
}
