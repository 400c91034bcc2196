package dev.redline.starter;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.util.stream.IntStream;

/**
 * Histogram bucket bounds fine enough to see a 10% change of a median: eight per octave (each 9%
 * above the last) from 2<sup>-15</sup> s (30.5 us) to 4 s, 137 bounds. Micrometer's own
 * percentile-histogram buckets are 25-33% apart below a millisecond, so the median of a 300 us
 * route interpolated inside one of them moved by less than half of a real 12% change.
 */
public final class FineBuckets {
  static final int PER_OCTAVE = 8;
  static final int FIRST_EXPONENT = -15;
  static final int LAST_EXPONENT = 2;

  /** The bounds in nanoseconds, ascending. */
  public static final double[] NANOS =
      IntStream.rangeClosed(FIRST_EXPONENT * PER_OCTAVE, LAST_EXPONENT * PER_OCTAVE)
          .mapToDouble(i -> Math.rint(Math.pow(2, (double) i / PER_OCTAVE) * 1e9))
          .toArray();

  private FineBuckets() {}

  /**
   * Adds the fine bounds to the timers named {@code names} (for {@code http.server.requests}: on
   * top of whatever buckets the application configured).
   */
  static MeterFilter forTimers(String... names) {
    java.util.Set<String> wanted = java.util.Set.of(names);
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER || !wanted.contains(id.getName())) {
          return config;
        }
        return DistributionStatisticConfig.builder()
            .serviceLevelObjectives(NANOS)
            .build()
            .merge(config);
      }
    };
  }
}
