package dev.redline.checker.changepoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EDivisiveTest {
  private final EDivisive detector = EDivisive.defaults();

  private static double[] normal(int n, double sd, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      // Box-Muller
      v[i] =
          sd
              * Math.sqrt(-2 * Math.log(1 - r.nextDouble()))
              * Math.cos(2 * Math.PI * r.nextDouble());
    }
    return v;
  }

  @Test
  void findsTwoStepsWhereTheyAre() {
    double[] v = normal(90, 0.02, 1);
    for (int i = 30; i < 90; i++) {
      v[i] += 0.2;
    }
    for (int i = 60; i < 90; i++) {
      v[i] -= 0.3;
    }
    List<EDivisive.Split> found = detector.changePoints(v, 7);
    assertThat(found).extracting(EDivisive.Split::index).containsExactly(30, 60);
    assertThat(found).allSatisfy(s -> assertThat(s.pValue()).isLessThanOrEqualTo(0.001));
  }

  @Test
  void findsNothingInAConstantOrShortSeries() {
    assertThat(detector.changePoints(new double[50], 1)).isEmpty();
    assertThat(detector.changePoints(new double[] {0, 0, 1}, 1)).isEmpty();
  }

  @Test
  void sameSeriesAndSeedGiveTheSameAnswer() {
    double[] v = normal(60, 0.05, 3);
    for (int i = 40; i < 60; i++) {
      v[i] += 0.06;
    }
    EDivisive loose = new EDivisive(0.05, 199, 3);
    assertThat(loose.changePoints(v, 11)).isEqualTo(loose.changePoints(v, 11));
  }

  @Test
  void statisticPeaksAtTheStep() {
    double[] v = new double[20];
    for (int i = 12; i < 20; i++) {
      v[i] = 1;
    }
    int[] at = new int[1];
    detector.maxQ(v, at);
    assertThat(at[0]).isEqualTo(12);
  }

  @Test
  void refusesSettingsThatCannotReachAlpha() {
    assertThatThrownBy(() -> new EDivisive(0.001, 99, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("99 permutations");
    assertThatThrownBy(() -> new EDivisive(0.001, 1999, 1)).hasMessageContaining("minSize");
  }
}
