package dev.redline.checker.ingest.gatling;

import java.util.Arrays;

/**
 * An exact distribution of response times in whole milliseconds (Gatling's resolution): every
 * distinct value with how often it occurred, ascending. Immutable; merging two is exact, so
 * percentiles of merged runs are recomputed from all samples, never averaged.
 *
 * <p>Percentiles use the nearest-rank definition: the {@code p}-th percentile of {@code n} samples
 * is the smallest value with at least {@code ceil(p / 100 * n)} samples at or below it (rank
 * clamped to 1..n). It is always one of the recorded values.
 */
public final class ResponseTimes {
  private static final ResponseTimes EMPTY = new ResponseTimes(new int[0], new long[0], 0, 0);

  private final int[] valuesMs;
  private final long[] counts;
  private final long count;
  private final long sumMs;

  private ResponseTimes(int[] valuesMs, long[] counts, long count, long sumMs) {
    this.valuesMs = valuesMs;
    this.counts = counts;
    this.count = count;
    this.sumMs = sumMs;
  }

  /** No samples. */
  public static ResponseTimes empty() {
    return EMPTY;
  }

  /** From raw samples in any order (ms, each 0..Integer.MAX_VALUE). */
  public static ResponseTimes of(int... samplesMs) {
    int[] sorted = samplesMs.clone();
    Arrays.sort(sorted);
    return ofSorted(sorted, sorted.length);
  }

  /** From the first {@code n} entries of an ascending array; the array is not kept. */
  static ResponseTimes ofSorted(int[] sortedMs, int n) {
    if (n == 0) {
      return EMPTY;
    }
    int distinct = 1;
    for (int i = 1; i < n; i++) {
      if (sortedMs[i] != sortedMs[i - 1]) {
        distinct++;
      }
    }
    int[] values = new int[distinct];
    long[] counts = new long[distinct];
    long sum = 0;
    int k = 0;
    values[0] = sortedMs[0];
    for (int i = 0; i < n; i++) {
      if (sortedMs[i] != values[k]) {
        values[++k] = sortedMs[i];
      }
      counts[k]++;
      sum += sortedMs[i];
    }
    return new ResponseTimes(values, counts, n, sum);
  }

  /** From a 1 ms histogram: {@code countsByMs[v]} samples of {@code v} ms. */
  static ResponseTimes ofHistogram(long[] countsByMs) {
    int distinct = 0;
    for (long c : countsByMs) {
      if (c > 0) {
        distinct++;
      }
    }
    if (distinct == 0) {
      return EMPTY;
    }
    int[] values = new int[distinct];
    long[] counts = new long[distinct];
    long n = 0;
    long sum = 0;
    int k = 0;
    for (int v = 0; v < countsByMs.length; v++) {
      long c = countsByMs[v];
      if (c > 0) {
        values[k] = v;
        counts[k++] = c;
        n += c;
        sum += c * v;
      }
    }
    return new ResponseTimes(values, counts, n, sum);
  }

  /** Number of samples. */
  public long count() {
    return count;
  }

  /** Whether there are no samples. */
  public boolean isEmpty() {
    return count == 0;
  }

  /** Sum of all samples, ms. */
  public long sumMs() {
    return sumMs;
  }

  /** Smallest sample, ms; NaN when empty. */
  public double minMs() {
    return count == 0 ? Double.NaN : valuesMs[0];
  }

  /** Largest sample, ms; NaN when empty. */
  public double maxMs() {
    return count == 0 ? Double.NaN : valuesMs[valuesMs.length - 1];
  }

  /** Arithmetic mean, ms; NaN when empty. */
  public double meanMs() {
    return count == 0 ? Double.NaN : (double) sumMs / count;
  }

  /** Population standard deviation, ms (as Gatling reports it); NaN when empty. */
  public double stdDevMs() {
    if (count == 0) {
      return Double.NaN;
    }
    double mean = meanMs();
    double ss = 0;
    for (int i = 0; i < valuesMs.length; i++) {
      double d = valuesMs[i] - mean;
      ss += d * d * counts[i];
    }
    return Math.sqrt(ss / count);
  }

  /**
   * Nearest-rank percentile, ms; NaN when empty.
   *
   * @param percent 0..100 (0 gives the minimum, 100 the maximum)
   */
  public double percentileMs(double percent) {
    if (percent < 0 || percent > 100 || Double.isNaN(percent)) {
      throw new IllegalArgumentException("percent must be within 0..100, got " + percent);
    }
    if (count == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, Math.min(count, (long) Math.ceil(percent / 100.0 * count)));
    long seen = 0;
    for (int i = 0; i < valuesMs.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return valuesMs[i];
      }
    }
    return valuesMs[valuesMs.length - 1];
  }

  /** The distinct sample values, ascending, ms (a copy). */
  public int[] distinctValuesMs() {
    return valuesMs.clone();
  }

  /** How many samples each of {@link #distinctValuesMs()} has (a copy, all > 0). */
  public long[] counts() {
    return counts.clone();
  }

  /** The exact union of both distributions. */
  public ResponseTimes merge(ResponseTimes other) {
    if (other.count == 0) {
      return this;
    }
    if (count == 0) {
      return other;
    }
    int[] v = new int[valuesMs.length + other.valuesMs.length];
    long[] c = new long[v.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < valuesMs.length || j < other.valuesMs.length) {
      if (j == other.valuesMs.length || (i < valuesMs.length && valuesMs[i] < other.valuesMs[j])) {
        v[k] = valuesMs[i];
        c[k++] = counts[i++];
      } else if (i == valuesMs.length || other.valuesMs[j] < valuesMs[i]) {
        v[k] = other.valuesMs[j];
        c[k++] = other.counts[j++];
      } else {
        v[k] = valuesMs[i];
        c[k++] = counts[i++] + other.counts[j++];
      }
    }
    return new ResponseTimes(
        Arrays.copyOf(v, k), Arrays.copyOf(c, k), count + other.count, sumMs + other.sumMs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResponseTimes r
        && count == r.count
        && sumMs == r.sumMs
        && Arrays.equals(valuesMs, r.valuesMs)
        && Arrays.equals(counts, r.counts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(valuesMs) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return count == 0
        ? "ResponseTimes[empty]"
        : String.format(
            "ResponseTimes[n=%d, min=%.0f, p50=%.0f, p95=%.0f, max=%.0f ms]",
            count, minMs(), percentileMs(50), percentileMs(95), maxMs());
  }
}
