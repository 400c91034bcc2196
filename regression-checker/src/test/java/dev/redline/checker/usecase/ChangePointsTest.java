package dev.redline.checker.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.changepoint.EDivisive;
import dev.redline.checker.changepoint.Nights;
import dev.redline.checker.model.Run;
import dev.redline.checker.store.LocalHistoryStore;
import dev.redline.checker.store.RunQuery;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which change points a review shows: new ones once, acknowledged ones on request, since when. */
class ChangePointsTest {
  private static final RunQuery ALL = new RunQuery(null, null, null, null);
  private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  @TempDir Path history;

  @Test
  void smallerAlphaTakesMoreShufflesNeverFewerThanTheDefault() {
    assertThat(ChangePoints.permutations(0.01)).isEqualTo(EDivisive.DEFAULT_PERMUTATIONS);
    assertThat(ChangePoints.permutations(0.0001)).isEqualTo(19_999);
  }

  @Test
  void aShiftIsNewOnceAndHiddenOnceAcknowledged() throws Exception {
    try (LocalHistoryStore store = new LocalHistoryStore(history)) {
      for (Run r : Nights.of(Nights.step(40, 1000, 30, 1.15))) {
        store.save(r);
      }
      ChangePoints cp = new ChangePoints(store, history, 0.001);

      ChangePoints.Listing first = cp.list(ALL, NOW, null, true, false);
      assertThat(first.runs()).isEqualTo(40);
      assertThat(first.shown()).hasSize(1);
      assertThat(first.fresh()).isEqualTo(1);
      assertThat(cp.list(ALL, NOW, null, true, false).shown()).isEmpty();
      Instant after = first.shown().get(0).firstAfter().startedAt().plusSeconds(1);
      assertThat(cp.list(ALL, NOW, after, false, false).shown()).isEmpty();

      cp.acknowledge(ALL, first.shown().get(0).id(), "bigger payload", NOW);
      ChangePoints.Listing hidden = cp.list(ALL, NOW, null, false, false);
      assertThat(hidden.shown()).isEmpty();
      assertThat(hidden.acknowledged()).isEqualTo(1);
      assertThat(cp.list(ALL, NOW, null, false, true).shown()).hasSize(1);
    }
  }
}
