package dev.redline.checker.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.DecisionConfig;
import dev.redline.checker.decide.Detectable;
import dev.redline.checker.model.Metric;
import dev.redline.checker.model.Run;
import dev.redline.checker.model.Units;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The calibration report says what the spread between JVM pairs does to the limit. */
class PairedReportTest {

  private static final Run FIRST =
      Run.builder().suite("pr").profile("pr").id("r1").startedAt(Instant.EPOCH).build();

  private static PairedReport report(int forks, double jvmSd, double estimateSd) {
    Detectable.Row cpu =
        new Detectable.Row(
            "service GET /api/v1/config cpu",
            Metric.CPU,
            Units.US_PER_REQ,
            16,
            450,
            7,
            9,
            12,
            10,
            45,
            jvmSd,
            estimateSd);
    DecisionConfig cfg = DecisionConfig.defaults();
    Comparison aa =
        new Comparison("ab", List.of(), List.of(), List.of(), List.of(), List.of(), cfg);
    return new PairedReport(FIRST, List.of(cpu), aa, cfg, 1, 0.8, 5, forks);
  }

  @Test
  void severalPairsGiveHowOftenTheLimitIsCrossedEitherWay() {
    String console = report(4, 2, 3).console();

    // estimate sd 3%: +5% is estimated beyond 10% when 1.55 sd high (6%), +12% below it when
    // 0.60 sd low (27%), in log ratios
    assertThat(console)
        .contains("4 JVM pairs")
        .containsPattern("GET /api/v1/config cpu +JVM sd +2\\.0% +estimate sd +3\\.0%")
        .contains("+5.0% beyond:   6%")
        .contains("+12% below:  27%");
    assertThat(report(4, 2, 3).markdown()).contains("### Between JVM pairs").contains("| 2.0% |");
  }

  @Test
  void onePairSaysItsBiasIsNotMeasured() {
    assertThat(report(1, Double.NaN, 2).console())
        .contains("One JVM pair: the spread between pairs is not measured")
        .doesNotContain("beyond:");
    assertThat(report(1, Double.NaN, 2).markdown()).contains("| - |");
  }
}
