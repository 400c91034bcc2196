package dev.redline.checker.changepoint;

import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Nightly JMH-like runs of one benchmark for change-point tests: one run per night from a value.
 */
public final class Nights {
  public static final String BENCHMARK = "dev.redline.bench.JsonBenchmark.serialize avgt";
  public static final String KEY = BENCHMARK + " score";
  static final Instant FIRST = Instant.parse("2026-06-01T02:00:00Z");

  private Nights() {}

  /** Night {@code i} (0-based) with this score in ns/op, commit {@code c<i>} and this JDK. */
  public static Run night(int i, double scoreNs, String jdk) {
    return Run.builder()
        .id(String.format("20260601T02%04dZ-jmh-%08x", i, i))
        .suite("jmh")
        .profile("full")
        .source("jmh")
        .branch("main")
        .commit(String.format("c%03d0000000", i))
        .jdk(jdk)
        .machine("ab12cd34ef56")
        .startedAt(FIRST.plus(Duration.ofDays(i)))
        .provenance("javaVendor", "Eclipse Adoptium")
        .provenance("kernel", "6.8.0-1017-azure")
        .provenance("cpuModel", "AMD EPYC 7763 64-Core Processor")
        .measurement(
            new Measurement(
                BENCHMARK,
                Metric.SCORE,
                "ns/op",
                Direction.LOWER_IS_BETTER,
                scoreNs,
                new Samples.Observations(new double[] {scoreNs}),
                Map.of("benchmark", "dev.redline.bench.JsonBenchmark.serialize", "mode", "avgt")))
        .build();
  }

  /** Nights with these scores, all on JDK 17.0.15. */
  public static List<Run> of(double[] scores) {
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      runs.add(night(i, scores[i], "17.0.15"));
    }
    return runs;
  }

  /**
   * {@code n} scores around {@code base} with a deterministic ±1% wobble, times {@code factor} from
   * {@code step} on.
   */
  public static double[] step(int n, double base, int step, double factor) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double wobble = 1 + 0.01 * Math.sin(i * 2.399);
      v[i] = base * wobble * (i >= step ? factor : 1);
    }
    return v;
  }
}
