package dev.redline.checker.decide;

import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Units;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * What a gate of paired rounds can see, from A/A rounds (one build on both sides): per measurement
 * the spread of the per-round log ratios, the minimum detectable effect of the paired t-test the
 * gate runs (two-sided, at the family-wise alpha after Holm's first step, alpha / m, with the given
 * power), and the smallest change the gate's whole rule fails a build on that often (it must also
 * estimate the change beyond the limit, so this is never below the limit).
 */
public final class Detectable {

  /**
   * One measurement's calibration.
   *
   * @param rounds pairs of runs both sides have
   * @param median median of all values of both sides, in {@code unit}
   * @param sdPct standard deviation of the per-round log ratios, in percent (≈ the ratio's CV)
   * @param mdePct minimum detectable effect of the paired test with {@code rounds} rounds
   * @param caughtPct the smallest worsening the gate fails a build on with the power asked for
   * @param limitPct the measurement's limit
   * @param roundsForGoal rounds the test would need for an MDE at the goal (0 when it can't tell)
   * @param jvmSdPct the spread between JVM pairs (forks), in percent: how far a fork's mean ratio
   *     moves beyond what its rounds' own spread explains; NaN when the rounds ran on one pair
   * @param estimateSdPct the standard deviation of the gate's estimate of a change with these
   *     rounds and forks: {@code sqrt(within² / rounds + jvm² / forks)}; without forks {@code sd /
   *     sqrt(rounds)}, which leaves the JVM pair's own bias out
   */
  public record Row(
      String key,
      Metric metric,
      String unit,
      int rounds,
      double median,
      double sdPct,
      double mdePct,
      double caughtPct,
      double limitPct,
      int roundsForGoal,
      double jvmSdPct,
      double estimateSdPct) {
    public boolean gateable() {
      return mdePct <= limitPct;
    }
  }

  private Detectable() {}

  /**
   * Rows for every measurement both sides have in every round ({@code base.get(i)} and {@code
   * head.get(i)} ran in round i, on the JVM pair {@code forkOfRound[i]}; null: all on one pair),
   * tested as a family of {@code family} measurements.
   */
  public static List<Row> paired(
      List<Run> base,
      List<Run> head,
      int[] forkOfRound,
      DecisionConfig cfg,
      int family,
      double power,
      double goalPct) {
    if (base.size() != head.size() || base.size() < 3) {
      throw new IllegalArgumentException(
          "calibration needs three or more rounds with a run of each side, got "
              + base.size()
              + " and "
              + head.size());
    }
    int n = base.size();
    if (forkOfRound != null && forkOfRound.length != n) {
      throw new IllegalArgumentException(
          "one fork per round needed, got " + forkOfRound.length + " for " + n + " rounds");
    }
    Map<String, Measurement[][]> byKey = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      for (int side = 0; side < 2; side++) {
        Run r = (side == 0 ? base : head).get(i);
        for (Measurement m : r.measurements()) {
          byKey.computeIfAbsent(m.key(), k -> new Measurement[2][n])[side][i] = m;
        }
      }
    }
    double alpha = cfg.alpha() / Math.max(1, family);
    List<Row> out = new ArrayList<>();
    for (Map.Entry<String, Measurement[][]> e : byKey.entrySet()) {
      Measurement[][] ms = e.getValue();
      if (Arrays.stream(ms[0]).anyMatch(m -> m == null)
          || Arrays.stream(ms[1]).anyMatch(m -> m == null)) {
        continue;
      }
      Measurement first = ms[0][0];
      if (first.metric() == Metric.ERROR_RATE) {
        continue; // an absolute budget, not a ratio
      }
      double offset = Units.ratioOffset(first.unit());
      double[] d = new double[n];
      double[] all = new double[2 * n];
      boolean finite = true;
      for (int i = 0; i < n; i++) {
        double b = ms[0][i].value();
        double h = ms[1][i].value();
        all[2 * i] = b;
        all[2 * i + 1] = h;
        finite &= Double.isFinite(b) && Double.isFinite(h) && b + offset > 0 && h + offset > 0;
        d[i] = finite ? Math.log(h + offset) - Math.log(b + offset) : 0;
      }
      if (!finite) {
        continue;
      }
      double sd = sd(d);
      double limit = cfg.thresholdFor(first);
      double mde = detectable(sd, n, alpha, power);
      double se = sd / Math.sqrt(n);
      double tPower = TDistribution.of(n - 1).inverseCumulativeProbability(power);
      // Caught when significant and estimated beyond the limit: the larger of the two needs.
      double overLimit = (Math.exp(Math.log1p(limit / 100) + tPower * se) - 1) * 100;
      double[] jvm = betweenForks(d, forkOfRound);
      out.add(
          new Row(
              e.getKey(),
              first.metric(),
              first.unit(),
              n,
              median(all),
              sd * 100,
              mde,
              Math.max(mde, overLimit),
              limit,
              roundsFor(goalPct, sd, alpha, power),
              jvm[0] * 100,
              jvm[1] * 100));
    }
    return out;
  }

  /**
   * The spread between JVM pairs and the spread of the whole estimate, from per-round log ratios
   * {@code d} grouped by fork: the one-way random-effects split (the variance of the fork means
   * less what their rounds' pooled within-fork variance explains, floored at 0). Two JVMs of one
   * build differ in where the JIT and the memory put things for their whole life, so rounds of one
   * pair share a bias that more rounds do not average away. {NaN, sd / sqrt(n)} when there is one
   * fork or no round to spare within them.
   */
  static double[] betweenForks(double[] d, int[] forkOfRound) {
    int n = d.length;
    Map<Integer, List<Double>> byFork = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      byFork
          .computeIfAbsent(forkOfRound == null ? 0 : forkOfRound[i], k -> new ArrayList<>())
          .add(d[i]);
    }
    int forks = byFork.size();
    if (forks < 2 || n - forks < 1) {
      return new double[] {Double.NaN, sd(d) / Math.sqrt(n)};
    }
    double within = 0;
    double inverseRounds = 0;
    double[] means = new double[forks];
    int f = 0;
    for (List<Double> rounds : byFork.values()) {
      double mean = rounds.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      for (double x : rounds) {
        within += (x - mean) * (x - mean);
      }
      inverseRounds += 1.0 / rounds.size() / forks;
      means[f++] = mean;
    }
    within /= n - forks;
    double sdMeans = sd(means);
    double between = Math.max(0, sdMeans * sdMeans - within * inverseRounds);
    return new double[] {Math.sqrt(between), Math.sqrt(within / n + between / forks)};
  }

  /** The paired t-test's minimum detectable effect in percent, with {@code n} rounds. */
  static double detectable(double sd, int n, double alpha, double power) {
    TDistribution t = TDistribution.of(n - 1);
    double factor =
        t.inverseCumulativeProbability(1 - alpha / 2) + t.inverseCumulativeProbability(power);
    return (Math.exp(factor * sd / Math.sqrt(n)) - 1) * 100;
  }

  /** Fewest rounds (up to 1,000) whose MDE is at most {@code goalPct}; 0 when none is. */
  static int roundsFor(double goalPct, double sd, double alpha, double power) {
    for (int n = 3; n <= 1000; n++) {
      if (detectable(sd, n, alpha, power) <= goalPct) {
        return n;
      }
    }
    return 0;
  }

  /** Sample standard deviation. */
  public static double sd(double[] v) {
    double mean = Arrays.stream(v).average().orElse(0);
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return Math.sqrt(ss / (v.length - 1));
  }

  /** Median (the mean of the two middle values of an even count). */
  public static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
