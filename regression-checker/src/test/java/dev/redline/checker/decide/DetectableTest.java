package dev.redline.checker.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.redline.checker.model.Direction;
import dev.redline.checker.model.Measurement;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Samples;
import dev.redline.checker.model.Units;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectableTest {

  private static Run run(double cpuUs, Double p50Us) {
    List<Measurement> ms = new ArrayList<>();
    ms.add(measurement(Metric.CPU, cpuUs));
    if (p50Us != null) {
      ms.add(measurement(Metric.P50, p50Us));
    }
    return Run.builder()
        .suite("pr")
        .profile("pr")
        .startedAt(Instant.EPOCH)
        .id("r")
        .measurements(ms)
        .build();
  }

  private static Measurement measurement(Metric metric, double value) {
    return new Measurement(
        "service GET /api/v1/config/optimization-criteria",
        metric,
        Units.US_PER_REQ,
        Direction.LOWER_IS_BETTER,
        value,
        new Samples.Observations(new double[] {value}),
        Map.of());
  }

  @Test
  void mdeFollowsTheSpreadOfThePerRoundRatios() {
    // Per-round log ratios +/-2% alternating: sd of the ratios 2.14% over 8 rounds.
    List<Run> base = new ArrayList<>();
    List<Run> head = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      double base_ = 300 + 40 * i; // the level moves between rounds; only the ratio counts
      base.add(run(base_, null));
      head.add(run(base_ * Math.exp(i % 2 == 0 ? 0.02 : -0.02), null));
    }
    List<Detectable.Row> rows =
        Detectable.paired(base, head, null, DecisionConfig.defaults(), 1, 0.8, 5);
    assertThat(rows).hasSize(1);
    Detectable.Row r = rows.get(0);
    double sd = 0.02 * Math.sqrt(8.0 / 7);
    assertThat(r.sdPct()).isCloseTo(sd * 100, within(1e-9));
    // t(0.975, 7) = 2.3646, t(0.8, 7) = 0.8960
    double mde = (Math.exp((2.3646 + 0.8960) * sd / Math.sqrt(8)) - 1) * 100;
    assertThat(r.mdePct()).isCloseTo(mde, within(0.01));
    assertThat(r.gateable()).isTrue();
    // Caught from: beyond the 10% limit by t(0.8)·se, and never below the MDE.
    assertThat(r.caughtPct()).isGreaterThan(10).isGreaterThanOrEqualTo(r.mdePct());
  }

  @Test
  void aLargerHolmFamilyNeedsALargerChangeAndMoreRounds() {
    List<Run> base = new ArrayList<>();
    List<Run> head = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      base.add(run(400, null));
      head.add(run(400 * (1 + (i % 3 - 1) * 0.03), null));
    }
    Detectable.Row one =
        Detectable.paired(base, head, null, DecisionConfig.defaults(), 1, 0.8, 5).get(0);
    Detectable.Row many =
        Detectable.paired(base, head, null, DecisionConfig.defaults(), 100, 0.8, 5).get(0);
    assertThat(many.mdePct()).isGreaterThan(one.mdePct());
    assertThat(many.roundsForGoal()).isGreaterThan(one.roundsForGoal());
    assertThat(Detectable.detectable(one.sdPct() / 100, one.roundsForGoal(), 0.05, 0.8))
        .isLessThanOrEqualTo(5);
    assertThat(Detectable.detectable(one.sdPct() / 100, one.roundsForGoal() - 1, 0.05, 0.8))
        .isGreaterThan(5);
  }

  @Test
  void aMeasurementMissingInOneRoundIsLeftOut() {
    List<Run> base = new ArrayList<>();
    List<Run> head = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      base.add(run(400 + i, 90.0));
      head.add(run(401 + i, i == 2 ? null : 91.0));
    }
    List<Detectable.Row> rows =
        Detectable.paired(base, head, null, DecisionConfig.defaults(), 2, 0.8, 5);
    assertThat(rows).extracting(Detectable.Row::metric).containsExactly(Metric.CPU);
  }

  @Test
  void needsThreePairedRounds() {
    List<Run> two = List.of(run(1, null), run(2, null));
    assertThatThrownBy(
            () -> Detectable.paired(two, two, null, DecisionConfig.defaults(), 1, 0.8, 5))
        .hasMessageContaining("three or more rounds");
  }

  @Test
  void splitsTheSpreadBetweenJvmPairsFromTheRounds() {
    // 4 forks x 4 rounds: fork offsets 0, +4, -4, 0 and rounds +-1 around them.
    double[] d = new double[16];
    int[] fork = new int[16];
    double[] offset = {0, 4, -4, 0};
    for (int i = 0; i < 16; i++) {
      fork[i] = i / 4 + 1;
      d[i] = offset[i / 4] + (i % 2 == 0 ? 1 : -1);
    }
    double within = 16.0 / 12; // sum of squares 16 over 16 - 4 degrees of freedom
    double between = 32.0 / 3 - within / 4; // variance of the fork means less what rounds explain
    double[] split = Detectable.betweenForks(d, fork);
    assertThat(split[0]).isCloseTo(Math.sqrt(between), within(1e-9));
    assertThat(split[1]).isCloseTo(Math.sqrt(within / 16 + between / 4), within(1e-9));
  }

  @Test
  void forksThatAgreeLeaveNoJvmSpreadAndOneForkCannotTell() {
    double[] d = {1, -1, 1, -1, 1, -1};
    double[] agree = Detectable.betweenForks(d, new int[] {1, 1, 2, 2, 3, 3});
    assertThat(agree[0]).isZero();
    double[] one = Detectable.betweenForks(d, null);
    assertThat(one[0]).isNaN();
    assertThat(one[1]).isCloseTo(Detectable.sd(d) / Math.sqrt(6), within(1e-12));
  }

  @Test
  void aRowCarriesTheJvmSpreadOfItsForks() {
    List<Run> base = new ArrayList<>();
    List<Run> head = new ArrayList<>();
    int[] fork = new int[8];
    for (int i = 0; i < 8; i++) {
      fork[i] = i < 4 ? 1 : 2;
      base.add(run(400, null));
      // the second pair's head is 10% slower in every round, the first pair's is not
      head.add(run(400 * (i < 4 ? 1.0 : 1.10) * (i % 2 == 0 ? 1.01 : 0.99), null));
    }
    Detectable.Row r =
        Detectable.paired(base, head, fork, DecisionConfig.defaults(), 1, 0.8, 5).get(0);
    assertThat(r.jvmSdPct()).isBetween(6.0, 7.0); // log(1.1) / sqrt(2) = 6.7%, less a little
    assertThat(r.estimateSdPct()).isGreaterThan(r.jvmSdPct() / Math.sqrt(2));
    assertThatThrownBy(
            () ->
                Detectable.paired(
                    base, head, new int[] {1, 2}, DecisionConfig.defaults(), 1, 0.8, 5))
        .hasMessageContaining("one fork per round");
  }
}
