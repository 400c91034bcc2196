package dev.redline.checker.stats;

import dev.redline.checker.model.Samples;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The significance tests behind the verdicts. All are closed-form, so every result is deterministic
 * (no resampling, nothing to seed) and costs O(distinct values): 500 measurements compare in
 * milliseconds.
 *
 * <p>Relative changes are tested on the log scale (a ratio of geometric means or of quantiles),
 * which fits latencies, whose noise is multiplicative. Values are offset by half their resolution
 * before the log so that a 0 ms response time stays finite.
 */
public final class SignificanceTests {
  private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);

  /** Smallest standard error on the log scale (0.1%): identical runs are not infinitely certain. */
  static final double MIN_LOG_SE = 1e-3;

  private SignificanceTests() {}

  /**
   * Runs vs runs: a pooled two-sample Student t-test on the logs of per-run values. Run-to-run
   * drift is in the spread, so this is the test that stays honest on a noisy machine. Needs at
   * least three runs in all and one on each side; with one run on one side the other side's spread
   * stands for both (a prediction interval).
   *
   * @param baseline per-run values (> 0)
   * @param current per-run values (> 0)
   * @param confidence for the interval, e.g. 0.95
   * @param offset added to every value before the log: half the resolution (0.5 for whole
   *     milliseconds, so that 0 ms stays finite), 0 for continuous values
   */
  public static Change betweenRuns(
      double[] baseline, double[] current, double confidence, double offset) {
    int nb = baseline.length;
    int nc = current.length;
    if (nb < 1 || nc < 1 || nb + nc < 3) {
      throw new IllegalArgumentException("need at least three runs in all, one on each side");
    }
    double[] lb = logs(shift(baseline, offset));
    double[] lc = logs(shift(current, offset));
    double mb = mean(lb);
    double mc = mean(lc);
    double ss = sumSquares(lb, mb) + sumSquares(lc, mc);
    int df = nb + nc - 2;
    double sp = Math.sqrt(ss / df);
    double se = Math.max(sp * Math.sqrt(1.0 / nb + 1.0 / nc), MIN_LOG_SE);
    double d = mc - mb;
    TDistribution t = TDistribution.of(df);
    double p = 2 * t.cumulativeProbability(-Math.abs(d / se));
    double crit = t.inverseCumulativeProbability(0.5 + confidence / 2);
    return Change.fromLogRatio(d, se, crit, p, "t-test on log per-run values");
  }

  /**
   * Paired runs: base and head measured in the same round, one after the other (the gate's
   * interleaved rounds), so what drifts between rounds (other load, thermal state) hits both alike.
   * A one-sample Student t-test on the per-round log ratios {@code ln(current_i) - ln(baseline_i)}.
   *
   * @param baseline per-round values (> 0), in round order
   * @param current per-round values (> 0), same length and order
   */
  public static Change pairedRuns(
      double[] baseline, double[] current, double confidence, double offset) {
    int n = baseline.length;
    if (n < 2 || current.length != n) {
      throw new IllegalArgumentException("need two or more rounds with one run of each side");
    }
    double[] lb = logs(shift(baseline, offset));
    double[] lc = logs(shift(current, offset));
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = lc[i] - lb[i];
    }
    double md = mean(d);
    double se = Math.max(Math.sqrt(sumSquares(d, md) / (n - 1) / n), MIN_LOG_SE);
    TDistribution t = TDistribution.of(n - 1);
    double p = 2 * t.cumulativeProbability(-Math.abs(md / se));
    double crit = t.inverseCumulativeProbability(0.5 + confidence / 2);
    return Change.fromLogRatio(md, se, crit, p, "paired t-test on log per-round ratios");
  }

  /**
   * One run vs one run, a quantile of raw values: the ratio of the two exact quantiles, with each
   * quantile's standard error taken from its distribution-free order-statistic confidence interval
   * (ranks {@code nq ± z·sqrt(nq(1-q))}). Sees sampling noise only, not run-to-run drift.
   */
  public static Change quantileShift(
      Samples.Distribution baseline, Samples.Distribution current, double q, double confidence) {
    double z = NORMAL.inverseCumulativeProbability(0.5 + confidence / 2);
    double resB = resolution(baseline);
    double resC = resolution(current);
    double xb = baseline.quantile(q);
    double xc = current.quantile(q);
    double seB = quantileLogSe(baseline, q, z, resB);
    double seC = quantileLogSe(current, q, z, resC);
    double d = Math.log(xc + resC / 2) - Math.log(xb + resB / 2);
    double se = Math.max(Math.sqrt(seB * seB + seC * seC), MIN_LOG_SE);
    double p = 2 * NORMAL.cumulativeProbability(-Math.abs(d / se));
    return Change.fromLogRatio(d, se, z, p, "order-statistic test of p" + Math.round(q * 100));
  }

  /**
   * One run vs one run, the mean of raw values: Welch z-test on the log of the means (delta
   * method).
   */
  public static Change meanShift(
      Samples.Distribution baseline, Samples.Distribution current, double confidence) {
    double z = NORMAL.inverseCumulativeProbability(0.5 + confidence / 2);
    double mb = baseline.mean() + resolution(baseline) / 2;
    double mc = current.mean() + resolution(current) / 2;
    double seB = Math.sqrt(baseline.variance() / baseline.size()) / mb;
    double seC = Math.sqrt(current.variance() / current.size()) / mc;
    double d = Math.log(mc) - Math.log(mb);
    double se = Math.max(Math.sqrt(seB * seB + seC * seC), MIN_LOG_SE);
    double p = 2 * NORMAL.cumulativeProbability(-Math.abs(d / se));
    return Change.fromLogRatio(d, se, z, p, "Welch test of the mean");
  }

  /**
   * One run vs one run, repeated observations of the metric (JMH iterations, per-second counts):
   * Welch t-test on their logs; the estimate is the ratio of the arithmetic means, the value the
   * tools themselves report.
   *
   * @param offset added before the log: 0.5 for counts (a second without responses), else 0
   */
  public static Change observations(
      double[] baseline, double[] current, double confidence, double offset) {
    if (baseline.length < 2 || current.length < 2) {
      throw new IllegalArgumentException("need at least two observations on each side");
    }
    double[] lb = logs(shift(baseline, offset));
    double[] lc = logs(shift(current, offset));
    double vb = sumSquares(lb, mean(lb)) / (lb.length - 1) / lb.length;
    double vc = sumSquares(lc, mean(lc)) / (lc.length - 1) / lc.length;
    double se = Math.max(Math.sqrt(vb + vc), MIN_LOG_SE);
    double df = welchDf(vb, lb.length, vc, lc.length);
    double d = Math.log(mean(current)) - Math.log(mean(baseline));
    TDistribution t = TDistribution.of(df);
    double p = 2 * t.cumulativeProbability(-Math.abs((mean(lc) - mean(lb)) / se));
    double crit = t.inverseCumulativeProbability(0.5 + confidence / 2);
    return Change.fromLogRatio(d, se, crit, p, "Welch t-test on log observations");
  }

  /**
   * Two proportions (error rates): the change in percentage points with a Wald interval, and the
   * pooled two-proportion z-test for the p-value.
   */
  public static Change proportions(
      Samples.Proportion baseline, Samples.Proportion current, double confidence) {
    double z = NORMAL.inverseCumulativeProbability(0.5 + confidence / 2);
    double pb = baseline.rate();
    double pc = current.rate();
    double d = pc - pb;
    long nb = Math.max(1, baseline.trials());
    long nc = Math.max(1, current.trials());
    double pooled = (double) (baseline.events() + current.events()) / (nb + nc);
    double sePooled = Math.sqrt(pooled * (1 - pooled) * (1.0 / nb + 1.0 / nc));
    double p;
    if (sePooled == 0) {
      p = d == 0 ? 1.0 : 0.0;
    } else {
      p = 2 * NORMAL.cumulativeProbability(-Math.abs(d / sePooled));
    }
    double se = Math.sqrt(pb * (1 - pb) / nb + pc * (1 - pc) / nc);
    return new Change(d * 100, (d - z * se) * 100, (d + z * se) * 100, p, "two-proportion z-test");
  }

  /** The geometric mean of {@code values + offset}, minus the offset: the between-runs centre. */
  public static double geometricMean(double[] values, double offset) {
    return Math.exp(mean(logs(shift(values, offset)))) - offset;
  }

  private static double[] shift(double[] values, double offset) {
    if (offset == 0) {
      return values;
    }
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] + offset;
    }
    return out;
  }

  private static double quantileLogSe(Samples.Distribution d, double q, double z, double res) {
    long n = d.size();
    double centre = n * q;
    double half = z * Math.sqrt(n * q * (1 - q));
    double lo = d.atRank((long) Math.floor(centre - half));
    double hi = d.atRank((long) Math.ceil(centre + half) + 1);
    double spread = (Math.log(hi + res / 2) - Math.log(lo + res / 2)) / (2 * z);
    // Rounding to the resolution adds uniform noise of res/sqrt(12) to the quantile.
    double quant = (res / Math.sqrt(12)) / (d.quantile(q) + res / 2);
    return Math.sqrt(spread * spread + quant * quant);
  }

  /** 1 when every value is whole (Gatling milliseconds), else 0 (continuous). */
  static double resolution(Samples.Distribution d) {
    for (double v : d.values()) {
      if (v != Math.rint(v)) {
        return 0;
      }
    }
    return 1;
  }

  private static double welchDf(double vb, int nb, double vc, int nc) {
    double num = (vb + vc) * (vb + vc);
    double den = vb * vb / (nb - 1) + vc * vc / (nc - 1);
    return den == 0 ? nb + nc - 2 : Math.max(1, num / den);
  }

  private static double[] logs(double[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      if (!(values[i] > 0)) {
        throw new IllegalArgumentException("values must be positive, got " + values[i]);
      }
      out[i] = Math.log(values[i]);
    }
    return out;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double sumSquares(double[] v, double mean) {
    double s = 0;
    for (double x : v) {
      s += (x - mean) * (x - mean);
    }
    return s;
  }
}
