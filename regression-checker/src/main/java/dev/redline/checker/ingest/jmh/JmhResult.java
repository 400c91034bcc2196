package dev.redline.checker.ingest.jmh;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One benchmark (one method, mode and parameter set) from a JMH JSON result file, as JMH wrote it:
 * no unit conversion.
 *
 * @param source the JSON file
 * @param benchmark fully qualified method, e.g. {@code dev.redline.bench.FooBenchmark.parse}
 * @param mode JMH's short mode name: {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
 * @param params the {@code @Param} values, sorted by name; empty when none
 * @param unit the score's unit as JMH writes it: {@code ops/<t>} for thrpt, {@code <t>/op}
 *     otherwise, with {@code <t>} one of {@code ns us ms s min hr day}
 * @param score the primary score, in {@code unit}
 * @param scoreError half-width of JMH's 99.9% confidence interval, in {@code unit}; NaN when JMH
 *     could not compute one (a single iteration)
 * @param rawData per fork, per measurement iteration, the iteration's score in {@code unit}; for
 *     {@code sample} mode each iteration's mean computed from JMH's raw histogram (what JMH scores)
 * @param secondaryMetrics {@code -prof} and other secondary metrics by name, without JMH's leading
 *     {@code ·} (e.g. {@code gc.alloc.rate.norm})
 * @param higherIsBetter true for throughput units ({@code ops/<t>}), false for time per operation
 * @param jmhVersion the JMH version that ran it
 * @param jdkVersion {@code java.version} of the benchmark JVM
 * @param vmName the benchmark JVM's name
 * @param vmVersion the benchmark JVM's full version
 * @param jvmArgs flags given to the forked benchmark JVMs (never a tag)
 * @param threads worker threads per fork
 * @param forks forks measured
 * @param warmupIterations warm-up iterations per fork
 * @param measurementIterations measurement iterations per fork
 * @param measurementTime one measurement iteration's time as JMH writes it, e.g. {@code "1 s"}
 */
public record JmhResult(
    Path source,
    String benchmark,
    String mode,
    SortedMap<String, String> params,
    String unit,
    double score,
    double scoreError,
    List<List<Double>> rawData,
    Map<String, SecondaryMetric> secondaryMetrics,
    boolean higherIsBetter,
    String jmhVersion,
    String jdkVersion,
    String vmName,
    String vmVersion,
    List<String> jvmArgs,
    int threads,
    int forks,
    int warmupIterations,
    int measurementIterations,
    String measurementTime) {

  /** The {@code -prof gc} metric of allocated bytes per operation. */
  public static final String GC_ALLOC_RATE_NORM = "gc.alloc.rate.norm";

  public JmhResult {
    params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
    rawData = rawData.stream().map(List::copyOf).toList();
    secondaryMetrics = Collections.unmodifiableMap(new TreeMap<>(secondaryMetrics));
    jvmArgs = List.copyOf(jvmArgs);
  }

  /** A secondary metric: score, error, unit and per-fork iteration data, as for the primary. */
  public record SecondaryMetric(
      double score, double scoreError, String unit, List<List<Double>> rawData) {
    public SecondaryMetric {
      rawData = rawData.stream().map(List::copyOf).toList();
    }
  }

  /** Allocated bytes per operation from {@code -prof gc}; NaN when the run had no gc profiler. */
  public double allocBytesPerOp() {
    SecondaryMetric m = secondaryMetrics.get(GC_ALLOC_RATE_NORM);
    return m == null ? Double.NaN : m.score();
  }

  /**
   * The params as one bounded label, {@code name=value} pairs sorted by name and joined with {@code
   * ,}; "" when none. Values come from the benchmark's {@code @Param} lists.
   */
  public String paramsLabel() {
    return params.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /** Every iteration score of every fork, in fork order. */
  public List<Double> allIterations() {
    return rawData.stream().flatMap(List::stream).toList();
  }
}
