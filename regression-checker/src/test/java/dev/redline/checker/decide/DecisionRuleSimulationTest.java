package dev.redline.checker.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.model.Metric;
import org.junit.jupiter.api.Test;

/**
 * The decision rule itself, tested on 1,000 seeded simulated comparisons each way: five runs per
 * side (the {@code ab} baseline), 2,000 lognormal response times per run, 3% run-to-run drift.
 */
class DecisionRuleSimulationTest {
  private static final int COMPARISONS = 1000;

  @Test
  void flagsAtMostOnePercentOfAaComparisons() throws Exception {
    int flagged = SimulatedRuns.flagged(42, COMPARISONS, 5, 2000, 0.03, 1.0, null);

    assertThat(flagged).as("A/A comparisons flagged on any metric").isLessThanOrEqualTo(10);
  }

  @Test
  void flagsAtLeast95PercentOfTrue15PercentSlowdowns() throws Exception {
    int flagged = SimulatedRuns.flagged(43, COMPARISONS, 5, 2000, 0.03, 1.15, Metric.P95);

    assertThat(flagged).as("15% slowdowns flagged on p95").isGreaterThanOrEqualTo(950);
  }
}
