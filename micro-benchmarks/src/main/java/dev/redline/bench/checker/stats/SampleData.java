package dev.redline.bench.checker.stats;

import java.util.SplittableRandom;

/** Seeded latency-like samples for the statistics benchmarks, built once in {@code @Setup}. */
public final class SampleData {

  private SampleData() {}

  /**
   * Response times in whole milliseconds, as Gatling records them: lognormal with the given median
   * (ms) and log-scale spread 0.5, so most values fall between a third and three times the median.
   */
  public static int[] millis(int n, double medianMs, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = (int) Math.round(medianMs * Math.exp(0.5 * gaussian(random)));
    }
    return out;
  }

  /** Continuous positive values (JMH iteration scores, ns/op): lognormal, spread 0.05. */
  public static double[] continuous(int n, double median, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = median * Math.exp(0.05 * gaussian(random));
    }
    return out;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
