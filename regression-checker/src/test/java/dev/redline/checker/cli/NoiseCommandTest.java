package dev.redline.checker.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

class NoiseCommandTest {

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
    List<NoiseCommand.Noise> table =
        NoiseCommand.calibrate(
            runs("GET /a", 100, 112, 90, 105, 95, 108), DecisionConfig.defaults(), 5);

    assertThat(table).hasSize(1);
    assertThat(table.get(0).cvPct()).isBetween(5.0, 15.0);
    assertThat(table.get(0).detectablePct()).isGreaterThan(10.0);
    assertThat(table.get(0).gateable()).isFalse();
  }

  @Test
  void callsAQuietMeasurementGateableAndMoreRoundsDetectSmallerChanges() {
    List<Run> quiet = runs("GET /b", 100, 101, 99, 100.5, 99.5, 100);

    NoiseCommand.Noise five = NoiseCommand.calibrate(quiet, DecisionConfig.defaults(), 5).get(0);
    NoiseCommand.Noise ten = NoiseCommand.calibrate(quiet, DecisionConfig.defaults(), 10).get(0);

    assertThat(five.gateable()).isTrue();
    assertThat(ten.detectablePct()).isLessThan(five.detectablePct());
  }
}
