package dev.redline.checker.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redline.checker.decide.Comparison;
import dev.redline.checker.decide.DecisionConfig;
import dev.redline.checker.model.Run;
import dev.redline.checker.store.LocalHistoryStore;
import dev.redline.checker.store.StoreFixtures;
import dev.redline.checker.usecase.Compare.Mode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compare use case on a real local history: baseline choice, trend, reports, saving. */
class CompareTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void autoIsHistoryWithoutBaselineAbWithTwoRunsASideElseFile() {
    assertThat(Compare.effective(Mode.auto, 0, 5, false)).isEqualTo(Mode.history);
    assertThat(Compare.effective(Mode.auto, 2, 2, false)).isEqualTo(Mode.ab);
    assertThat(Compare.effective(Mode.auto, 1, 3, false)).isEqualTo(Mode.file);
    assertThat(Compare.effective(Mode.auto, 3, 3, true)).isEqualTo(Mode.file);
    assertThat(Compare.effective(Mode.file, 3, 3, false)).isEqualTo(Mode.file);
  }

  @Test
  void theHistoryBaselineIsTheLastGoodRunsOfTheBranchWithoutTheCurrentOnes() throws Exception {
    try (LocalHistoryStore store = new LocalHistoryStore(dir.resolve("history"))) {
      List<Run> main = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        main.add(run("main-" + i, "main", i));
      }
      Compare compare = new Compare(store, DecisionConfig.defaults());
      compare.save(main);
      compare.save(List.of(run("other-0", "feature", 6)));
      Run current = main.get(4);

      List<Run> base = compare.historyBaseline(List.of(current), "main", 3);

      assertThat(base).extracting(Run::id).hasSize(3).doesNotContain("main-4", "other-0");
      assertThat(compare.historyBaseline(List.of(current), "nosuch", 3)).isEmpty();
      assertThat(compare.noBaseline(current, "nosuch"))
          .hasMessageContaining("has no good run of MixedWorkloadSimulation (profile load)")
          .hasMessageContaining("on branch nosuch");
    }
  }

  @Test
  void savingTwiceSaysTheRunIsThere() throws Exception {
    try (LocalHistoryStore store = new LocalHistoryStore(dir.resolve("history"))) {
      Compare compare = new Compare(store, DecisionConfig.defaults());
      Run r = run("r", "main", 0);
      assertThat(compare.save(List.of(r))).singleElement().asString().startsWith("Saved run r to");
      assertThat(compare.save(List.of(r)))
          .singleElement()
          .asString()
          .contains("is already in")
          .endsWith("not stored again.");
      assertThat(compare.firstBaseline(r, "main")).contains("recorded this run as the first");
      assertThat(compare.firstBaseline(r.withValidity(false, "noisy"), "main"))
          .contains("(invalid, so not a baseline)");
    }
  }

  @Test
  void theTrendLeavesOutInvalidRunsButShowsTheCurrentOne() throws Exception {
    try (LocalHistoryStore store = new LocalHistoryStore(dir.resolve("history"))) {
      Compare compare = new Compare(store, DecisionConfig.defaults());
      Run good = run("good", "main", 0);
      Run bad = run("bad", "main", 1).withValidity(false, "injector saturated");
      Run current = run("current", "main", 2).withValidity(false, "too few arrivals");
      compare.save(List.of(good, bad, current));
      Comparison c =
          compare.decide(Mode.file, List.of(good), List.of(current), false, false, false);
      List<String> warnings = new ArrayList<>();

      assertThat(compare.trend(c, warnings::add))
          .extracting(Run::id)
          .containsExactly("good", "current");
      assertThat(warnings).isEmpty();
    }
  }

  @Test
  void reportsGoWhereTheyAreToldEachOverridable() throws Exception {
    try (LocalHistoryStore store = new LocalHistoryStore(dir.resolve("history"))) {
      Compare compare = new Compare(store, DecisionConfig.defaults());
      Run base = run("base", "main", 0);
      Run current = run("current", "main", 1);
      Comparison c =
          compare.decide(Mode.file, List.of(base), List.of(current), false, false, false);
      Path reports = dir.resolve("report");
      Path md = dir.resolve("elsewhere/summary.md");

      List<Path> written =
          compare.writeReports(c, Compare.Reports.in(reports, md, null, null), w -> {});

      assertThat(written)
          .containsExactly(md, reports.resolve("junit.xml"), reports.resolve("report.html"));
      written.forEach(p -> assertThat(p).isNotEmptyFile());
      assertThat(reports.resolve("verdicts.md")).doesNotExist();
      assertThat(Compare.Reports.in(null, null, null, null).files()).isEmpty();
    }
  }

  private static Run run(String id, String branch, int hour) {
    return StoreFixtures.run(id, branch, T0.plusSeconds(3600L * hour), 400, hour + 1);
  }
}
