package dev.redline.checker.model;

import java.util.Arrays;

/**
 * The observations behind one measurement's value, from one run; the significance test reads them.
 *
 * <ul>
 *   <li>{@link Distribution}: every raw value (Gatling ok response times in ms); the metric (mean
 *       or a percentile) is a statistic of it. Stored as distinct values with counts, which merge
 *       exactly.
 *   <li>{@link Observations}: repeated observations of the metric itself (JMH iteration scores of
 *       all forks, per-second request counts).
 *   <li>{@link Proportion}: events out of trials (failed requests out of all requests).
 * </ul>
 */
public sealed interface Samples {

  /** How many underlying observations there are. */
  long size();

  /**
   * Exact distribution: ascending distinct {@code values} with their {@code counts} (all > 0). The
   * one type for response times (Gatling's whole milliseconds, k6's fractions, WebSocket results):
   * merging two is exact, so percentiles of merged runs are those of all their samples, never
   * averaged.
   *
   * <p>Quantiles are nearest-rank: the {@code q} quantile of {@code n} samples is the smallest
   * value with at least {@code ceil(q * n)} samples at or below it (rank clamped to 1..n), always
   * one of the recorded values.
   */
  record Distribution(double[] values, long[] counts, long size) implements Samples {
    private static final Distribution EMPTY = new Distribution(new double[0], new long[0], 0);

    public Distribution {
      if (values.length != counts.length) {
        throw new IllegalArgumentException("values and counts differ in length");
      }
    }

    /** No samples. */
    public static Distribution empty() {
      return EMPTY;
    }

    /**
     * From a histogram of whole values: {@code countsByValue[v]} samples of {@code v} (Gatling's 1
     * ms resolution).
     */
    public static Distribution ofHistogram(long[] countsByValue) {
      int distinct = 0;
      for (long c : countsByValue) {
        if (c > 0) {
          distinct++;
        }
      }
      double[] values = new double[distinct];
      long[] counts = new long[distinct];
      long n = 0;
      int k = 0;
      for (int v = 0; v < countsByValue.length; v++) {
        if (countsByValue[v] > 0) {
          values[k] = v;
          counts[k++] = countsByValue[v];
          n += countsByValue[v];
        }
      }
      return new Distribution(values, counts, n);
    }

    /** Builds from raw values in any order. */
    public static Distribution of(double... raw) {
      double[] sorted = raw.clone();
      Arrays.sort(sorted);
      int distinct = 0;
      for (int i = 0; i < sorted.length; i++) {
        if (i == 0 || sorted[i] != sorted[i - 1]) {
          distinct++;
        }
      }
      double[] values = new double[distinct];
      long[] counts = new long[distinct];
      int k = -1;
      for (int i = 0; i < sorted.length; i++) {
        if (i == 0 || sorted[i] != sorted[i - 1]) {
          values[++k] = sorted[i];
        }
        counts[k]++;
      }
      return new Distribution(values, counts, sorted.length);
    }

    /** Builds from whole-millisecond response times (Gatling's resolution), in any order. */
    public static Distribution ofMillis(int... raw) {
      return ofMillis(raw, raw.length);
    }

    /** The same from the first {@code n} entries of {@code raw}, which is left as it is. */
    public static Distribution ofMillis(int[] raw, int n) {
      int[] sorted = Arrays.copyOf(raw, n);
      Arrays.sort(sorted);
      int distinct = 0;
      for (int i = 0; i < n; i++) {
        if (i == 0 || sorted[i] != sorted[i - 1]) {
          distinct++;
        }
      }
      double[] values = new double[distinct];
      long[] counts = new long[distinct];
      int k = -1;
      for (int i = 0; i < n; i++) {
        if (i == 0 || sorted[i] != sorted[i - 1]) {
          values[++k] = sorted[i];
        }
        counts[k]++;
      }
      return new Distribution(values, counts, n);
    }

    /** Whether there are no samples. */
    public boolean isEmpty() {
      return size == 0;
    }

    /** The exact union of two distributions (what merging parallel injectors needs). */
    public Distribution merge(Distribution other) {
      if (other.size == 0) {
        return this;
      }
      if (size == 0) {
        return other;
      }
      double[] v = new double[values.length + other.values.length];
      long[] c = new long[v.length];
      int i = 0;
      int j = 0;
      int k = 0;
      while (i < values.length || j < other.values.length) {
        if (j >= other.values.length || (i < values.length && values[i] < other.values[j])) {
          v[k] = values[i];
          c[k++] = counts[i++];
        } else if (i >= values.length || other.values[j] < values[i]) {
          v[k] = other.values[j];
          c[k++] = other.counts[j++];
        } else {
          v[k] = values[i];
          c[k++] = counts[i++] + other.counts[j++];
        }
      }
      return new Distribution(Arrays.copyOf(v, k), Arrays.copyOf(c, k), size + other.size);
    }

    /**
     * The value of 1-based rank {@code rank} in ascending order, clamped to [1, size].
     *
     * <p>Linear in the number of distinct values, which for millisecond data stays in the
     * thousands.
     */
    public double atRank(long rank) {
      if (size == 0) {
        return Double.NaN;
      }
      long r = Math.max(1, Math.min(size, rank));
      long seen = 0;
      for (int i = 0; i < values.length; i++) {
        seen += counts[i];
        if (seen >= r) {
          return values[i];
        }
      }
      return values[values.length - 1];
    }

    /**
     * Exact nearest-rank quantile: the smallest value with at least {@code q * size} at or below
     * it; NaN when empty.
     *
     * @param q 0..1 (0 gives the minimum, 1 the maximum)
     */
    public double quantile(double q) {
      if (!(q >= 0 && q <= 1)) {
        throw new IllegalArgumentException("q must be within 0..1, got " + q);
      }
      return atRank((long) Math.ceil(q * size));
    }

    /** Arithmetic mean; NaN when empty. */
    public double mean() {
      double sum = 0;
      for (int i = 0; i < values.length; i++) {
        sum += values[i] * counts[i];
      }
      return sum / size;
    }

    /** Sample variance (n - 1 denominator). */
    public double variance() {
      if (size < 2) {
        return 0;
      }
      double m = mean();
      double ss = 0;
      for (int i = 0; i < values.length; i++) {
        double d = values[i] - m;
        ss += d * d * counts[i];
      }
      return ss / (size - 1);
    }

    public double min() {
      return values.length == 0 ? Double.NaN : values[0];
    }

    public double max() {
      return values.length == 0 ? Double.NaN : values[values.length - 1];
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Distribution d
          && size == d.size
          && Arrays.equals(values, d.values)
          && Arrays.equals(counts, d.counts);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
      return "Distribution[n=" + size + ", distinct=" + values.length + "]";
    }
  }

  /** Repeated observations of the metric itself, in the measurement's unit. */
  record Observations(double[] values) implements Samples {
    @Override
    public long size() {
      return values.length;
    }

    public Observations concat(Observations other) {
      double[] v = Arrays.copyOf(values, values.length + other.values.length);
      System.arraycopy(other.values, 0, v, values.length, other.values.length);
      return new Observations(v);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Observations ob && Arrays.equals(values, ob.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return "Observations[n=" + values.length + "]";
    }
  }

  /** {@code events} out of {@code trials}, for example failed requests out of all requests. */
  record Proportion(long events, long trials) implements Samples {
    public Proportion {
      if (events < 0 || trials < 0 || events > trials) {
        throw new IllegalArgumentException("need 0 <= events <= trials");
      }
    }

    @Override
    public long size() {
      return trials;
    }

    public double rate() {
      return trials == 0 ? 0 : (double) events / trials;
    }

    public Proportion plus(Proportion other) {
      return new Proportion(events + other.events, trials + other.trials);
    }
  }
}
