package dev.redline.checker.changepoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * E-divisive means (Matteson and James, "A Nonparametric Approach for Multiple Change Point
 * Analysis of Multivariate Data", JASA 2014), the detector MongoDB's and Apache Otava's performance
 * change-point work is built on, for one univariate series.
 *
 * <p>For a segment {@code z[0..n)} and a split {@code tau}, the left part {@code X = z[0..tau)} and
 * the right part {@code Y = z[tau..n)} have the divergence {@code E = 2/(tau m) sum|x-y| -
 * sum_{i<k}|x_i-x_k| / C(tau,2) - sum_{j<k}|y_j-y_k| / C(m,2)} (energy distance, exponent 1) and
 * the statistic {@code Q = tau m / n * E} with {@code m = n - tau}. The best split of a segment is
 * the {@code tau} with the largest {@code Q}; it is a change point when a permutation test says so:
 * the segment's values are shuffled {@code R} times and {@code p = (1 + #{max Q of a shuffle >= Q})
 * / (1 + R)}. Segments are split one change point at a time (the best split among all segments
 * first) until the next one is not significant.
 *
 * <p>Written here because no maintained Java implementation is published on Maven Central (the
 * reference ones are R's {@code ecp} and MongoDB's Python {@code signal-processing-algorithms}).
 * Every {@code Q} of a segment is computed in O(n^2) by moving one point at a time from the right
 * part to the left; the permutation test stops as soon as the p-value can no longer reach alpha, so
 * a flat series costs a few shuffles. Deterministic for a given seed.
 */
public final class EDivisive {
  /** Default significance level: a change point needs p <= 0.001. */
  public static final double DEFAULT_ALPHA = 0.001;

  /** Default permutations: enough for a p-value of 1/2000 to be reached. */
  public static final int DEFAULT_PERMUTATIONS = 1999;

  /** Default fewest points on either side of a change point. */
  public static final int DEFAULT_MIN_SIZE = 3;

  private final double alpha;
  private final int permutations;
  private final int minSize;

  /**
   * @param alpha significance level of each permutation test, in (0, 0.5)
   * @param permutations shuffles per test, at least {@code 1/alpha - 1} so that alpha is reachable
   * @param minSize fewest points on either side of a change point, at least 2
   */
  public EDivisive(double alpha, int permutations, int minSize) {
    if (!(alpha > 0 && alpha < 0.5)) {
      throw new IllegalArgumentException("alpha must be in (0, 0.5), got " + alpha);
    }
    if ((1.0 / (1 + permutations)) > alpha) {
      throw new IllegalArgumentException(
          permutations + " permutations cannot give a p-value as low as alpha " + alpha);
    }
    if (minSize < 2) {
      throw new IllegalArgumentException("minSize must be at least 2, got " + minSize);
    }
    this.alpha = alpha;
    this.permutations = permutations;
    this.minSize = minSize;
  }

  public static EDivisive defaults() {
    return new EDivisive(DEFAULT_ALPHA, DEFAULT_PERMUTATIONS, DEFAULT_MIN_SIZE);
  }

  public double alpha() {
    return alpha;
  }

  /**
   * A significant split.
   *
   * @param index the first point after the change (1..n-1)
   * @param pValue the permutation test's p-value
   * @param q the statistic Q of the split
   */
  public record Split(int index, double pValue, double q) {}

  /**
   * The significant change points of {@code series}, in index order.
   *
   * @param seed seeds the shuffles; the same series and seed give the same answer
   */
  public List<Split> changePoints(double[] series, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Split> found = new ArrayList<>();
    List<int[]> segments = new ArrayList<>();
    segments.add(new int[] {0, series.length});
    while (true) {
      int[] bestSegment = null;
      Best best = null;
      for (int[] s : segments) {
        Best b = bestSplit(series, s[0], s[1]);
        if (b != null && (best == null || b.q > best.q)) {
          best = b;
          bestSegment = s;
        }
      }
      if (best == null) {
        break;
      }
      double p = pValue(series, bestSegment[0], bestSegment[1], best.q, random);
      if (p > alpha) {
        break;
      }
      found.add(new Split(best.index, p, best.q));
      segments.remove(bestSegment);
      segments.add(new int[] {bestSegment[0], best.index});
      segments.add(new int[] {best.index, bestSegment[1]});
    }
    found.sort(Comparator.comparingInt(Split::index));
    return found;
  }

  private record Best(int index, double q) {}

  /** The split of {@code z[from..to)} with the largest Q, or null when the segment is too short. */
  private Best bestSplit(double[] z, int from, int to) {
    int n = to - from;
    if (n < 2 * minSize) {
      return null;
    }
    double[] seg = new double[n];
    System.arraycopy(z, from, seg, 0, n);
    int[] at = new int[1];
    double q = maxQ(seg, at);
    return new Best(from + at[0], q);
  }

  /**
   * The largest Q over the allowed splits of {@code z}; its split index goes to {@code at[0]} when
   * {@code at} is not null.
   */
  double maxQ(double[] z, int[] at) {
    int n = z.length;
    double[] rowSum = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      for (int k = i + 1; k < n; k++) {
        double d = Math.abs(z[i] - z[k]);
        rowSum[i] += d;
        rowSum[k] += d;
        total += d;
      }
    }
    // Start with the left part empty: everything is within the right part.
    double within = 0; // sum over pairs inside the left part
    double right = total; // sum over pairs inside the right part
    double between = 0; // sum over pairs across
    double bestQ = Double.NEGATIVE_INFINITY;
    int bestAt = -1;
    for (int tau = 1; tau <= n - minSize; tau++) {
      int moved = tau - 1; // z[moved] goes from the right part to the left
      double toLeft = 0;
      for (int i = 0; i < moved; i++) {
        toLeft += Math.abs(z[moved] - z[i]);
      }
      double toRight = rowSum[moved] - toLeft;
      within += toLeft;
      right -= toRight;
      between += toRight - toLeft;
      if (tau < minSize) {
        continue;
      }
      int m = n - tau;
      double e =
          2 * between / ((double) tau * m)
              - within / (tau * (tau - 1) / 2.0)
              - right / (m * (m - 1) / 2.0);
      double q = (double) tau * m / n * e;
      if (q > bestQ) {
        bestQ = q;
        bestAt = tau;
      }
    }
    if (at != null) {
      at[0] = bestAt;
    }
    return bestQ;
  }

  /**
   * Permutation p-value of a segment's best split; stops early once {@code p > alpha} is certain.
   */
  private double pValue(double[] z, int from, int to, double observed, SplittableRandom random) {
    int n = to - from;
    double[] shuffled = new double[n];
    System.arraycopy(z, from, shuffled, 0, n);
    // p = (1 + atLeast) / (1 + R) <= alpha needs atLeast <= alpha (1 + R) - 1.
    int allowed = (int) Math.floor(alpha * (1 + permutations) - 1 + 1e-9);
    int atLeast = 0;
    for (int r = 0; r < permutations; r++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        double t = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = t;
      }
      if (maxQ(shuffled, null) >= observed) {
        atLeast++;
        if (atLeast > allowed) {
          return (1.0 + atLeast) / (1.0 + r + 1);
        }
      }
    }
    return (1.0 + atLeast) / (1.0 + permutations);
  }
}
