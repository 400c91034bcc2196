package dev.redline.checker.changepoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redline.checker.model.Run;
import dev.redline.checker.store.ChangePointLog;
import dev.redline.checker.store.LocalHistoryStore;
import dev.redline.checker.store.RunQuery;
import dev.redline.checker.store.StoreException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangePointAnalysisTest {
  private final ChangePointAnalysis analysis = new ChangePointAnalysis(EDivisive.defaults());

  @Test
  void namesTheCommitRangeAndSizeOfACodeShift() {
    ChangePointAnalysis.Result r = analysis.analyse(Nights.of(Nights.step(40, 1000, 25, 1.3)));
    assertThat(r.environment()).isEmpty();
    assertThat(r.changePoints()).hasSize(1);
    ChangePoint c = r.changePoints().get(0);
    assertThat(c.measurement()).isEqualTo(Nights.KEY);
    assertThat(c.lastBefore().commit()).isEqualTo("c0240000000");
    assertThat(c.firstAfter().commit()).isEqualTo("c0250000000");
    assertThat(c.changePct()).isBetween(28.0, 32.0);
    assertThat(c.pValue()).isLessThanOrEqualTo(0.001);
    assertThat(c.worse()).isTrue();
    assertThat(c.cause()).isEqualTo("code");
    assertThat(ChangePointText.blame(c)).isEqualTo("commits c024000000..c025000000");
  }

  @Test
  void blamesTheJdkNotTheCommitsForAShiftOnTheNightItChanged() {
    double[] v = Nights.step(40, 1000, 25, 0.8);
    List<Run> runs = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      runs.add(Nights.night(i, v[i], i < 25 ? "17.0.15" : "17.0.16"));
    }
    ChangePointAnalysis.Result r = analysis.analyse(runs);
    assertThat(r.environment())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo("jdk");
              assertThat(e.describe())
                  .isEqualTo("JDK 17.0.15 (Eclipse Adoptium) -> 17.0.16 (Eclipse Adoptium)");
              assertThat(e.after().commit()).isEqualTo("c0250000000");
            });
    ChangePoint c = r.changePoints().get(0);
    assertThat(c.cause()).isEqualTo("environment");
    assertThat(c.worse()).isFalse();
    assertThat(ChangePointText.blame(c)).startsWith("environment: JDK 17.0.15");
  }

  @Test
  void findsNothingOnSteadyNightsAndLeavesOutInvalidRuns() {
    List<Run> runs = new ArrayList<>(Nights.of(Nights.step(40, 1000, 40, 1)));
    for (int i = 10; i < 16; i++) {
      runs.set(i, runs.get(i).withValidity(false, "disturbed by a neighbour"));
    }
    double[] disturbed = Nights.step(40, 1000, 40, 1);
    for (int i = 10; i < 16; i++) {
      runs.set(i, Nights.night(i, disturbed[i] * 2, "17.0.15").withValidity(false, "disturbed"));
    }
    assertThat(analysis.analyse(runs).changePoints()).isEmpty();
  }

  @Test
  void aChangePointIsNewOnceAndAnAcknowledgementIsKeptWithTheHistory(@TempDir Path dir)
      throws Exception {
    LocalHistoryStore store = new LocalHistoryStore(dir);
    double[] v = Nights.step(45, 1000, 25, 1.3);
    for (int i = 0; i < 35; i++) {
      store.save(Nights.night(i, v[i], "17.0.15"));
    }
    RunQuery all = new RunQuery(null, null, null, null);
    ChangePointReview first = new ChangePointReview(store, dir, EDivisive.defaults());
    ChangePointReview.Review r1 = first.review(all, Instant.parse("2026-07-06T03:00:00Z"));
    assertThat(r1.fresh()).hasSize(1);
    String id = r1.fresh().get(0).id();

    for (int i = 35; i < 45; i++) {
      store.save(Nights.night(i, v[i], "17.0.15"));
    }
    ChangePointReview later = new ChangePointReview(store, dir, EDivisive.defaults());
    ChangePointReview.Review r2 = later.review(all, Instant.parse("2026-07-16T03:00:00Z"));
    assertThat(r2.fresh()).isEmpty();
    assertThat(r2.all()).extracting(ChangePoint::id).containsExactly(id);

    ChangePoint acked =
        later.acknowledge(
            all, id, "new JSON encoder, accepted", Instant.parse("2026-07-16T09:00:00Z"));
    assertThat(acked.acknowledged()).isTrue();
    ChangePointLog reread = new ChangePointLog(dir);
    assertThat(reread.get(id))
        .get()
        .satisfies(
            e -> {
              assertThat(e.acknowledged()).isTrue();
              assertThat(e.reason()).isEqualTo("new JSON encoder, accepted");
            });
    ChangePointReview.Review r3 =
        new ChangePointReview(store, dir, EDivisive.defaults())
            .review(all, Instant.parse("2026-07-17T03:00:00Z"));
    assertThat(r3.all()).singleElement().satisfies(c -> assertThat(c.acknowledged()).isTrue());
    assertThatThrownBy(() -> later.acknowledge(all, "cp-00000000", "x", Instant.now()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("No change point cp-00000000");
  }
}
