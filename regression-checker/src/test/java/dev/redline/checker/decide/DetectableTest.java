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
    List<Detectable.Row> rows = Detectable.paired(base, head, DecisionConfig.defaults(), 1, 0.8, 5);
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
    Detectable.Row one = Detectable.paired(base, head, DecisionConfig.defaults(), 1, 0.8, 5).get(0);
    Detectable.Row many =
        Detectable.paired(base, head, DecisionConfig.defaults(), 100, 0.8, 5).get(0);
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
    List<Detectable.Row> rows = Detectable.paired(base, head, DecisionConfig.defaults(), 2, 0.8, 5);
    assertThat(rows).extracting(Detectable.Row::metric).containsExactly(Metric.CPU);
  }

  @Test
  void needsThreePairedRounds() {
    List<Run> two = List.of(run(1, null), run(2, null));
    assertThatThrownBy(() -> Detectable.paired(two, two, DecisionConfig.defaults(), 1, 0.8, 5))
        .hasMessageContaining("three or more rounds");
  }
}
