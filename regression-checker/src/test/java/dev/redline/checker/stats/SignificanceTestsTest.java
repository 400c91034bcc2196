package dev.redline.checker.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.redline.checker.model.Samples;
import org.junit.jupiter.api.Test;

class SignificanceTestsTest {

  @Test
  void estimatesRatioOfGeometricMeansBetweenRuns() {
    Change c =
        SignificanceTests.betweenRuns(
            new double[] {10, 10, 10}, new double[] {12, 12, 12}, 0.95, 0);

    assertThat(c.pct()).isCloseTo(20.0, offset(1e-9));
    assertThat(c.pValue()).isLessThan(1e-6);
  }

  @Test
  void givesWideIntervalWhenRunsDisagree() {
    Change c =
        SignificanceTests.betweenRuns(new double[] {8, 12, 10}, new double[] {9, 13, 11}, 0.95, 0);

    assertThat(c.ciLowPct()).isLessThan(0);
    assertThat(c.ciHighPct()).isGreaterThan(20);
    assertThat(c.pValue()).isGreaterThan(0.3);
  }

  @Test
  void keepsZeroMillisecondRunsFinite() {
    Change c =
        SignificanceTests.betweenRuns(new double[] {0, 1, 0}, new double[] {1, 1, 0}, 0.95, 0.5);

    assertThat(c.pValue()).isBetween(0.0, 1.0);
  }

  @Test
  void findsNoQuantileShiftInIdenticalDistributions() {
    Samples.Distribution d = Samples.Distribution.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

    Change c = SignificanceTests.quantileShift(d, d, 0.95, 0.95);

    assertThat(c.pct()).isZero();
    assertThat(c.pValue()).isEqualTo(1.0);
  }

  @Test
  void computesExactNearestRankQuantiles() {
    Samples.Distribution d = Samples.Distribution.of(5, 1, 4, 2, 3, 3, 10, 9, 8, 7, 6, 3);

    assertThat(d.quantile(0.5)).isEqualTo(4);
    assertThat(d.quantile(0.95)).isEqualTo(10);
    assertThat(d.quantile(0.25)).isEqualTo(3);
    assertThat(d.size()).isEqualTo(12);
  }

  @Test
  void mergesDistributionsExactly() {
    Samples.Distribution a = Samples.Distribution.of(1, 3, 3, 7);
    Samples.Distribution b = Samples.Distribution.of(2, 3, 8, 8);

    assertThat(a.merge(b)).isEqualTo(Samples.Distribution.of(1, 2, 3, 3, 3, 7, 8, 8));
  }

  @Test
  void testsErrorRatesInPercentagePoints() {
    Change c =
        SignificanceTests.proportions(
            new Samples.Proportion(10, 1000), new Samples.Proportion(40, 1000), 0.95);

    assertThat(c.pct()).isCloseTo(3.0, offset(1e-9));
    assertThat(c.pValue()).isLessThan(0.001);
  }

  @Test
  void treatsTwoErrorFreeRunsAsUnchanged() {
    Change c =
        SignificanceTests.proportions(
            new Samples.Proportion(0, 1000), new Samples.Proportion(0, 1000), 0.95);

    assertThat(c.pct()).isZero();
    assertThat(c.pValue()).isEqualTo(1.0);
  }

  @Test
  void comparesJmhIterationsOnTheScoreMean() {
    Change c =
        SignificanceTests.observations(
            new double[] {100, 101, 99, 100, 102}, new double[] {120, 121, 119, 120, 122}, 0.95, 0);

    assertThat(c.pct()).isCloseTo(19.92, offset(0.01));
    assertThat(c.pValue()).isLessThan(1e-4);
  }
}
