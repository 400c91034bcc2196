package dev.redline.simulations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuiteMixTest {

  @Test
  void everySuitesMixAddsUpToAllArrivals() {
    for (String suite : SuiteMix.SUITES) {
      double sum = SuiteMix.parts(suite).stream().mapToDouble(SuiteMix.Part::weight).sum();
      assertEquals(100.0, sum, 1e-9, suite);
    }
  }

  @Test
  void theMixedSuiteIsTheWholeRequestChainNotOnlyTheDashboard() {
    List<String> labels = SuiteMix.parts("mixed").stream().map(SuiteMix.Part::label).toList();
    assertEquals(
        List.of(
            "dashboard",
            "session list",
            "filtered session list",
            "model list",
            "one model",
            "config",
            "session create"),
        labels);
    assertEquals(
        List.of("dashboard"),
        SuiteMix.parts("dashboard").stream().map(SuiteMix.Part::label).toList());
  }

  @Test
  void theSuiteIsReadFromTheLaunchersPropertyAndAnUnknownOneIsNamed() {
    assertEquals(Optional.empty(), SuiteMix.named(null));
    assertEquals(Optional.empty(), SuiteMix.named("  "));
    assertEquals(Optional.of("sessions"), SuiteMix.named(" Sessions "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SuiteMix.named("websocket"));
    assertTrue(e.getMessage().contains("-Drun.suite=websocket"), e.getMessage());
  }
}
