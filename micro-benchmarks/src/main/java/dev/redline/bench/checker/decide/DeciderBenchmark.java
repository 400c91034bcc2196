package dev.redline.bench.checker.decide;

import dev.redline.bench.checker.stats.SampleData;
import dev.redline.checker.decide.Decider;
import dev.redline.checker.decide.DecisionConfig;
import dev.redline.checker.decide.Verdict;
import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One verdict of the gate, end to end ({@link Decider#decide}: test, interval recentred on the
 * shown values, status), for {@code GET /dashboard/stats p95} with {@code samples} response times
 * per run:
 *
 * <ul>
 *   <li>{@link #oneRunEach}: one baseline run against one current run, the order-statistic test;
 *   <li>{@link #abFiveRunsEach}: the PR gate's {@code ab} baseline, 5 runs a side, the t-test on
 *       the per-run p95 values (its cost does not grow with {@code samples}: the p95 figures are
 *       computed once per run by the reader).
 * </ul>
 *
 * <p>Run: {@code java -jar micro-benchmarks/target/benchmarks.jar DeciderBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 1)
@Fork(2)
public class DeciderBenchmark {

  private static final int RUNS_PER_SIDE = 5;

  /** Response times per run. */
  @Param({"1000", "100000"})
  public int samples;

  private Decider decider;
  private List<Measurement> oneBaseline;
  private List<Measurement> oneCurrent;
  private List<Measurement> abBaseline;
  private List<Measurement> abCurrent;

  @Setup
  public void setUp() {
    decider = new Decider(DecisionConfig.defaults());
    abBaseline = runs(40, 10);
    abCurrent = runs(42, 20);
    oneBaseline = abBaseline.subList(0, 1);
    oneCurrent = abCurrent.subList(0, 1);
  }

  private List<Measurement> runs(double medianMs, long seed) {
    List<Measurement> out = new ArrayList<>();
    for (int r = 0; r < RUNS_PER_SIDE; r++) {
      Samples.Distribution d =
          Samples.Distribution.ofMillis(SampleData.millis(samples, medianMs, seed + r));
      out.add(
          new Measurement(
              "GET /dashboard/stats",
              Metric.P95,
              Units.MS,
              Direction.LOWER_IS_BETTER,
              d.quantile(0.95),
              d,
              Map.of("request", "GET /dashboard/stats")));
    }
    return List.copyOf(out);
  }

  @Benchmark
  public Verdict oneRunEach() {
    return decider.decide(oneBaseline, oneCurrent);
  }

  @Benchmark
  public Verdict abFiveRunsEach() {
    return decider.decide(abBaseline, abCurrent);
  }
}
