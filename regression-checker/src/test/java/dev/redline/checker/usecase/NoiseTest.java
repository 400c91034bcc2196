package dev.redline.checker.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.DecisionConfig;
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

/** Calibration from A/A runs: noise, detectable change, the A/A check, paired rounds. */
class NoiseTest {

  private static List<Run> runs(String name, double... p95s) {
    List<Run> out = new ArrayList<>();
    for (int i = 0; i < p95s.length; i++) {
      Measurement m =
          new Measurement(
              name,
              Metric.P95,
              Units.MS,
              Direction.LOWER_IS_BETTER,
              p95s[i],
              new Samples.Observations(new double[] {p95s[i]}),
              Map.of());
      out.add(
          Run.builder()
              .suite("pr")
              .id("r" + i)
              .startedAt(Instant.EPOCH.plusSeconds(i))
              .measurements(List.of(m))
              .build());
    }
    return out;
  }

  @Test
  void marksAMeasurementWhoseNoiseHidesTheThresholdAsTooNoisy() {
    List<Noise.Row> table =
        Noise.independent(runs("GET /a", 100, 112, 90, 105, 95, 108), DecisionConfig.defaults(), 5);

    assertThat(table).hasSize(1);
    assertThat(table.get(0).cvPct()).isBetween(5.0, 15.0);
    assertThat(table.get(0).detectablePct()).isGreaterThan(10.0);
    assertThat(table.get(0).gateable()).isFalse();
  }

  @Test
  void callsAQuietMeasurementGateableAndMoreRoundsDetectSmallerChanges() {
    List<Run> quiet = runs("GET /b", 100, 101, 99, 100.5, 99.5, 100);

    Noise.Row five = Noise.independent(quiet, DecisionConfig.defaults(), 5).get(0);
    Noise.Row ten = Noise.independent(quiet, DecisionConfig.defaults(), 10).get(0);

    assertThat(five.gateable()).isTrue();
    assertThat(ten.detectablePct()).isLessThan(five.detectablePct());
  }

  @Test
  void theAaCheckNeedsFourRunsAndSplitsThemOddAgainstEven() throws Exception {
    assertThat(Noise.aaCheck(runs("GET /c", 100, 101, 99), DecisionConfig.defaults())).isNull();

    Comparison aa =
        Noise.aaCheck(runs("GET /c", 100, 101, 99, 100, 98, 102), DecisionConfig.defaults());

    assertThat(aa.baseline()).extracting(Run::id).containsExactly("r0", "r2", "r4");
    assertThat(aa.current()).extracting(Run::id).containsExactly("r1", "r3", "r5");
  }

  @Test
  void pairedRoundsAreJudgedByTheGatesPairedTestWithOneFamily() throws Exception {
    List<Run> a = runs("GET /d", 100, 104, 97, 101, 99);
    List<Run> b = runs("GET /d", 101, 103, 98, 100, 99.5);

    Noise.Paired p = Noise.paired(a, b, null, DecisionConfig.defaults(), 5);

    assertThat(p.aa().verdicts()).hasSize(1);
    assertThat(p.family()).isEqualTo(1);
    assertThat(p.rows()).singleElement().satisfies(r -> assertThat(r.rounds()).isEqualTo(5));
    assertThatThrownBy(() -> Noise.paired(a, b.subList(0, 4), null, DecisionConfig.defaults(), 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 5 and 4");
  }
}
