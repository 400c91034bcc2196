package dev.redline.simulations.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class SimulationConfigTest {

  private static SimulationConfig config(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return new SimulationConfig(p);
  }

  @Test
  void fullSizeDefaultsAreTheIssuesTable() {
    SimulationConfig c = config();
    assertEquals("http://127.0.0.1:8080", c.baseUrl);
    assertEquals(100, c.dashboardRequests);
    assertEquals(10, c.dashboardUsers);
    assertEquals(50, c.wsConnections);
    assertEquals(20, c.wsListeners);
    assertEquals(20, c.configPutUpdates);
    assertEquals(30, c.mixedRequestsPerType);
    assertEquals(120, c.soakSeconds);
    assertEquals(SimulationConfig.TargetSet.DEFAULT, c.targets);
  }

  @Test
  void smokeSizeShrinksLoadButKeepsTargets() {
    SimulationConfig c = config("size", "smoke");
    assertTrue(c.smoke());
    assertTrue(c.dashboardRequests < 100);
    assertEquals(1000, c.dashboardMeanMs);
    assertEquals(95.0, c.dashboardSuccessPercent);
  }

  @Test
  void explicitPropertyWinsOverSize() {
    SimulationConfig c =
        config("size", "smoke", "dashboard.requests", "250", "baseUrl", "http://h:1/");
    assertEquals(250, c.dashboardRequests);
    assertEquals("http://h:1", c.baseUrl);
    assertEquals("ws://h:1", c.wsBaseUrl());
  }

  @Test
  void severalBaseUrlsSpreadTheLoadAndTheFirstIsTheOneForSetUp() {
    SimulationConfig c = config("baseUrl", "http://a:1/, http://b:2");
    assertEquals(java.util.List.of("http://a:1", "http://b:2"), c.baseUrls);
    assertEquals("http://a:1", c.baseUrl);
    assertThrows(IllegalArgumentException.class, () -> config("baseUrl", "http://a:1,b"));
  }

  @Test
  void strictTargetSetIsOneProperty() {
    assertEquals(SimulationConfig.TargetSet.STRICT, config("targets", "strict").targets);
  }

  @Test
  void rejectsBadValuesWithASentence() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> config("dashboard.users", "ten"));
    assertEquals("-Ddashboard.users=ten is not a number; expected 1..10000", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> config("size", "huge"));
    assertEquals("-Dsize=huge is not one of: full, smoke", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> config("baseUrl", "localhost"));
    assertThrows(
        IllegalArgumentException.class,
        () -> config("soak.seconds", "10", "soak.windowSeconds", "6"));
  }
}
