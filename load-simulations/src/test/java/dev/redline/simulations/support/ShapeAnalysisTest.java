package dev.redline.simulations.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeAnalysisTest {

  private static final long T0 = 1_700_000_000_000L;

  /** Adds {@code count} requests spread over second {@code second}, each taking {@code ms}. */
  private static void fill(Timeline t, int second, int count, int ms, int errors) {
    for (int i = 0; i < count; i++) {
      t.add(T0 + second * 1000L + (i * 1000L / count), ms, i >= errors);
    }
  }

  @Test
  void kneeIsTheLastLevelBeforeTheFirstMiss() {
    Timeline t = new Timeline();
    // levels of 2 s at 10, 20, 30, 40 req/s; p95 target 100 ms
    for (int s = 0; s < 2; s++) fill(t, s, 10, 5, 0);
    for (int s = 2; s < 4; s++) fill(t, s, 20, 20, 0);
    for (int s = 4; s < 6; s++) fill(t, s, 30, 150, 0); // misses p95
    for (int s = 6; s < 8; s++) fill(t, s, 40, 30, 0); // holds again: does not move the knee
    ShapeAnalysis.Knee knee = ShapeAnalysis.knee(t, 0, 10, 10, 4, 2, 100, 1.0);
    assertEquals(20.0, knee.kneeRps());
    assertTrue(knee.saturated());
    assertEquals(4, knee.steps().size());
    assertEquals("CAPACITY KNEE: 20.0 req/s", knee.describe());
  }

  @Test
  void kneeCountsErrorsAgainstTheBudget() {
    Timeline t = new Timeline();
    for (int s = 0; s < 2; s++) fill(t, s, 100, 5, 0);
    for (int s = 2; s < 4; s++) fill(t, s, 100, 5, 2); // 2% errors, budget 1%
    ShapeAnalysis.Knee knee = ShapeAnalysis.knee(t, 0, 100, 100, 2, 2, 100, 1.0);
    assertEquals(100.0, knee.kneeRps());
    assertTrue(knee.saturated());
  }

  @Test
  void kneeNotReachedWhenEveryLevelHolds() {
    Timeline t = new Timeline();
    fill(t, 0, 5, 900, 0); // warm-up second, ignored through the offset
    for (int s = 1; s < 3; s++) fill(t, s, 10, 5, 0);
    for (int s = 3; s < 5; s++) fill(t, s, 20, 5, 0);
    ShapeAnalysis.Knee knee = ShapeAnalysis.knee(t, 1, 10, 10, 2, 2, 100, 1.0);
    assertFalse(knee.saturated());
    assertEquals(20.0, knee.kneeRps());
    assertTrue(knee.describe().startsWith("CAPACITY KNEE: not reached"));
  }

  @Test
  void kneeStopsWhereTheRateWasNotDelivered() {
    Timeline t = new Timeline();
    for (int s = 0; s < 2; s++) fill(t, s, 100, 5, 0);
    for (int s = 2; s < 4; s++) fill(t, s, 150, 5, 0); // target 200/s, only 150/s started
    ShapeAnalysis.Knee knee = ShapeAnalysis.knee(t, 0, 100, 100, 2, 2, 100, 1.0);
    assertEquals(100.0, knee.kneeRps());
    assertTrue(knee.saturated());
    assertEquals(200.0, knee.injectorSaturated().orElseThrow().targetRps());
    assertEquals(
        "CAPACITY KNEE: not measured, the injector saturated first: it started 150.0 of the"
            + " 200.0 req/s asked (the platform held its targets up to 100.0 req/s)",
        knee.describe());
  }

  @Test
  void aPlatformThatMissesItsTargetIsNoInjectorSaturation() {
    Timeline t = new Timeline();
    for (int s = 0; s < 2; s++) fill(t, s, 100, 5, 0);
    for (int s = 2; s < 4; s++) fill(t, s, 200, 150, 0); // all 200/s started, p95 over target
    ShapeAnalysis.Knee knee = ShapeAnalysis.knee(t, 0, 100, 100, 2, 2, 100, 1.0);
    assertTrue(knee.injectorSaturated().isEmpty());
    assertEquals("CAPACITY KNEE: 100.0 req/s", knee.describe());
  }

  @Test
  void recoveryIsSecondsFromSpikeEndUntilAWindowIsBackNearSteady() {
    Timeline t = new Timeline();
    for (int s = 0; s < 10; s++) fill(t, s, 20, 10, 0); // steady p95 10 ms
    for (int s = 10; s < 12; s++) fill(t, s, 200, 300, 0); // spike
    for (int s = 12; s < 15; s++) fill(t, s, 20, 200, 0); // still slow for 3 s
    for (int s = 15; s < 25; s++) fill(t, s, 20, 10, 0); // recovered
    ShapeAnalysis.Recovery r = ShapeAnalysis.recovery(t, 10, 2, 13, 2, 10, 2);
    assertEquals(10, r.steadyP95Ms());
    assertEquals(300, r.spikeP95Ms());
    assertEquals(12, r.thresholdMs());
    assertEquals(3, r.recoverySeconds());
  }

  @Test
  void recoveryReportsNeverWhenLatencyStaysHigh() {
    Timeline t = new Timeline();
    for (int s = 0; s < 10; s++) fill(t, s, 20, 10, 0);
    for (int s = 10; s < 20; s++) fill(t, s, 20, 100, 0);
    ShapeAnalysis.Recovery r = ShapeAnalysis.recovery(t, 10, 2, 8, 2, 10, 2);
    assertEquals(-1, r.recoverySeconds());
    assertTrue(r.describe().contains("not recovered"));
  }

  @Test
  void driftFailsBeyondLimitAndFloor() {
    Timeline t = new Timeline();
    for (int s = 0; s < 10; s++) fill(t, s, 20, 100, 0);
    for (int s = 10; s < 20; s++) fill(t, s, 20, 115, 0); // +15%, 15 ms
    ShapeAnalysis.Drift d = ShapeAnalysis.drift(t, 0, 20, 5, 10, 5);
    assertEquals(100, d.firstP95Ms());
    assertEquals(115, d.lastP95Ms());
    assertTrue(d.failed());
  }

  @Test
  void driftWithinNoiseFloorPasses() {
    Timeline t = new Timeline();
    for (int s = 0; s < 10; s++) fill(t, s, 20, 4, 0);
    for (int s = 10; s < 20; s++) fill(t, s, 20, 6, 0); // +50% but only 2 ms
    assertFalse(ShapeAnalysis.drift(t, 0, 20, 5, 10, 5).failed());
  }

  @Test
  void driftFailsOnAnyError() {
    Timeline t = new Timeline();
    for (int s = 0; s < 20; s++) fill(t, s, 20, 10, s == 7 ? 1 : 0);
    ShapeAnalysis.Drift d = ShapeAnalysis.drift(t, 0, 20, 5, 10, 5);
    assertEquals(1, d.errors());
    assertTrue(d.failed());
  }

  @Test
  void percentileIsNearestRank() {
    Timeline t = new Timeline();
    for (int i = 1; i <= 100; i++) t.add(T0 + i, i, true);
    Timeline.Window w = t.window(0, 1);
    assertEquals(95, w.percentileMs(95));
    assertEquals(99, w.percentileMs(99));
    assertEquals(100, w.percentileMs(100));
  }
}
