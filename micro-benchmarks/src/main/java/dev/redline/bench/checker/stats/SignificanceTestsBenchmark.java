package dev.redline.bench.checker.stats;

import dev.redline.checker.model.Samples;
import dev.redline.checker.stats.Change;
import dev.redline.checker.stats.SignificanceTests;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The gate's significance tests, each giving the estimate, its 95% confidence interval and the
 * p-value ({@link Change}), on one baseline and one current run of {@code samples} values each:
 *
 * <ul>
 *   <li>{@link #quantileShiftP95}: order-statistic test of p95 on whole-ms response times
 *       (lognormal, median 40 ms vs 42 ms, a few hundred distinct values), the Gatling within-run
 *       test;
 *   <li>{@link #meanShift}: Welch test of the mean on the same distributions;
 *   <li>{@link #observations}: Welch t-test on the logs of continuous values (JMH iteration
 *       scores), linear in {@code samples};
 *   <li>{@link #distributionOf}: building the exact distribution from raw times (a sort), what a
 *       reader pays once per run;
 *   <li>{@link #baselineQuantiles}: the two p95 figures alone, without inference.
 * </ul>
 *
 * <p>Run: {@code java -jar micro-benchmarks/target/benchmarks.jar SignificanceTestsBenchmark -prof
 * gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class SignificanceTestsBenchmark {

  /** Values per run: a short load test's requests of one name, and a long one's. */
  @Param({"1000", "100000"})
  public int samples;

  private int[] rawCurrent;
  private Samples.Distribution baseline;
  private Samples.Distribution current;
  private double[] observedBaseline;
  private double[] observedCurrent;

  @Setup
  public void setUp() {
    baseline = Samples.Distribution.ofMillis(SampleData.millis(samples, 40, 1));
    rawCurrent = SampleData.millis(samples, 42, 2);
    current = Samples.Distribution.ofMillis(rawCurrent);
    observedBaseline = SampleData.continuous(samples, 1_000, 3);
    observedCurrent = SampleData.continuous(samples, 1_050, 4);
  }

  @Benchmark
  public void baselineQuantiles(Blackhole bh) {
    bh.consume(baseline.quantile(0.95));
    bh.consume(current.quantile(0.95));
  }

  @Benchmark
  public Change quantileShiftP95() {
    return SignificanceTests.quantileShift(baseline, current, 0.95, 0.95);
  }

  @Benchmark
  public Change meanShift() {
    return SignificanceTests.meanShift(baseline, current, 0.95);
  }

  @Benchmark
  public Change observations() {
    return SignificanceTests.observations(observedBaseline, observedCurrent, 0.95, 0);
  }

  @Benchmark
  public Samples.Distribution distributionOf() {
    return Samples.Distribution.ofMillis(rawCurrent);
  }
}
