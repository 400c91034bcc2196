package dev.redline.checker.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
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

  private static LocalRun.Options options(String suite, String profile) {
    return new LocalRun.Options(
        suite, profile, "full", 50, 30, null, Map.of(), false, Path.of("/tmp/run"), 1);
  }

  @Test
  void theShapesPlayTheSuitesRequestChain() {
    Map<String, String> stress =
        LocalRun.windowProperties(options("mixed", "stress"), "http://x", Path.of("/tmp/w"));
    assertThat(stress)
        .containsEntry("run.suite", "mixed")
        .containsEntry("baseUrl", "http://x")
        .doesNotContainKeys("run.rps", "run.seconds");
    assertThat(
            LocalRun.windowProperties(options("sessions", "soak"), "http://x", Path.of("/tmp/w")))
        .containsEntry("run.suite", "sessions");
    assertThat(LocalRun.windowProperties(options("config", "load"), "http://x", Path.of("/tmp/w")))
        .containsEntry("run.suite", "config")
        .containsEntry("run.rps", "50")
        .containsEntry("run.seconds", "30");
    assertThat(
            LocalRun.windowProperties(options("websocket", "load"), "http://x", Path.of("/tmp/w")))
        .doesNotContainKey("run.suite");
  }
}
