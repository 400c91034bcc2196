package dev.redline.checker.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The local run's history key and which suites it plays as an open model. */
class LocalRunTest {

  @Test
  void sizeIsPartOfTheHistoryKey() {
    assertThat(LocalRun.historyProfile("load", "full", 50, 30, 50, 30)).isEqualTo("load");
    assertThat(LocalRun.historyProfile("load", "smoke", 20, 10, 20, 10)).isEqualTo("load-smoke");
    assertThat(LocalRun.historyProfile("stress", "smoke", 20, 10, 20, 10))
        .isEqualTo("stress-smoke");
  }

  @Test
  void anotherRateOrLengthIsAnotherKey() {
    assertThat(LocalRun.historyProfile("load", "full", 80, 30, 50, 30)).isEqualTo("load@80rps-30s");
    assertThat(LocalRun.historyProfile("load", "full", 50, 60, 50, 30)).isEqualTo("load@50rps-60s");
    assertThat(LocalRun.historyProfile("load", "full", 2.5, 30, 50, 30))
        .isEqualTo("load@2.5rps-30s");
  }

  @Test
  void onlyTheLoadProfileOfTheRestSuitesIsAnOpenModel() {
    assertThat(LocalRun.openModel("mixed", "load")).isTrue();
    assertThat(LocalRun.openModel("config", "load")).isTrue();
    assertThat(LocalRun.openModel("websocket", "load")).isFalse();
    assertThat(LocalRun.openModel("mixed", "stress")).isFalse();
  }

  @Test
  void suitesOutsideTheOpenModelKeepTheirSimulations() {
    assertThat(LocalRun.simulationClass("websocket", "load"))
        .isEqualTo("dev.redline.simulations.WebSocketSimulation");
    assertThat(LocalRun.simulationClass("ratelimit", "load"))
        .isEqualTo("dev.redline.simulations.RateLimitSimulation");
    assertThat(LocalRun.simulationClass("mixed", "soak"))
        .isEqualTo("dev.redline.simulations.SoakSimulation");
  }
}
