package dev.redline.checker.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import dev.redline.checker.stats.Change;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeciderTest {
  private final Decider decider = new Decider(DecisionConfig.defaults());

  private static Run run(String machine, String jdk, Measurement... ms) {
    return Run.builder()
        .suite("mixed")
        .machine(machine)
        .jdk(jdk)
        .startedAt(Instant.EPOCH)
        .id("r")
        .measurements(List.of(ms))
        .build();
  }

  private static Measurement latency(Metric metric, double value, Samples samples) {
    return new Measurement(
        "GET /dashboard/stats",
        metric,
        Units.MS,
        Direction.LOWER_IS_BETTER,
        value,
        samples,
        Map.of());
  }

  private static Measurement rps(double value) {
    return observed(
        "GET /dashboard/stats", Metric.RPS, Units.REQ_PER_S, Direction.HIGHER_IS_BETTER, value);
  }

  /** One value, observed once per run. */
  private static Measurement observed(
      String name, Metric metric, String unit, Direction direction, double value) {
    return new Measurement(
        name,
        metric,
        unit,
        direction,
        value,
        new Samples.Observations(new double[] {value}),
        Map.of());
  }

  /** Per-run p95 values on each side. */
  private List<Run> runsWithP95(double... values) {
    List<Run> runs = new ArrayList<>();
    for (double v : values) {
      runs.add(run("m1", "17", latency(Metric.P95, v, new Samples.Observations(new double[] {v}))));
    }
    return runs;
  }

  private static Samples.Distribution lognormal(long seed, int n, double medianMs) {
    Random r = new Random(seed);
    int[] ms = new int[n];
    for (int i = 0; i < n; i++) {
      ms[i] = (int) Math.round(medianMs * Math.exp(0.4 * r.nextGaussian()));
    }
    return Samples.Distribution.ofMillis(ms);
  }

  @Test
  void flagsLatencyRiseBeyondThreshold() throws Exception {
    Comparison c =
        decider.compare(
            "ab", runsWithP95(10.0, 10.2, 9.9, 10.1), runsWithP95(12.3, 12.5, 12.4, 12.2), false);

    Verdict v = c.verdicts().get(0);
    assertThat(v.status()).isEqualTo(Status.REGRESSION);
    assertThat(v.changePct()).isBetween(20.0, 25.0);
    assertThat(v.ciLowPct()).isGreaterThan(10.0);
    assertThat(v.pValue()).isLessThan(0.01);
    assertThat(c.failed()).isTrue();
  }

  @Test
  void keepsSignificantRiseWithinThresholdUnchanged() throws Exception {
    Comparison c =
        decider.compare(
            "ab",
            runsWithP95(10.0, 10.01, 9.99, 10.0),
            runsWithP95(10.5, 10.51, 10.49, 10.5),
            false);

    Verdict v = c.verdicts().get(0);
    assertThat(v.pValue()).isLessThan(0.001);
    assertThat(v.status()).isEqualTo(Status.UNCHANGED);
  }

  @Test
  void callsLargeButInsignificantChangeNoisy() throws Exception {
    Comparison c =
        decider.compare("ab", runsWithP95(10, 11, 9, 10), runsWithP95(12, 14, 10, 13), false);

    Verdict v = c.verdicts().get(0);
    assertThat(v.pValue()).isGreaterThan(0.05);
    assertThat(v.ciLowPct()).isGreaterThan(-10.0);
    assertThat(v.status()).isEqualTo(Status.NOISY);
    assertThat(c.failed()).isFalse();
  }

  @Test
  void callsAnIntervalSpanningTheLimitOnBothSidesInconclusive() throws Exception {
    Comparison c =
        decider.compare("ab", runsWithP95(10, 14, 8, 12), runsWithP95(15, 9, 13, 16), false);

    Verdict v = c.verdicts().get(0);
    assertThat(v.ciLowPct()).isLessThan(-10.0);
    assertThat(v.ciHighPct()).isGreaterThan(10.0);
    assertThat(v.status()).isEqualTo(Status.INCONCLUSIVE);
    assertThat(v.status().label()).isEqualTo("inconclusive");
    assertThat(c.failed()).isFalse();
  }

  @Test
  void aWindowsGcPauseIsReportedNotGated() throws Exception {
    // Two history runs without a collection in the window, then one with a 3 ms young GC.
    List<Run> base = new ArrayList<>();
    for (double v : new double[] {0, 0}) {
      base.add(run("m", "17", gcPause(v)));
    }
    Comparison c = decider.compare("history", base, List.of(run("m", "17", gcPause(3))), false);

    Verdict v = c.verdicts().get(0);
    assertThat(v.status()).isNotEqualTo(Status.REGRESSION);
    assertThat(v.pValue()).isNaN();
    assertThat(v.method()).contains("not gating: a window's GC pause total is a validity check");
    assertThat(c.failed()).isFalse();
  }

  @Test
  void aWholeMillisecondPercentileMovingOneStepIsInconclusiveBetweenRuns() throws Exception {
    // Two history runs at p95 1 ms, then 2 ms: +100% or nothing, Gatling cannot tell.
    Comparison oneStep = decider.compare("history", runsWithP95(1, 1), runsWithP95(2), false);
    Verdict v = oneStep.verdicts().get(0);
    assertThat(v.status()).isEqualTo(Status.INCONCLUSIVE);
    assertThat(v.pValue()).isNaN();
    assertThat(v.method()).contains("within one step of Gatling's whole-ms resolution (1-2 ms)");

    // Two steps are a change the test judges.
    Verdict twoSteps =
        decider.compare("history", runsWithP95(1, 1, 1), runsWithP95(3), false).verdicts().get(0);
    assertThat(twoSteps.method()).doesNotContain("whole-ms resolution");

    // The gate's paired rounds keep their test: one step in every round is consistent.
    Verdict paired =
        new Decider(DecisionConfig.defaults(), true)
            .compare("ab", runsWithP95(5, 5, 5, 5), runsWithP95(6, 6, 6, 6), false)
            .verdicts()
            .get(0);
    assertThat(paired.method()).doesNotContain("whole-ms resolution");
  }

  @Test
  void theDbPoolWaitIsReportedNotGatedEvenInPairedRounds() throws Exception {
    // A real cpu:5 gate's pool wait: 0.06 ms on base, 0.14 ms on head in every round.
    List<Run> base = new ArrayList<>();
    List<Run> head = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      base.add(run("m", "17", poolWait(0.060 + i * 0.001)));
      head.add(run("m", "17", poolWait(0.136 + i * 0.001)));
    }
    Comparison c = new Decider(DecisionConfig.defaults(), true).compare("ab", base, head, false);

    Verdict v = c.verdicts().get(0);
    assertThat(v.status()).isNotEqualTo(Status.REGRESSION);
    assertThat(v.pValue()).isNaN();
    assertThat(v.method()).contains("the DB pool's wait is a per-JVM figure");
    assertThat(c.failed()).isFalse();
  }

  private static Measurement poolWait(double ms) {
    return observed("service DB pool", Metric.POOL_WAIT, Units.MS, Direction.LOWER_IS_BETTER, ms);
  }

  private static Measurement gcPause(double ms) {
    return observed("service JVM", Metric.GC_PAUSE, Units.MS, Direction.LOWER_IS_BETTER, ms);
  }

  @Test
  void callsAnInconclusiveEstimateWithinTheLimitInconclusiveToo() {
    // +2% looks unchanged, but [-40%, +70%] could hide a regression of 60%.
    Change wide = new Change(2, -40, 70, 0.9, "t");
    Change narrow = new Change(2, -8, 12, 0.7, "t");

    assertThat(decider.status(Direction.LOWER_IS_BETTER, wide, 10)).isEqualTo(Status.INCONCLUSIVE);
    assertThat(decider.status(Direction.HIGHER_IS_BETTER, wide, 10)).isEqualTo(Status.INCONCLUSIVE);
    assertThat(decider.status(Direction.LOWER_IS_BETTER, narrow, 10)).isEqualTo(Status.UNCHANGED);
  }

  @Test
  void keepsASignificantChangeOutOfInconclusive() {
    // Significant by a test whose interval is not the t interval (Holm left it significant).
    Change c = new Change(30, -15, 80, 0.01, "t");

    assertThat(decider.status(Direction.LOWER_IS_BETTER, c, 10)).isEqualTo(Status.REGRESSION);
  }

  @Test
  void ignoresThroughputGain() throws Exception {
    List<Run> base =
        List.of(run("m", "17", rps(100)), run("m", "17", rps(101)), run("m", "17", rps(99)));
    List<Run> cur =
        List.of(run("m", "17", rps(130)), run("m", "17", rps(131)), run("m", "17", rps(129)));

    Verdict v = decider.compare("ab", base, cur, false).verdicts().get(0);

    assertThat(v.status()).isEqualTo(Status.IMPROVEMENT);
  }

  @Test
  void flagsThroughputDropBeyondThreshold() throws Exception {
    List<Run> base =
        List.of(run("m", "17", rps(100)), run("m", "17", rps(101)), run("m", "17", rps(99)));
    List<Run> cur =
        List.of(run("m", "17", rps(80)), run("m", "17", rps(81)), run("m", "17", rps(79)));

    assertThat(decider.compare("ab", base, cur, false).verdicts().get(0).status())
        .isEqualTo(Status.REGRESSION);
  }

  @Test
  void measurementWithoutAValueFailsTheGateInsteadOfPassingUntested() throws Exception {
    // A JMH score of NaN in a run stored before the readers refused it.
    Samples.Observations iterations = new Samples.Observations(new double[] {9.8, 10.1, 10.0});
    List<Run> base = List.of(run("m", "17", latency(Metric.P95, 10, iterations)));
    List<Run> cur = List.of(run("m", "17", latency(Metric.P95, Double.NaN, iterations)));

    for (String mode : List.of("file", "history")) {
      Comparison c = decider.compare(mode, base, cur, false);

      Verdict v = c.verdicts().get(0);
      assertThat(v.status()).as(mode).isEqualTo(Status.REGRESSION);
      assertThat(v.method()).startsWith("no valid value: the current holds a value");
      assertThat(c.failed()).isTrue();
    }
  }

  @Test
  void baselineIterationThatIsNotANumberFailsTheGate() throws Exception {
    List<Run> base =
        List.of(
            run(
                "m",
                "17",
                latency(Metric.P95, 10, new Samples.Observations(new double[] {9.8, Double.NaN}))));
    List<Run> cur =
        List.of(
            run(
                "m",
                "17",
                latency(Metric.P95, 10, new Samples.Observations(new double[] {9.9, 10.1}))));

    Verdict v = decider.compare("file", base, cur, false).verdicts().get(0);

    assertThat(v.status()).isEqualTo(Status.REGRESSION);
    assertThat(v.method()).startsWith("no valid value: the baseline");
  }

  @Test
  void flagsP95RiseWithinOneRunFromRawResponseTimes() throws Exception {
    Samples.Distribution before = lognormal(1, 5000, 20);
    Samples.Distribution after = lognormal(2, 5000, 25);
    Run base = run("m", "17", latency(Metric.P95, before.quantile(0.95), before));
    Run cur = run("m", "17", latency(Metric.P95, after.quantile(0.95), after));

    Verdict v = decider.compare("file", List.of(base), List.of(cur), false).verdicts().get(0);

    assertThat(v.status()).isEqualTo(Status.REGRESSION);
    assertThat(v.method()).contains("order-statistic");
    assertThat(v.changePct()).isCloseTo((v.current() / v.baseline() - 1) * 100, within(1e-9));
  }

  @Test
  void adjustsPValuesForTheNumberOfMeasurementsCompared() {
    Verdict borderline = verdict("GET /a p95", 0.02);
    List<Verdict> alone = decider.holm(List.of(borderline));
    List<Verdict> amongMany = new ArrayList<>();
    amongMany.add(borderline);
    for (int i = 0; i < 9; i++) {
      amongMany.add(verdict("GET /b" + i + " p95", 0.8));
    }

    List<Verdict> adjusted = decider.holm(amongMany);

    assertThat(alone.get(0).status()).isEqualTo(Status.REGRESSION);
    assertThat(adjusted.get(0).pValue()).isCloseTo(0.2, within(1e-12));
    assertThat(adjusted.get(0).status()).isEqualTo(Status.NOISY);
    assertThat(adjusted.get(0).method()).contains("Holm-adjusted over 10");
  }

  private static Verdict verdict(String key, double p) {
    String name = key.substring(0, key.lastIndexOf(' '));
    return new Verdict(
        name,
        Metric.P95,
        "ms",
        Direction.LOWER_IS_BETTER,
        p < 0.05 ? Status.REGRESSION : Status.NOISY,
        10,
        13,
        30,
        5,
        60,
        p,
        10,
        5,
        5,
        "t-test on log per-run values");
  }

  @Test
  void reportsButDoesNotGateAPercentileRestingOnTooFewObservations() throws Exception {
    // 200 response times per run: the p99 is the second largest of them, the p75 has 50 beyond it.
    // Head is 50% slower everywhere, round for round.
    List<Run> base = new ArrayList<>();
    List<Run> head = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Samples.Distribution b = lognormal(10 + i, 200, 20);
      Samples.Distribution h = lognormal(10 + i, 200, 30);
      base.add(run("m", "17", percentiles(b)));
      head.add(run("m", "17", percentiles(h)));
    }

    Comparison c = new Decider(DecisionConfig.defaults(), true).compare("ab", base, head, false);

    Verdict p99 = c.verdicts().stream().filter(v -> v.metric() == Metric.P99).findFirst().get();
    Verdict p75 = c.verdicts().stream().filter(v -> v.metric() == Metric.P75).findFirst().get();
    assertThat(p99.status()).isEqualTo(Status.INCONCLUSIVE);
    assertThat(p99.pValue()).isNaN();
    assertThat(p99.method()).contains("not gating: p99 of 200 samples rests on 2 beyond it");
    assertThat(p75.status()).isEqualTo(Status.REGRESSION);
    assertThat(p75.method()).contains("Holm-adjusted over 2"); // p50 and p75; not p99
  }

  private static Measurement[] percentiles(Samples.Distribution d) {
    return new Measurement[] {
      latency(Metric.P50, d.quantile(0.50), d),
      latency(Metric.P75, d.quantile(0.75), d),
      latency(Metric.P99, d.quantile(0.99), d)
    };
  }

  private static List<Run> statementsPerRequest(double... values) {
    List<Run> runs = new ArrayList<>();
    for (double v : values) {
      runs.add(
          run(
              "m1",
              "17",
              new Measurement(
                  "service GET /api/v1/config/optimization-criteria",
                  Metric.SQL,
                  Units.STATEMENTS_PER_REQ,
                  Direction.LOWER_IS_BETTER,
                  v,
                  new Samples.Observations(new double[] {v}),
                  Map.of())));
    }
    return runs;
  }

  @Test
  void decidesACachedRouteWithoutStatementsAndCatchesItsFirstStatement() throws Exception {
    Decider paired = new Decider(DecisionConfig.defaults(), true);
    Verdict none =
        paired
            .compare(
                "ab", statementsPerRequest(0, 0, 0, 0), statementsPerRequest(0, 0, 0, 0), false)
            .verdicts()
            .get(0);
    assertThat(none.status()).isEqualTo(Status.UNCHANGED);
    Verdict nPlusOne =
        paired
            .compare(
                "ab",
                statementsPerRequest(0, 0.01, 0, 0.02),
                statementsPerRequest(1, 1.01, 1, 1.02),
                false)
            .verdicts()
            .get(0);
    assertThat(nPlusOne.status()).isEqualTo(Status.REGRESSION);
  }

  @Test
  void pairedRoundsCancelDriftThatHidesASlowdownFromTheUnpairedTest() throws Exception {
    // Each round's machine state moves base and head alike (±20%); head is 15% slower in every
    // round.
    double[] drift = {1.0, 1.2, 0.85, 1.1, 0.9};
    double[] base = new double[drift.length];
    double[] head = new double[drift.length];
    for (int i = 0; i < drift.length; i++) {
      base[i] = 10 * drift[i];
      head[i] = 11.5 * drift[i] * (i % 2 == 0 ? 1.01 : 0.99);
    }

    Verdict unpaired =
        decider.compare("ab", runsWithP95(base), runsWithP95(head), false).verdicts().get(0);
    Verdict paired =
        new Decider(DecisionConfig.defaults(), true)
            .compare("ab", runsWithP95(base), runsWithP95(head), false)
            .verdicts()
            .get(0);

    assertThat(unpaired.status()).isEqualTo(Status.NOISY);
    assertThat(paired.status()).isEqualTo(Status.REGRESSION);
    assertThat(paired.method()).contains("paired");
  }

  @Test
  void doesNotGateOnASingleHistoryRun() throws Exception {
    Samples.Distribution before = lognormal(1, 5000, 20);
    Samples.Distribution after = lognormal(2, 5000, 25);
    Run base = run("m", "17", latency(Metric.P95, before.quantile(0.95), before));
    Run cur = run("m", "17", latency(Metric.P95, after.quantile(0.95), after));

    Comparison c = decider.compare("history", List.of(base), List.of(cur), false);

    assertThat(c.verdicts().get(0).status()).isEqualTo(Status.NOISY);
    assertThat(c.verdicts().get(0).method()).contains("one history run");
    assertThat(c.failed()).isFalse();
  }

  @Test
  void gatesOnTwoHistoryRuns() throws Exception {
    Comparison c = decider.compare("history", runsWithP95(10.0, 10.2), runsWithP95(13.0), false);

    assertThat(c.verdicts().get(0).status()).isEqualTo(Status.REGRESSION);
    assertThat(c.failed()).isTrue();
  }

  @Test
  void passesSameDistributionWithinOneRun() throws Exception {
    Samples.Distribution before = lognormal(1, 5000, 20);
    Samples.Distribution after = lognormal(2, 5000, 20);
    Run base =
        run(
            "m",
            "17",
            latency(Metric.P99, before.quantile(0.99), before),
            latency(Metric.MEAN, before.mean(), before));
    Run cur =
        run(
            "m",
            "17",
            latency(Metric.P99, after.quantile(0.99), after),
            latency(Metric.MEAN, after.mean(), after));

    Comparison c = decider.compare("file", List.of(base), List.of(cur), false);

    assertThat(c.verdicts()).allMatch(v -> v.status() == Status.UNCHANGED);
  }

  @Test
  void flagsErrorRateRiseBeyondBudgetInPercentagePoints() throws Exception {
    Measurement before =
        new Measurement(
            "GET /x",
            Metric.ERROR_RATE,
            Units.PERCENT,
            Direction.LOWER_IS_BETTER,
            0.5,
            new Samples.Proportion(50, 10_000),
            Map.of());
    Measurement after =
        new Measurement(
            "GET /x",
            Metric.ERROR_RATE,
            Units.PERCENT,
            Direction.LOWER_IS_BETTER,
            2.5,
            new Samples.Proportion(250, 10_000),
            Map.of());

    Verdict v =
        decider
            .compare("file", List.of(run("m", "17", before)), List.of(run("m", "17", after)), false)
            .verdicts()
            .get(0);

    assertThat(v.status()).isEqualTo(Status.REGRESSION);
    assertThat(v.changePct()).isCloseTo(2.0, within(1e-9));
    assertThat(v.thresholdPct()).isEqualTo(1.0);
  }

  @Test
  void toleratesErrorRateRiseWithinBudget() throws Exception {
    Measurement before =
        new Measurement(
            "GET /x",
            Metric.ERROR_RATE,
            Units.PERCENT,
            Direction.LOWER_IS_BETTER,
            0.1,
            new Samples.Proportion(10, 10_000),
            Map.of());
    Measurement after =
        new Measurement(
            "GET /x",
            Metric.ERROR_RATE,
            Units.PERCENT,
            Direction.LOWER_IS_BETTER,
            0.6,
            new Samples.Proportion(60, 10_000),
            Map.of());

    Verdict v =
        decider
            .compare("file", List.of(run("m", "17", before)), List.of(run("m", "17", after)), false)
            .verdicts()
            .get(0);

    assertThat(v.pValue()).isLessThan(0.05);
    assertThat(v.status()).isEqualTo(Status.UNCHANGED);
  }

  @Test
  void refusesRunsFromAnotherMachine() {
    List<Run> base = List.of(run("laptop", "17", rps(100)));
    List<Run> cur = List.of(run("ci-runner", "17", rps(100)));

    assertThatThrownBy(() -> decider.compare("file", base, cur, false))
        .isInstanceOf(ComparisonException.class)
        .hasMessageContaining("laptop")
        .hasMessageContaining("--allow-cross-machine");
  }

  @Test
  void refusesRunsOnAnotherJdk() {
    List<Run> base = List.of(run("m", "17.0.15", rps(100)));
    List<Run> cur = List.of(run("m", "21.0.2", rps(100)));

    assertThatThrownBy(() -> decider.compare("file", base, cur, false))
        .isInstanceOf(ComparisonException.class)
        .hasMessageContaining("21.0.2");
  }

  @Test
  void comparesAcrossMachinesWhenAllowed() throws Exception {
    List<Run> base = List.of(run("laptop", "17", rps(100)));
    List<Run> cur = List.of(run("ci-runner", "21", rps(100)));

    assertThat(decider.compare("file", base, cur, true).verdicts()).hasSize(1);
  }

  @Test
  void refusesBaselineWithoutOverlap() {
    Measurement other =
        new Measurement(
            "GET /other",
            Metric.RPS,
            Units.REQ_PER_S,
            Direction.HIGHER_IS_BETTER,
            5,
            new Samples.Observations(new double[] {5}),
            Map.of());
    List<Run> base = List.of(run("m", "17", other));
    List<Run> cur = List.of(run("m", "17", rps(100)));

    assertThatThrownBy(() -> decider.compare("file", base, cur, false))
        .isInstanceOf(ComparisonException.class)
        .hasMessageContaining("share no measurement")
        .hasMessageContaining("GET /other rps");
  }

  @Test
  void appliesPerMetricThresholdOverride() throws Exception {
    Decider lenient = new Decider(new DecisionConfig(10, Map.of("p95", 30.0), Map.of(), 1, 0.05));

    Verdict v =
        lenient
            .compare(
                "ab",
                runsWithP95(10.0, 10.2, 9.9, 10.1),
                runsWithP95(12.3, 12.5, 12.4, 12.2),
                false)
            .verdicts()
            .get(0);

    assertThat(v.status()).isEqualTo(Status.UNCHANGED);
    assertThat(v.thresholdPct()).isEqualTo(30.0);
  }

  @Test
  void judgesOneCurrentRunAgainstHistorySpread() throws Exception {
    Verdict v =
        decider
            .compare("history", runsWithP95(10.0, 10.3, 9.8, 10.1, 9.9), runsWithP95(12.5), false)
            .verdicts()
            .get(0);

    assertThat(v.status()).isEqualTo(Status.REGRESSION);
    assertThat(v.method()).contains("per-run");
  }

  /** JMH scores (ops/s) of one run: iterations that share the machine's noise of their second. */
  private static Run jmhRun(double[] iterations) {
    double mean = java.util.Arrays.stream(iterations).average().orElseThrow();
    return run(
        "m1",
        "17",
        new Measurement(
            "dev.redline.bench.X.y",
            Metric.SCORE,
            "ops/s",
            Direction.HIGHER_IS_BETTER,
            mean,
            new Samples.Observations(iterations),
            Map.of()));
  }

  @Test
  void simultaneousIterationsPairedCancelTheMachineNoiseTheyShare() throws Exception {
    // Two duet rounds of five iterations; the machine's load moves every second by up to 40% on
    // both sides at once, the head is 15% slower throughout.
    Random noise = new Random(7);
    List<Run> base = new ArrayList<>();
    List<Run> head = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      double[] b = new double[5];
      double[] h = new double[5];
      for (int j = 0; j < 5; j++) {
        double machine = 1000 * (0.6 + 0.4 * noise.nextDouble());
        b[j] = machine * (1 + 0.01 * noise.nextGaussian());
        h[j] = machine * 0.85 * (1 + 0.01 * noise.nextGaussian());
      }
      base.add(jmhRun(b));
      head.add(jmhRun(h));
    }
    Verdict unpaired =
        new Decider(DecisionConfig.defaults()).compare("ab", base, head, false).verdicts().get(0);
    Verdict perIteration =
        new Decider(DecisionConfig.defaults(), true, true)
            .compare("ab", base, head, false)
            .verdicts()
            .get(0);

    assertThat(unpaired.status()).isNotEqualTo(Status.REGRESSION);
    assertThat(perIteration.status()).isEqualTo(Status.REGRESSION);
    assertThat(perIteration.changePct()).isCloseTo(-15, within(1.5));
    assertThat(perIteration.method()).contains("simultaneous iterations (10 pairs)");
  }

  @Test
  void runsWithUnequalIterationCountsFallBackToPerRunPairs() {
    List<Measurement> b =
        List.of(
            jmhRun(new double[] {1, 2, 3}).measurements().get(0),
            jmhRun(new double[] {1, 2}).measurements().get(0));
    List<Measurement> c =
        List.of(
            jmhRun(new double[] {1, 2, 3}).measurements().get(0),
            jmhRun(new double[] {1, 2, 3}).measurements().get(0));
    assertThat(Decider.iterationPairs(b, c)).isNull();
    assertThat(Decider.iterationPairs(c, c)[0]).hasSize(6);
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
