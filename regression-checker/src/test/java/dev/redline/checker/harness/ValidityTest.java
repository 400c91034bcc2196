package dev.redline.checker.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.ingest.gatling.SecondWindow;
import dev.redline.checker.model.Samples.Distribution;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules that decide whether a measured window may be trusted and become a baseline. */
class ValidityTest {

  private static Validity steady() {
    return Validity.judge(50, 49.8, 0.12, 0.0, 0.5, 0.0, 2.0);
  }

  @Test
  void aWindowThatKeptEveryRuleIsValid() {
    Validity v = steady();
    assertThat(v.valid()).isTrue();
    assertThat(v.summary()).isEqualTo("valid");
  }

  @Test
  void arrivalsBelowNinetyFivePercentOfTheIntendedRateMakeItInvalid() {
    Validity v = Validity.judge(50, 47.0, 0.12, 0.0, 0.5, 0.0, 2.0);
    assertThat(v.valid()).isFalse();
    assertThat(v.summary()).contains("arrivals 47.0/s of the 50.0/s intended");
    assertThat(Validity.judge(50, 47.6, 0.12, 0.0, 0.5, 0.0, 2.0).valid()).isTrue();
  }

  @Test
  void anInjectorUsingMoreThanHalfTheMachineMakesItInvalid() {
    assertThat(Validity.judge(50, 50, 0.55, 0, 0, 0, 2).summary())
        .contains("the injector used 55% of the machine's CPU");
  }

  @Test
  void errorsAndGcBeyondTheirLimitsAreEachAReason() {
    Validity v = Validity.judge(50, 50, 0.1, 2.5, 12, 0, 2);
    assertThat(v.reasons()).hasSize(2);
    assertThat(v.summary()).contains("2.5% of the requests failed").contains("GC pauses took 12%");
  }

  @Test
  void driftCountsBeyondAQuarterOfTheMedianOrTwoMilliseconds() {
    // 1 ms on a 2 ms median is within Gatling's resolution; 3 ms is not.
    assertThat(Validity.judge(50, 50, 0.1, 0, 0, 1, 2).valid()).isTrue();
    assertThat(Validity.judge(50, 50, 0.1, 0, 0, -3, 2).summary()).contains("not steady");
    // On a 40 ms median a quarter is 10 ms.
    assertThat(Validity.judge(50, 50, 0.1, 0, 0, 9, 40).valid()).isTrue();
    assertThat(Validity.judge(50, 50, 0.1, 0, 0, 11, 40).valid()).isFalse();
  }

  @Test
  void unknownFiguresDoNotInvalidate() {
    // No scrape (GC unknown), no CPU reading, no intended rate (a closed-model suite).
    assertThat(Validity.judge(Double.NaN, 12, Double.NaN, 0, Double.NaN, 0, Double.NaN).valid())
        .isTrue();
  }

  @Test
  void driftComparesTheFirstThirdOfTheWindowWithTheLast() {
    List<SecondWindow> seconds = new ArrayList<>();
    for (int s = 0; s < 30; s++) {
      int ms = s < 10 ? 10 : s < 20 ? 12 : 16;
      seconds.add(second(s, ms, ms, ms));
    }
    double[] d = Validity.p50Drift(seconds);
    assertThat(d[0]).isEqualTo(6.0);
    assertThat(d[1]).isEqualTo(12.0);
  }

  @Test
  void secondsWithoutSuccessfulResponsesAreLeftOutOfTheDrift() {
    List<SecondWindow> seconds = new ArrayList<>();
    for (int s = 0; s < 9; s++) {
      seconds.add(s % 3 == 1 ? empty(s) : second(s, 5, 5, 5));
    }
    assertThat(Validity.p50Drift(seconds)[0]).isZero();
    assertThat(Validity.p50Drift(seconds.subList(0, 2))[1]).isNaN();
  }

  @Test
  void theFiguresAreKeptAsProperties() {
    assertThat(steady().properties())
        .containsEntry("validity.achievedRps", "49.800")
        .containsEntry("validity.injectorCpuPercent", "12.000")
        .containsEntry("validity", "valid");
  }

  private static SecondWindow second(long s, int... ms) {
    return new SecondWindow(1_700_000_000L + s, ms.length, 0, Distribution.ofMillis(ms), 1, 1, 1);
  }

  private static SecondWindow empty(long s) {
    return new SecondWindow(1_700_000_000L + s, 0, 3, Distribution.empty(), 1, 1, 1);
  }
}
